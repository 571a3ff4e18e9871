// Rules on money: price adjustments with explicit rounding, rounding to whole units,
// extra order rows (fees, gift wrap) and VAT rates. All arithmetic is on integers in
// minor units through skarv::model::Money; a binary float never touches an amount.
#include <charconv>
#include <map>

#include <skarv/records.hpp>

#include "json_text.hpp"
#include "record_failure.hpp"
#include "rule.hpp"
#include "rule_config.hpp"
#include "safe_regex.hpp"

namespace skarv::custom::rules {
namespace {

using model::Money;

// An exact decimal such as 12.5 as 125/10: percentages are read without a float's error.
struct Decimal {
    int64_t numerator = 0;
    int64_t denominator = 1;
};

Decimal read_decimal(const JsonReader& c, std::string_view key) {
    const auto& v = c.value(key);
    std::string text;
    if (v.is_string()) {
        text = std::string(v.get_string());
    } else if (v.is_number()) {
        if (auto i = exact_integer(v)) return {*i, 1};
        // The shortest text that reads back as the same double: 12.5, not 12.4999999.
        char buffer[64];
        auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v.to_number<double>(), std::chars_format::fixed);
        if (ec != std::errc()) throw RecordError(c.at(key), "expected a decimal number");
        text.assign(buffer, end);
    } else {
        throw RecordError(c.at(key), "expected a decimal number such as 12.5");
    }
    Decimal d;
    bool negative = false, point = false, digits = false;
    std::size_t i = 0;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
    for (; i < text.size(); ++i) {
        char ch = text[i];
        if (ch == '.' && !point) { point = true; continue; }
        if (ch < '0' || ch > '9') throw RecordError(c.at(key), "'" + text + "' is not a decimal number");
        if (d.numerator > 100'000'000'000LL || (point && d.denominator >= 1'000'000'000LL))
            throw RecordError(c.at(key), "'" + text + "' has too many digits");
        d.numerator = d.numerator * 10 + (ch - '0');
        if (point) d.denominator *= 10;
        digits = true;
    }
    if (!digits) throw RecordError(c.at(key), "'" + text + "' is not a decimal number");
    if (negative) d.numerator = -d.numerator;
    return d;
}

enum class Rounding { none, ore, whole_units, ending_9 };

Rounding read_rounding(const JsonReader& c) {
    auto r = c.string_or("rounding", "ore");
    if (r == "none") return Rounding::none;
    if (r == "ore") return Rounding::ore;
    if (r == "whole_krona" || r == "whole_units") return Rounding::whole_units;
    if (r == "ending_9") return Rounding::ending_9;
    throw RecordError(c.at("rounding"), "expected none, ore, whole_krona or ending_9");
}

__int128 floor_div(__int128 a, __int128 b) {
    __int128 q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
    return q;
}

int64_t narrow(__int128 v) {
    if (v > INT64_MAX || v < INT64_MIN) throw RecordFailure("amount out of range");
    return static_cast<int64_t>(v);
}

// numerator/denominator minor units, rounded by `rule` in `currency`.
int64_t round_exact(__int128 numerator, __int128 denominator, Rounding rule, const std::string& currency) {
    if (denominator < 0) { numerator = -numerator; denominator = -denominator; }
    __int128 unit = 1;
    for (int i = 0; i < model::minor_digits(currency); ++i) unit *= 10;
    switch (rule) {
        case Rounding::none:
            if (numerator % denominator != 0)
                throw RecordFailure("the result is not a whole minor unit of " + currency +
                                    " and the rule's rounding is none");
            return narrow(numerator / denominator);
        case Rounding::ore: return model::round_div(numerator, denominator);
        case Rounding::whole_units: return narrow(static_cast<__int128>(model::round_div(numerator, denominator * unit)) * unit);
        case Rounding::ending_9: {
            // The nearest whole amount ending in 9 (ties upward), never below 9 units:
            // 123.40 -> 119, 124.00 -> 129. Negative amounts mirror positive ones.
            bool negative = numerator < 0;
            if (negative) numerator = -numerator;
            __int128 k = floor_div(2 * numerator - 8 * unit * denominator, 20 * unit * denominator);
            if (k < 0) k = 0;
            __int128 result = (10 * k + 9) * unit;
            return narrow(negative ? -result : result);
        }
    }
    return 0;
}

