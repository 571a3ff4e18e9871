// rules: the built-in transform rules (docs/transforms.md), configured as an ordered list
// with conditions. A transform plugin like any customer's, written against sdk/ alone.
#include <skarv/plugin.hpp>

#include "rule_set.hpp"
#include "transform_driver.hpp"

namespace {

class RulesPlugin : public skarv::Plugin {
public:
    RulesPlugin(const boost::json::object& config, skarv::HostServices host)
        : Plugin(host), rules_(skarv::custom::rules::RuleSet::parse(config)) {}

    boost::json::value check() override { return boost::json::object{{"ok", true}, {"rules", rules_.size()}}; }

    boost::json::value call(const std::string& op, const boost::json::object& request) override {
        return skarv::custom::run_transform(op, request, host(), [this](boost::json::value& record, const boost::json::value& context) {
            return rules_.apply(record, context);
        });
    }

private:
    skarv::custom::rules::RuleSet rules_;
};

}  // namespace

SKARV_PLUGIN(RulesPlugin, "rules", "1.0.0", SKARV_KIND_TRANSFORM, R"({
  "entities": {},
  "hooks": ["order.before_write", "status.before_write", "product.before_write", "price.before_write",
            "pricelist.before_write", "stock.before_write"],
  "config_schema": {
    "type": "object", "required": ["rules"], "additionalProperties": false,
    "properties": {"rules": {"type": "array", "description": "Applied in order; see docs/transforms.md",
      "items": {"type": "object", "required": ["rule"],
                "properties": {"rule": {"type": "string", "enum": ["set_field", "copy_field", "remove_field",
                  "default_value", "truncate", "uppercase", "lowercase", "search_replace", "strip_html",
                  "price_adjust", "round_to_whole_units", "add_row", "vat_type", "ignore", "fail_when",
                  "ignore_by_pattern", "address_switch", "carrier_map", "set_payment_method"]},
                  "when": {"type": "object"}}}}}
  }
})")
