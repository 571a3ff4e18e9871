// Rules that know an order's shape: addresses, carriers and payment methods, the
// things a shop and an ERP name differently.
#include "json_text.hpp"
#include "record_failure.hpp"
#include "rule.hpp"
#include "rule_config.hpp"

namespace skarv::custom::rules {
namespace {

class AddressSwitch : public Rule {
public:
    explicit AddressSwitch(const JsonReader& c) { allow_only(c, {}); }
    Outcome apply(boost::json::value& record, const Subject&, Effects&) const override {
        auto& o = record.get_object();
        auto* billing = o.if_contains("billing_address");
        auto* shipping = o.if_contains("shipping_address");
        if (!billing && !shipping) throw RecordFailure("address_switch: the record has neither billing_address nor shipping_address");
        boost::json::value b = billing ? *billing : boost::json::value();
        boost::json::value s = shipping ? *shipping : boost::json::value();
        o["billing_address"] = std::move(s);
        o["shipping_address"] = std::move(b);
        return {};
    }
};

// Replaces a value by a table's entry for it; shared by carriers and payment methods.
class TableLookup : public Rule {
public:
    TableLookup(const JsonReader& c, const char* table_key, std::optional<std::string> fixed_field)
        : table_(read_table(c, table_key)), default_(c.has("default") ? std::optional(c.value("default")) : std::nullopt),
          required_(c.boolean_or("required", false)), name_(c.string("rule")) {
        if (fixed_field) {
            allow_only(c, {table_key, "default", "required"});
            field_ = Path::parse_writable(*fixed_field, c.path());
        } else {
            allow_only(c, {table_key, "default", "required", "field", "source"});
            if (c.has("field")) field_ = read_target(c, "field");
            if (c.has("source")) source_ = read_path(c, "source");
        }
    }
    Outcome apply(boost::json::value& record, const Subject& subject, Effects&) const override {
        Path field = field_ ? *field_ : default_carrier_field(record);
        const Path& source = source_ ? *source_ : field;
        auto found = find_in(source, subject);
        if (found.empty() || found.front()->is_null()) return {};   // nothing to map: a record without shipping
        auto key = scalar_text(*found.front());
        const boost::json::value* to = nullptr;
        if (key)
            if (auto* entry = table_.if_contains(*key)) to = entry;
        if (!to && default_) to = &*default_;
        if (!to) {
            if (required_) throw RecordFailure(name_ + ": no entry for '" + key.value_or("?") + "' (" + source.text() + ")");
            return {};
        }
        for (auto* v : field.ensure(record)) *v = *to;
        return {};
    }

private:
    // An order's carrier is on its shipping; a status event carries its own.
    static Path default_carrier_field(const boost::json::value& record) {
        return Path::parse(record.get_object().contains("shipping") ? "shipping.carrier" : "carrier", "carrier_map");
    }
    boost::json::object table_;
    std::optional<boost::json::value> default_;
    bool required_;
    std::string name_;
    std::optional<Path> field_, source_;
};

}  // namespace

RuleFamily order_rules() {
    return {
        {"address_switch", [](const JsonReader& c) { return std::make_unique<AddressSwitch>(c); }},
        {"carrier_map", [](const JsonReader& c) { return std::make_unique<TableLookup>(c, "table", std::nullopt); }},
        {"set_payment_method", [](const JsonReader& c) { return std::make_unique<TableLookup>(c, "map", "payment.method"); }},
    };
}

}  // namespace skarv::custom::rules