class PriceAdjust : public Rule {
public:
    explicit PriceAdjust(const JsonReader& c) : field_(read_target(c, "field")), rounding_(read_rounding(c)) {
        allow_only(c, {"field", "percent", "amount", "rounding"});
        if (c.has("percent") == c.has("amount")) throw RecordError(c.at("percent"), "give either percent or amount");
        if (c.has("percent")) percent_ = read_decimal(c, "percent");
        else amount_ = model::read_money(c.value("amount"), c.at("amount"));
    }
    Outcome apply(boost::json::value& record, const Subject&, Effects& effects) const override {
        for (auto& [where, v] : field_.locate(record)) {
            if (v->is_null()) continue;
            Money price = money_at(*v, where);
            __int128 numerator, denominator;
            if (percent_) {
                // price * (100 + p) / 100 with p = n/d: price * (100d + n) / (100d).
                denominator = static_cast<__int128>(100) * percent_->denominator;
                numerator = static_cast<__int128>(price.minor()) * (denominator + percent_->numerator);
            } else {
                if (amount_->currency() != price.currency())
                    throw RecordFailure(where + " is in " + price.currency() + ", the adjustment in " + amount_->currency());
                numerator = static_cast<__int128>(price.minor()) + amount_->minor();
                denominator = 1;
            }
            int64_t adjusted = round_exact(numerator, denominator, rounding_, price.currency());
            if (price.minor() >= 0 && adjusted < 0)
                throw RecordFailure(where + " would become negative (" + Money(adjusted, price.currency()).to_string() + ")");
            *v = boost::json::value_from(Money(adjusted, price.currency()));
            effects.money_changed = true;
        }
        return {};
    }

private:
    Path field_;
    Rounding rounding_;
    std::optional<Decimal> percent_;
    std::optional<Money> amount_;
};

model::Order read_order_or_fail(const boost::json::value& record, const char* rule) {
    if (!record.is_object() || !record.get_object().contains("lines"))
        throw RecordFailure(std::string(rule) + " applies to orders, and this record has no lines");
    boost::json::value copy = record;
    // The stated totals may already be stale from earlier rules; they are restated at the end.
    copy.get_object().erase("total_inc_vat");
    return model::read_order(copy, "order");
}

class RoundToWholeUnits : public Rule {
public:
    explicit RoundToWholeUnits(const JsonReader& c)
        : sku_(c.string_or("sku", "ORESAVRUNDNING")), name_(c.string_or("name", "Öresavrundning")) {
        allow_only(c, {"field", "sku", "name"});
        if (c.has("field")) field_ = read_target(c, "field");
    }
    Outcome apply(boost::json::value& record, const Subject&, Effects& effects) const override {
        if (field_) {
            for (auto& [where, v] : field_->locate(record)) {
                if (v->is_null()) continue;
                Money m = money_at(*v, where);
                Money rounded = m + model::rounding_to_whole_units(m);
                if (rounded != m) effects.money_changed = true;
                *v = boost::json::value_from(rounded);
            }
            return {};
        }
        // Without a field: the order's total to whole units on a row of its own, as an
        // invoice shows öresavrundning, so no line's price is bent.
        auto order = read_order_or_fail(record, "round_to_whole_units");
        Money adjustment = model::rounding_to_whole_units(order.total_inc_vat());
        if (adjustment.is_zero()) return {};
        record.get_object()["lines"].get_array().push_back(
            {{"sku", sku_}, {"name", name_}, {"quantity", 1},
             {"unit_price_inc_vat", boost::json::value_from(adjustment)}, {"vat_rate_bp", 0}});
        effects.money_changed = true;
        return {};
    }

private:
    std::optional<Path> field_;
    std::string sku_, name_;
};

class AddRow : public Rule {
public:
    explicit AddRow(const JsonReader& c)
        : sku_(c.string("sku")),
          name_(c.string_or("name", sku_)),
          quantity_(c.integer_in("quantity", 1, 1, 1'000'000)),
          vat_rate_bp_(c.integer_in("vat_rate_bp", 2500, 0, 10000)),
          rounding_(read_rounding(c)) {
        allow_only(c, {"sku", "name", "quantity", "price", "percent", "vat_rate_bp", "rounding"});
        if (sku_.empty()) throw RecordError(c.at("sku"), "must not be empty");
        if (c.has("price") == c.has("percent")) throw RecordError(c.at("price"), "give either price or percent");
        if (c.has("price")) price_ = model::read_money(c.value("price"), c.at("price"));
        else percent_ = read_decimal(c, "percent");
    }
    Outcome apply(boost::json::value& record, const Subject&, Effects& effects) const override {
        auto order = read_order_or_fail(record, "add_row");
        // Idempotent: a replayed record that already has the row does not get a second one.
        for (const auto& line : order.lines)
            if (line.sku == sku_) return {};
        Money unit_price;
        if (price_) {
            if (price_->currency() != order.currency)
                throw RecordFailure("the row " + sku_ + " is priced in " + price_->currency() + ", the order in " + order.currency);
            unit_price = *price_;
        } else {
            Money goods = Money::zero(order.currency);
            for (const auto& line : order.lines) goods += line.total_inc_vat();
            __int128 denominator = static_cast<__int128>(100) * percent_->denominator;
            __int128 numerator = static_cast<__int128>(goods.minor()) * percent_->numerator;
            unit_price = Money(round_exact(numerator, denominator, rounding_, order.currency), order.currency);
            if (unit_price.is_zero()) return {};
        }
        record.get_object()["lines"].get_array().push_back(
            {{"sku", sku_}, {"name", name_}, {"quantity", quantity_},
             {"unit_price_inc_vat", boost::json::value_from(unit_price)}, {"vat_rate_bp", vat_rate_bp_}});
        effects.money_changed = true;
        return {};
    }

private:
    std::string sku_, name_;
    int64_t quantity_;
    int64_t vat_rate_bp_;
    Rounding rounding_;
    std::optional<Money> price_;
    std::optional<Decimal> percent_;
};

