#pragma once
// Order: what a customer bought in one channel. Prices on orders include VAT, as a
// Swedish consumer shop shows them; the VAT per rate is derived, never stored apart, so
// the order's total and its VAT cannot disagree.

#include <optional>
#include <string>
#include <vector>

#include "skarv/json_reader.hpp"
#include "skarv/model/customer.hpp"
#include "skarv/model/money.hpp"
#include "skarv/model/vat.hpp"

namespace skarv::model {

struct OrderLine {
    std::string sku;
    std::string name;
    int64_t quantity = 1;
    Money unit_price_inc_vat;
    VatRateBp vat_rate_bp = 2500;
    Money discount_inc_vat;          // discount on this line, for the whole quantity

    Money total_inc_vat() const { return unit_price_inc_vat.times(quantity) - discount_inc_vat; }
};

// An order-level discount (voucher, campaign). Carries its own VAT rate because a
// discount reduces the VAT of the goods it applies to.
struct Discount {
    std::string code;
    std::string description;
    Money amount_inc_vat;            // positive: the amount taken off
    VatRateBp vat_rate_bp = 2500;
};

struct Shipping {
    std::string method;              // shop's delivery method, e.g. "postnord-ombud"
    std::string carrier;             // "PostNord", "DHL", ...
    Money price_inc_vat;
    VatRateBp vat_rate_bp = 2500;    // freight follows the main rate of the goods
};

struct Payment {
    std::string method;              // "klarna", "nets", "svea", "swish", "invoice", "card"
    std::string reference;           // the PSP's id for capture and settlement matching
    Money amount;                    // authorised amount
};

struct Order {
    std::string order_id;            // the shop's reference: the exactly-once key
    std::string order_number;        // what the customer sees, if it differs
    int channel = 1;                 // the shop / application / market
    std::string created_at;          // ISO 8601
    std::string status;              // the shop's status name
    std::string currency = "SEK";
    Customer customer;
    Address billing_address;
    Address shipping_address;
    std::vector<OrderLine> lines;
    std::vector<Discount> discounts;
    std::optional<Shipping> shipping;
    std::optional<Payment> payment;
    std::string note;

    VatBreakdown vat_breakdown() const {
        VatBreakdown b(currency);
        for (const auto& l : lines) b.add_inclusive(l.total_inc_vat(), l.vat_rate_bp);
        for (const auto& d : discounts) b.add_inclusive(-d.amount_inc_vat, d.vat_rate_bp);
        if (shipping) b.add_inclusive(shipping->price_inc_vat, shipping->vat_rate_bp);
        return b;
    }
    Money total_inc_vat() const { return vat_breakdown().total_gross(); }
};

inline void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const OrderLine& l) {
    v = {{"sku", l.sku}, {"name", l.name}, {"quantity", l.quantity},
         {"unit_price_inc_vat", boost::json::value_from(l.unit_price_inc_vat)},
         {"vat_rate_bp", l.vat_rate_bp}, {"discount_inc_vat", boost::json::value_from(l.discount_inc_vat)}};
}
inline void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const Discount& d) {
    v = {{"code", d.code}, {"description", d.description},
         {"amount_inc_vat", boost::json::value_from(d.amount_inc_vat)}, {"vat_rate_bp", d.vat_rate_bp}};
}
inline void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const Shipping& s) {
    v = {{"method", s.method}, {"carrier", s.carrier},
         {"price_inc_vat", boost::json::value_from(s.price_inc_vat)}, {"vat_rate_bp", s.vat_rate_bp}};
}
inline void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const Payment& p) {
    v = {{"method", p.method}, {"reference", p.reference}, {"amount", boost::json::value_from(p.amount)}};
}
inline void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const Order& o) {
    auto breakdown = o.vat_breakdown();
    boost::json::object j{{"order_id", o.order_id}, {"order_number", o.order_number}, {"channel", o.channel},
                          {"created_at", o.created_at}, {"status", o.status}, {"currency", o.currency},
                          {"customer", boost::json::value_from(o.customer)},
                          {"billing_address", boost::json::value_from(o.billing_address)},
                          {"shipping_address", boost::json::value_from(o.shipping_address)},
                          {"lines", boost::json::value_from(o.lines)},
                          {"discounts", boost::json::value_from(o.discounts)}, {"note", o.note},
                          // Derived, written for readers' convenience; checked on the way in.
                          {"vat", boost::json::value_from(breakdown.amounts())},
                          {"total_inc_vat", boost::json::value_from(breakdown.total_gross())}};
    if (o.shipping) j["shipping"] = boost::json::value_from(*o.shipping);
    if (o.payment) j["payment"] = boost::json::value_from(*o.payment);
    v = std::move(j);
}

