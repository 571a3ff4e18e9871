#include "customers.hpp"

#include <algorithm>
#include <cctype>

namespace visma {

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// E-mail addresses are compared without case (the shop's are lower-cased already).
std::optional<std::string> first_match(const Context& ctx, int field, const std::string& value, const std::string& label,
                                       bool ignore_case) {
    Record k(ctx.adk, adk::db::customer, label);
    if (!k.first_equal(field, value, ignore_case)) return std::nullopt;
    return k.str(adk::customer::number);
}

}  // namespace

CustomerResult find_or_create_customer(const Context& ctx, const skarv::model::Order& order, const std::string& label) {
    const auto& c = order.customer;
    const std::string email = lower(c.email);
    const bool shop_numbers = ctx.config.customer_numbers == CustomerNumbers::shop;
    if (shop_numbers && !c.customer_number.empty()) {
        Record k(ctx.adk, adk::db::customer, label);
        k.sort(adk::sort::customer_nr);
        k.set_str(adk::customer::number, c.customer_number, "customer number");
        if (k.find()) return {k.str(adk::customer::number), false};
    }
    if (c.org_number && !c.org_number->empty())
        if (auto n = first_match(ctx, adk::customer::organisation_number, *c.org_number, label, false)) return {*n, false};
    if (!email.empty())
        if (auto n = first_match(ctx, adk::customer::email, email, label, true)) return {*n, false};

    Record k(ctx.adk, adk::db::customer, label + ": new customer " + c.display_name());
    // Left empty, the number comes from Visma's own customer series.
    if (shop_numbers && !c.customer_number.empty()) k.set_str(adk::customer::number, c.customer_number, "customer number");
    const auto& billing = order.billing_address.street.empty() ? c.billing : order.billing_address;
    const auto& shipping = order.shipping_address.street.empty() ? c.shipping : order.shipping_address;
    std::string name = c.display_name();
    if (name.empty()) name = billing.name;
    k.set_text(adk::customer::name, name);
    k.set_text(adk::customer::mailing_address, billing.street);
    k.set_text(adk::customer::mailing_address2, billing.street2);
    k.set_text(adk::customer::zipcode, billing.postal_code);
    k.set_text(adk::customer::city, billing.city);
    k.set_text(adk::customer::code_of_country, billing.country);
    if (!shipping.street.empty() && (shipping.street != billing.street || shipping.postal_code != billing.postal_code)) {
        k.set_text(adk::customer::delivery_name, shipping.name.empty() ? name : shipping.name);
        k.set_text(adk::customer::delivery_address, shipping.street);
        k.set_text(adk::customer::delivery_address2, shipping.street2);
        k.set_text(adk::customer::delivery_zipcode, shipping.postal_code);
        k.set_text(adk::customer::delivery_city, shipping.city);
        k.set_text(adk::customer::delivery_code_of_country, shipping.country);
    }
    if (c.is_company) k.set_text(adk::customer::reference, c.first_name + (c.last_name.empty() ? "" : " " + c.last_name));
    if (c.org_number) k.set_text(adk::customer::organisation_number, *c.org_number);
    if (c.vat_number) k.set_text(adk::customer::vat_number, *c.vat_number);   // guess visma.customer-vat-number, docs/guesses.md
    if (!email.empty()) k.set_str(adk::customer::email, email, "e-mail");
    const std::string phone = c.phone.empty() ? billing.phone : c.phone;
    if (!phone.empty()) k.set_text(adk::customer::telephone, phone);
    const std::string list = ctx.config.price_list_for(c.customer_group, order.channel);
    if (!list.empty()) k.set_str(adk::customer::price_list, list, "price list");
    k.set_str(adk::customer::code_of_currency, order.currency, "currency");
    k.set_flag(adk::customer::wscustomer, true);
    k.add();
    const std::string number = k.str(adk::customer::number);
    ctx.host.info(label + ": created customer " + number + " (" + name + ")");
    return {number, true};
}

}  // namespace visma