class VatType : public Rule {
public:
    explicit VatType(const JsonReader& c) : target_(c.string_or("target", "vat_rate_bp")), required_(c.boolean_or("required", true)) {
        allow_only(c, {"map", "by_sku", "target", "required"});
        if (target_.empty()) throw RecordError(c.at("target"), "must not be empty");
        if (c.has("map")) {
            for (const auto& [k, v] : read_table(c, "map")) {
                if (target_ == "vat_rate_bp" && !(exact_integer(v) && *exact_integer(v) >= 0 && *exact_integer(v) <= 10000))
                    throw RecordError(c.at("map") + "." + std::string(k), "expected a rate in basis points 0..10000");
                map_.emplace(std::string(k), v);
            }
        }
        by_sku_ = c.list<std::pair<SafeRegex, boost::json::value>>("by_sku", [&](const boost::json::value& e, const std::string& p) {
            JsonReader r(e, p);
            const auto& value = r.has("value") ? r.value("value") : r.value("vat_rate_bp");
            return std::pair<SafeRegex, boost::json::value>{SafeRegex(r.string("pattern"), r.at("pattern")), value};
        });
        if (map_.empty() && by_sku_.empty()) throw RecordError(c.at("map"), "give map, by_sku or both");
    }
    Outcome apply(boost::json::value& record, const Subject&, Effects& effects) const override {
        auto& o = record.get_object();
        // An order's rates live on its lines, discounts and freight; other records carry their own.
        std::vector<std::pair<std::string, boost::json::object*>> items;
        if (auto* lines = o.if_contains("lines"); lines && lines->is_array()) {
            auto add = [&](const char* key) {
                if (auto* list = o.if_contains(key); list && list->is_array())
                    for (std::size_t i = 0; i < list->get_array().size(); ++i)
                        if (list->get_array()[i].is_object())
                            items.emplace_back(std::string(key) + "[" + std::to_string(i) + "]", &list->get_array()[i].get_object());
            };
            add("lines");
            add("discounts");
            if (auto* s = o.if_contains("shipping"); s && s->is_object()) items.emplace_back("shipping", &s->get_object());
        } else {
            items.emplace_back("record", &o);
        }
        for (auto& [where, item] : items) {
            const boost::json::value* chosen = nullptr;
            if (auto* sku = item->if_contains("sku"); sku && sku->is_string())
                for (const auto& [regex, value] : by_sku_)
                    if (regex.search(sku->get_string())) { chosen = &value; break; }
            std::string rate_text = "2500";
            if (auto* rate = item->if_contains("vat_rate_bp"); rate && !rate->is_null())
                rate_text = scalar_text(*rate).value_or("?");
            if (!chosen) {
                auto it = map_.find(rate_text);
                if (it != map_.end()) chosen = &it->second;
            }
            if (!chosen) {
                if (required_) throw RecordFailure("no VAT mapping for rate " + rate_text + " (" + where + ")");
                continue;
            }
            const auto* current = item->if_contains("vat_rate_bp");
            if (target_ == "vat_rate_bp" && !(current && json_equal(*current, *chosen))) effects.money_changed = true;
            (*item)[target_] = *chosen;
        }
        return {};
    }

private:
    std::string target_;
    bool required_;
    std::map<std::string, boost::json::value> map_;
    std::vector<std::pair<SafeRegex, boost::json::value>> by_sku_;
};

}  // namespace

RuleFamily price_rules() {
    return {
        {"price_adjust", [](const JsonReader& c) { return std::make_unique<PriceAdjust>(c); }},
        {"round_to_whole_units", [](const JsonReader& c) { return std::make_unique<RoundToWholeUnits>(c); }},
        {"add_row", [](const JsonReader& c) { return std::make_unique<AddRow>(c); }},
        {"vat_type", [](const JsonReader& c) { return std::make_unique<VatType>(c); }},
    };
}

}  // namespace skarv::custom::rules