inline VatRateBp read_rate(const JsonReader& r, std::string_view key) {
    auto rate = r.integer_or(key, 2500);
    if (rate < 0 || rate > 10000) throw RecordError(r.at(key), "out of range 0..10000");
    return static_cast<VatRateBp>(rate);
}

// Reads an order and checks every amount is in the order's currency and, when the
// document states a total, that it matches the lines to the öre.
inline Order read_order(const boost::json::value& v, const std::string& path = "order") {
    JsonReader r(v, path);
    Order o;
    o.order_id = r.string("order_id");
    if (o.order_id.empty()) throw RecordError(r.at("order_id"), "must not be empty");
    o.order_number = r.string_or("order_number", o.order_id);
    o.channel = static_cast<int>(r.integer_in("channel", 1, 1, 100000));
    o.created_at = r.string_or("created_at", "");
    o.status = r.string_or("status", "");
    o.currency = r.string_or("currency", "SEK");
    auto money = [&](const JsonReader& rr, std::string_view key) {
        Money m = read_money(rr.value(key), rr.at(key));
        if (m.currency() != o.currency) throw RecordError(rr.at(key), "currency " + m.currency() + " differs from the order's " + o.currency);
        return m;
    };
    auto money_or_zero = [&](const JsonReader& rr, std::string_view key) {
        return rr.has(key) ? money(rr, key) : Money::zero(o.currency);
    };
    if (r.has("customer")) o.customer = read_customer(r.value("customer"), r.at("customer"));
    o.billing_address = r.has("billing_address") ? read_address(r.value("billing_address"), r.at("billing_address"))
                                                 : o.customer.billing;
    o.shipping_address = r.has("shipping_address") ? read_address(r.value("shipping_address"), r.at("shipping_address"))
                                                   : o.customer.shipping;
    o.lines = r.list<OrderLine>("lines", [&](const boost::json::value& e, const std::string& p) {
        JsonReader lr(e, p);
        OrderLine l;
        l.sku = lr.string("sku");
        if (l.sku.empty()) throw RecordError(lr.at("sku"), "must not be empty");
        l.name = lr.string_or("name", "");
        l.quantity = lr.integer("quantity");
        if (l.quantity <= 0) throw RecordError(lr.at("quantity"), "must be positive");
        l.unit_price_inc_vat = money(lr, "unit_price_inc_vat");
        l.vat_rate_bp = read_rate(lr, "vat_rate_bp");
        l.discount_inc_vat = money_or_zero(lr, "discount_inc_vat");
        return l;
    });
    if (o.lines.empty()) throw RecordError(r.at("lines"), "an order needs at least one line");
    o.discounts = r.list<Discount>("discounts", [&](const boost::json::value& e, const std::string& p) {
        JsonReader dr(e, p);
        return Discount{dr.string_or("code", ""), dr.string_or("description", ""), money(dr, "amount_inc_vat"),
                        read_rate(dr, "vat_rate_bp")};
    });
    if (r.has("shipping")) {
        JsonReader sr = r.child("shipping");
        o.shipping = Shipping{sr.string_or("method", ""), sr.string_or("carrier", ""), money_or_zero(sr, "price_inc_vat"),
                              read_rate(sr, "vat_rate_bp")};
    }
    if (r.has("payment")) {
        JsonReader pr = r.child("payment");
        o.payment = Payment{pr.string("method"), pr.string_or("reference", ""), money_or_zero(pr, "amount")};
    }
    o.note = r.string_or("note", "");
    if (r.has("total_inc_vat")) {
        Money stated = money(r, "total_inc_vat");
        if (stated != o.total_inc_vat())
            throw RecordError(r.at("total_inc_vat"), "states " + stated.to_string() + " but the lines add up to " +
                                                         o.total_inc_vat().to_string());
    }
    return o;
}

}  // namespace skarv::model
