#include "customers.hpp"

namespace specter {

namespace {
std::string field(const Fields& fields, const std::string& name) {
    for (const auto& [k, v] : fields)
        if (k == name) return v;
    return "";
}
}  // namespace

Fields customer_fields(const skarv::model::Order& order, const Config& config) {
    const auto& c = order.customer;
    const auto& bill = order.billing_address;
    const auto& ship = order.shipping_address;
    Fields f;
    auto add = [&](const char* name, const std::string& value) {
        if (!value.empty()) f.emplace_back(name, value);
    };
    if (c.is_company) {
        f.emplace_back("customerOrganizationalForm", "C");
        f.emplace_back("name", c.company_name);
        add("attention", bill.attention);
        add("contactPerson", c.first_name + (c.last_name.empty() ? "" : " " + c.last_name));
    } else {
        std::string first = c.first_name, last = c.last_name;
        // A guest checkout may carry only the address line's name; Specter needs one.
        if (first.empty() && last.empty()) first = bill.name.empty() ? c.email : bill.name;
        f.emplace_back("customerOrganizationalForm", "P");
        f.emplace_back("firstName", first);
        f.emplace_back("surName", last);
    }
    if (config.customer_numbers == "shop")
        // guess specter.customer-number, docs/guesses.md
        add("customerNo", c.customer_number);
    add("currency", order.currency);
    add("language", config.language);
    add("orgNo", c.org_number.value_or(""));
    add("vatNo", c.vat_number.value_or(""));
    add("emailAddress", c.email);
    add("phoneNo", c.phone.empty() ? bill.phone : c.phone);
    if (c.customer_group && !c.customer_group->empty() &&
        c.customer_group->find_first_not_of("0123456789") == std::string::npos)
        f.emplace_back("customerGroupId", *c.customer_group);
    add("invoiceCompanyName", bill.name);
    add("address", bill.street);
    add("addressRow2", bill.street2);
    add("zipCodeEng", bill.postal_code);
    add("city", bill.city);
    add("countryCode", bill.country);
    add("deliveryCompanyName", ship.name);
    add("deliveryAttention", ship.attention);
    add("deliveryAddress", ship.street);
    add("deliveryAddressRow2", ship.street2);
    add("deliveryZipCodeEng", ship.postal_code);
    add("deliveryCity", ship.city);
    add("deliveryCountryCode", ship.country);
    if (config.update_customers) f.emplace_back("forceCustomerUpdate", "1");
    return f;
}

std::string customer_key_value(const Fields& fields) {
    if (field(fields, "customerOrganizationalForm") == "C") return field(fields, "name");
    return field(fields, "firstName") + " " + field(fields, "surName");
}

std::string submit_customer(const ApiClient& api, const skarv::model::Order& order) {
    auto fields = customer_fields(order, api.config());
    std::string what = "order " + order.order_id + ", customer " +
                       (order.customer.customer_number.empty() ? order.customer.email : order.customer.customer_number);
    auto answer = require_ok(api.put("newCustomerSubmit", customer_key_value(fields), fields, what),
                             "newCustomerSubmit", what);
    if (answer.id.empty())
        throw skarv::PluginError::retryable("malformed_answer", what + ": newCustomerSubmit answered no customerId");
    return answer.id;
}

}  // namespace specter
