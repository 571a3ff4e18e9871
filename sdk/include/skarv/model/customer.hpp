#pragma once
// Customer: a person or a company, with the addresses an order needs.

#include <optional>
#include <string>

#include "skarv/json_reader.hpp"

namespace skarv::model {

struct Address {
    std::string name;                // addressee line: person or company
    std::string attention;           // "att:" / c/o
    std::string street;
    std::string street2;
    std::string postal_code;
    std::string city;
    std::string country = "SE";      // ISO 3166-1 alpha-2
    std::string phone;
};

struct Customer {
    std::string customer_number;     // the shop's number; the ERP may assign its own
    bool is_company = false;
    std::string first_name, last_name, company_name;
    std::optional<std::string> org_number;   // company: "556677-8899"; person: personnummer if given
    std::optional<std::string> vat_number;   // EU VAT number, e.g. "SE556677889901"
    std::string email, phone;
    std::optional<std::string> customer_group;
    Address billing;
    Address shipping;

    std::string display_name() const {
        return is_company ? company_name : first_name + (last_name.empty() ? "" : " " + last_name);
    }
};

inline void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const Address& a) {
    v = {{"name", a.name}, {"attention", a.attention}, {"street", a.street}, {"street2", a.street2},
         {"postal_code", a.postal_code}, {"city", a.city}, {"country", a.country}, {"phone", a.phone}};
}
inline Address read_address(const boost::json::value& v, const std::string& path) {
    JsonReader r(v, path);
    Address a;
    a.name = r.string_or("name", "");
    a.attention = r.string_or("attention", "");
    a.street = r.string_or("street", "");
    a.street2 = r.string_or("street2", "");
    a.postal_code = r.string_or("postal_code", "");
    a.city = r.string_or("city", "");
    a.country = r.string_or("country", "SE");
    a.phone = r.string_or("phone", "");
    return a;
}

inline void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const Customer& c) {
    boost::json::object o{{"customer_number", c.customer_number}, {"type", c.is_company ? "company" : "person"},
                          {"first_name", c.first_name}, {"last_name", c.last_name},
                          {"company_name", c.company_name}, {"email", c.email}, {"phone", c.phone},
                          {"billing", boost::json::value_from(c.billing)},
                          {"shipping", boost::json::value_from(c.shipping)}};
    if (c.org_number) o["org_number"] = *c.org_number;
    if (c.vat_number) o["vat_number"] = *c.vat_number;
    if (c.customer_group) o["customer_group"] = *c.customer_group;
    v = std::move(o);
}
inline Customer read_customer(const boost::json::value& v, const std::string& path = "customer") {
    JsonReader r(v, path);
    Customer c;
    c.customer_number = r.string_or("customer_number", "");
    auto type = r.string_or("type", "person");
    if (type != "person" && type != "company") throw RecordError(r.at("type"), "expected \"person\" or \"company\"");
    c.is_company = type == "company";
    c.first_name = r.string_or("first_name", "");
    c.last_name = r.string_or("last_name", "");
    c.company_name = r.string_or("company_name", "");
    if (c.is_company && c.company_name.empty()) throw RecordError(r.at("company_name"), "required for a company");
    c.org_number = r.optional_string("org_number");
    c.vat_number = r.optional_string("vat_number");
    c.email = r.string_or("email", "");
    c.phone = r.string_or("phone", "");
    c.customer_group = r.optional_string("customer_group");
    if (r.has("billing")) c.billing = read_address(r.value("billing"), r.at("billing"));
    c.shipping = r.has("shipping") ? read_address(r.value("shipping"), r.at("shipping")) : c.billing;
    return c;
}

}  // namespace skarv::model
