// memory-erp: the smallest useful connector, written against sdk/ alone. It is an "ERP"
// that keeps orders in memory, creates each shop order once, and answers look-ups by
// the shop's reference. Read it beside docs/writing-a-plugin.md.

#include <map>

#include <skarv/plugin.hpp>
#include <skarv/records.hpp>

class MemoryErp : public skarv::Plugin {
public:
    MemoryErp(const boost::json::object& config, skarv::HostServices host)
        : Plugin(host), series_(skarv::JsonReader(config, "config").string_or("series", "MEM")) {}

    boost::json::value call(const std::string& op, const boost::json::object& request) override {
        skarv::JsonReader r(request, "request");
        if (op == "orders.find") {
            auto it = orders_.find(r.string("order_id"));
            return {{"found", it != orders_.end()}, {"erp_id", it != orders_.end() ? it->second : ""}};
        }
        if (op != "orders.write") throw skarv::PluginError::unsupported(op);
        boost::json::array results;
        auto orders = r.list<skarv::model::Order>("records", [](const auto& v, const auto& p) { return skarv::model::read_order(v, p); });
        for (const auto& order : orders) {
            auto [it, created] = orders_.try_emplace(order.order_id, series_ + std::to_string(orders_.size() + 1));
            host().info("order " + order.order_id + (created ? " created as " : " already exists as ") + it->second);
            results.push_back({{"order_id", order.order_id}, {"erp_id", it->second}, {"created", created},
                               {"total_inc_vat", boost::json::value_from(order.total_inc_vat())}});
        }
        return {{"results", results}};
    }

private:
    std::string series_;
    std::map<std::string, std::string> orders_;   // shop reference -> ERP order number
};

SKARV_PLUGIN(MemoryErp, "memory-erp", "1.0.0", SKARV_KIND_CONNECTOR, R"({
  "entities": {"orders": ["write", "find"]},
  "config_schema": {"type": "object", "additionalProperties": false,
                    "properties": {"series": {"type": "string", "minLength": 1, "description": "Prefix of ERP order numbers"}}}
})")
