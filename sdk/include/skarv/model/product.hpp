#pragma once
// Product: a main article with its variants. A product without variants has one
// implicit variant whose SKU is the article number; ERPs without a variant structure
// (Visma) see each variant as an article of its own.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "skarv/json_reader.hpp"
#include "skarv/model/money.hpp"
#include "skarv/model/vat.hpp"

namespace skarv::model {

struct Variant {
    std::string sku;                                  // the article number of this variant
    std::string name;
    std::map<std::string, std::string> attributes;    // "Färg" -> "Blå", "Storlek" -> "M"
    std::optional<std::string> ean;
    std::optional<Money> price_ex_vat;                // unset: the product's price
    bool active = true;
};

struct Product {
    std::string article_number;                       // matching key between systems
    std::string name;
    std::string description;                          // may hold HTML
    VatRateBp vat_rate_bp = 2500;
    std::optional<Money> price_ex_vat;
    std::map<std::string, std::string> attributes;    // product-level: brand, category...
    std::vector<Variant> variants;
    bool active = true;
};

inline boost::json::object attributes_to_json(const std::map<std::string, std::string>& attributes) {
    boost::json::object o;
    for (const auto& [k, v] : attributes) o[k] = v;
    return o;
}
inline std::map<std::string, std::string> read_attributes(const JsonReader& r, std::string_view key) {
    std::map<std::string, std::string> out;
    if (!r.has(key)) return out;
    const auto& v = r.value(key);
    if (!v.is_object()) throw RecordError(r.at(key), "expected an object of strings");
    for (const auto& [k, val] : v.get_object()) {
        if (!val.is_string()) throw RecordError(r.at(key) + "." + std::string(k), "expected a string");
        out[std::string(k)] = std::string(val.get_string());
    }
    return out;
}

inline void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const Variant& x) {
    boost::json::object o{{"sku", x.sku}, {"name", x.name}, {"attributes", attributes_to_json(x.attributes)},
                          {"active", x.active}};
    if (x.ean) o["ean"] = *x.ean;
    if (x.price_ex_vat) o["price_ex_vat"] = boost::json::value_from(*x.price_ex_vat);
    v = std::move(o);
}
inline Variant read_variant(const boost::json::value& v, const std::string& path) {
    JsonReader r(v, path);
    Variant x;
    x.sku = r.string("sku");
    if (x.sku.empty()) throw RecordError(r.at("sku"), "must not be empty");
    x.name = r.string_or("name", "");
    x.attributes = read_attributes(r, "attributes");
    x.ean = r.optional_string("ean");
    if (r.has("price_ex_vat")) x.price_ex_vat = read_money(r.value("price_ex_vat"), r.at("price_ex_vat"));
    x.active = r.boolean_or("active", true);
    return x;
}

inline void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const Product& p) {
    boost::json::object o{{"article_number", p.article_number}, {"name", p.name},
                          {"description", p.description}, {"vat_rate_bp", p.vat_rate_bp},
                          {"attributes", attributes_to_json(p.attributes)},
                          {"variants", boost::json::value_from(p.variants)}, {"active", p.active}};
    if (p.price_ex_vat) o["price_ex_vat"] = boost::json::value_from(*p.price_ex_vat);
    v = std::move(o);
}
inline Product read_product(const boost::json::value& v, const std::string& path = "product") {
    JsonReader r(v, path);
    Product p;
    p.article_number = r.string("article_number");
    if (p.article_number.empty()) throw RecordError(r.at("article_number"), "must not be empty");
    p.name = r.string("name");
    p.description = r.string_or("description", "");
    auto rate = r.integer_or("vat_rate_bp", 2500);
    if (rate < 0 || rate > 10000) throw RecordError(r.at("vat_rate_bp"), "out of range 0..10000");
    p.vat_rate_bp = static_cast<VatRateBp>(rate);
    if (r.has("price_ex_vat")) p.price_ex_vat = read_money(r.value("price_ex_vat"), r.at("price_ex_vat"));
    p.attributes = read_attributes(r, "attributes");
    p.variants = r.list<Variant>("variants", read_variant);
    p.active = r.boolean_or("active", true);
    return p;
}

}  // namespace skarv::model
