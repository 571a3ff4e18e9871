#pragma once
// ConnectionRuntime: one configured connection made live: a plugin instance for each
// shop and for the ERP, the flow plan, and the options. Instances are created once and
// reused across passes, so a connector's token cache and open feed batches survive.

#include <memory>
#include <string>
#include <vector>

#include "skarv/host/config/host_config.hpp"
#include "skarv/host/flow/flow_plan.hpp"
#include "skarv/host/flow/price_list_map.hpp"
#include "skarv/host/flow/stock_profiles.hpp"
#include "skarv/host/flow/transform_chain.hpp"
#include "skarv/host/loader/plugin_instance.hpp"
#include "skarv/host/runtime/logger.hpp"
#include "skarv/host/store/store.hpp"

namespace skarv::host {

struct Endpoint {
    std::string role;       // "shop", "erp" or "provider" (a payment provider)
    int channel = 0;        // shops: 1, 2, ... (their order in the config, or "channel" in it)
    std::string label;      // "shop#1", "erp", "provider:klarna": used in cursors and messages
    std::string name;       // providers: their name in the config, e.g. "klarna"
    std::unique_ptr<PluginInstance> instance;
};

class ConnectionRuntime {
public:
    // Throws std::runtime_error naming the connection and plugin when an instance cannot
    // be created (unknown plugin, config refused).
    ConnectionRuntime(const ConnectionConfig& config, const std::vector<PluginLoadResult>& plugins, Store& store,
                      Logger& logger, std::shared_ptr<std::atomic<bool>> cancelled);

    const std::string& name() const { return name_; }
    const std::vector<EntityFlow>& plan() const { return plan_; }
    std::vector<Endpoint>& shops() { return shops_; }
    Endpoint& erp() { return erp_; }
    std::vector<Endpoint>& providers() { return providers_; }
    const boost::json::object& reconciliation() const { return reconciliation_; }
    Endpoint* shop_for_channel(int channel);
    const boost::json::object& options() const { return options_; }
    const TransformChain& transforms() const { return transforms_; }
    const StockProfiles& stock_profiles() const { return stock_profiles_; }
    const PriceListMap& price_lists() const { return price_lists_; }
    std::string option_string(const std::string& key, const std::string& fallback) const;
    int64_t option_int(const std::string& key, int64_t fallback) const;

private:
    Endpoint make_endpoint(const ConnectorConfig& c, const std::string& role, int channel,
                           const std::vector<PluginLoadResult>& plugins, Store& store, Logger& logger,
                           const std::shared_ptr<std::atomic<bool>>& cancelled);

    std::string name_;
    std::vector<EntityFlow> plan_;
    boost::json::object options_;
    StockProfiles stock_profiles_;
    PriceListMap price_lists_;
    std::vector<Endpoint> shops_;
    Endpoint erp_;
    std::vector<Endpoint> providers_;
    boost::json::object reconciliation_;
    TransformChain transforms_;
};

// Walks a plugin's settings with its config schema and registers every value the schema
// marks writeOnly, or whose key names a secret, with the logger's scrubber.
void register_secrets(const boost::json::object& settings, const boost::json::value& schema, Logger& logger);

}  // namespace skarv::host
