// mapping: a customer's field mapping as configuration (target <- source, constant,
// lookup table or jq expression). See docs/transforms.md.
#include <skarv/plugin.hpp>

#include "mapping.hpp"
#include "transform_driver.hpp"

namespace {

class MappingPlugin : public skarv::Plugin {
public:
    MappingPlugin(const boost::json::object& config, skarv::HostServices host)
        : Plugin(host), mappings_(skarv::custom::mapping::MappingSet::parse(config)) {}

    boost::json::value check() override { return boost::json::object{{"ok", true}, {"mappings", mappings_.size()}}; }

    boost::json::value call(const std::string& op, const boost::json::object& request) override {
        return skarv::custom::run_transform(op, request, host(), [this](boost::json::value& record, const boost::json::value& context) {
            return mappings_.apply(record, context);
        });
    }

private:
    skarv::custom::mapping::MappingSet mappings_;
};

}  // namespace

SKARV_PLUGIN(MappingPlugin, "mapping", "1.0.0", SKARV_KIND_TRANSFORM, R"({
  "entities": {},
  "hooks": ["order.before_write", "status.before_write", "product.before_write", "price.before_write",
            "pricelist.before_write", "stock.before_write"],
  "config_schema": {
    "type": "object", "required": ["mappings"], "additionalProperties": false,
    "properties": {"mappings": {"type": "array", "description": "Applied in order; see docs/transforms.md",
      "items": {"type": "object", "required": ["target"],
                "properties": {"target": {"type": "string"}, "source": {"type": "string"},
                               "lookup": {"type": "object"}, "jq": {"type": "string"},
                               "required": {"type": "boolean"}, "when": {"type": "object"}}}}}
  }
})")
