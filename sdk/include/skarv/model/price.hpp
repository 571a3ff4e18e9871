#pragma once
// Price: what one SKU costs in one price list. PriceList: a named list that applies to a
// customer group and/or a channel (the shop's "price list per application").

#include <optional>
#include <string>
#include <vector>

#include "skarv/json_reader.hpp"
#include "skarv/model/money.hpp"

namespace skarv::model {

struct Price {
    std::string sku;
    std::string price_list;          // "" = the base (list) price
    Money price_ex_vat;
    std::optional<Money> compare_at_ex_vat;   // the "was" price shown struck through
    int64_t min_quantity = 1;        // quantity breaks
};

struct PriceList {
    std::string code;                // e.g. "RETAIL", "B2B-GOLD"
    std::string name;
    std::string currency = "SEK";
    std::optional<std::string> customer_group;   // who gets it
    std::optional<int> channel;                   // which shop (application) it belongs to
    std::vector<Price> prices;
};

inline void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const Price& p) {
    boost::json::object o{{"sku", p.sku}, {"price_list", p.price_list},
                          {"price_ex_vat", boost::json::value_from(p.price_ex_vat)},
                          {"min_quantity", p.min_quantity}};
    if (p.compare_at_ex_vat) o["compare_at_ex_vat"] = boost::json::value_from(*p.compare_at_ex_vat);
    v = std::move(o);
}
inline Price read_price(const boost::json::value& v, const std::string& path = "price") {
    JsonReader r(v, path);
    Price p;
    p.sku = r.string("sku");
    p.price_list = r.string_or("price_list", "");
    p.price_ex_vat = read_money(r.value("price_ex_vat"), r.at("price_ex_vat"));
    if (r.has("compare_at_ex_vat")) p.compare_at_ex_vat = read_money(r.value("compare_at_ex_vat"), r.at("compare_at_ex_vat"));
    p.min_quantity = r.integer_or("min_quantity", 1);
    return p;
}

inline void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const PriceList& l) {
    boost::json::object o{{"code", l.code}, {"name", l.name}, {"currency", l.currency},
                          {"prices", boost::json::value_from(l.prices)}};
    if (l.customer_group) o["customer_group"] = *l.customer_group;
    if (l.channel) o["channel"] = *l.channel;
    v = std::move(o);
}
inline PriceList read_price_list(const boost::json::value& v, const std::string& path = "price_list") {
    JsonReader r(v, path);
    PriceList l;
    l.code = r.string("code");
    l.name = r.string_or("name", l.code);
    l.currency = r.string_or("currency", "SEK");
    l.customer_group = r.optional_string("customer_group");
    if (r.has("channel")) l.channel = static_cast<int>(r.integer_in("channel", 1, 1, 100000));
    l.prices = r.list<Price>("prices", [](const boost::json::value& e, const std::string& p) { return read_price(e, p); });
    for (std::size_t i = 0; i < l.prices.size(); ++i)
        if (l.prices[i].price_ex_vat.currency() != l.currency)
            throw RecordError(r.at("prices") + "[" + std::to_string(i) + "]", "currency differs from the list's " + l.currency);
    return l;
}

}  // namespace skarv::model
