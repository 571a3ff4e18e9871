// Customers: newCustomerSubmit, with Specter's matching on e-mail, then org no.

#include "api_actions.hpp"
#include "api_error.hpp"
#include "api_key.hpp"
#include <skarv/text_encoding.hpp>

namespace skarv::sandbox::specter {

CustomerOutcome Store::submit_customer(const CustomerInput& in) {
    std::lock_guard lock(mutex_);
    SpecterCustomer* match = nullptr;
    if (!in.customer_id.empty()) {
        auto it = state_.customers.find(in.customer_id);
        if (it == state_.customers.end())
            throw ApiError(error_code::customer_not_found, "Customer '" + in.customer_id + "' not found");
        match = &it->second;
    }
    // [SEEN] Starweb FAQ: e-mail first, then org no / personal id no, each switchable off.
    if (!match && !in.ignore_email && !in.email.empty())
        for (auto& [id, c] : state_.customers)
            if (c.email == in.email) { match = &c; break; }
    if (!match && !in.ignore_org_no && !in.org_no.empty())
        for (auto& [id, c] : state_.customers)
            if (c.org_no == in.org_no) { match = &c; break; }

    auto fill = [&](SpecterCustomer& c) {
        c.organizational_form = in.organizational_form;
        c.name = in.name;
        c.email = in.email;
        c.org_no = in.org_no;
        c.fields = in.fields;
    };
    if (match) {
        // guess specter.customer-unforced, docs/guesses.md: without forceCustomerUpdate an existing customer is left as it is and
        // its number answered, so a resent customer never makes a second one.
        if (!in.force_update && in.customer_id.empty()) return {match->customer_id, "exists"};
        fill(*match);
        return {match->customer_id, "updated"};
    }
    SpecterCustomer c;
    c.customer_id = std::to_string(state_.next_customer++);
    fill(c);
    std::string id = c.customer_id;
    state_.customers.emplace(id, std::move(c));
    return {id, "created"};
}

Answer new_customer_submit(const Call& call) {
    const Params& p = call.params;
    CustomerInput in;
    in.customer_id = p.text("customerId");
    in.organizational_form = p.text("customerOrganizationalForm");
    in.name = skarv::text::latin1_to_utf8(customer_key_name(p));
    if (in.name.empty() || in.name == " ")
        throw ApiError(error_code::missing_parameter, "Missing name (name, or firstName and surName)");
    if (in.organizational_form.empty()) in.organizational_form.assign(1, p.has("name") ? 'C' : 'P');
    in.email = p.text("emailAddress");
    in.org_no = p.text("orgNo");
    in.force_update = p.flag("forceCustomerUpdate");
    in.ignore_email = p.flag("ignoreControlEmail");
    in.ignore_org_no = p.flag("ignoreControlOrgNo");
    static const char* const not_fields[] = {"action", "sbmid", "apiuserid", "key", "usexml",
                                             "forcecustomerupdate", "ignorecontrolemail",
                                             "ignorecontrolorgno", "customerid"};
    for (const auto& [name, value] : p.all_text()) {
        bool skip = false;
        for (const char* n : not_fields) skip = skip || lower(name) == n;
        if (!skip) in.fields[name] = value;
    }
    auto out = call.store.submit_customer(in);
    return Answer::success(out.customer_id, "Customer " + out.what);
}

}  // namespace skarv::sandbox::specter
