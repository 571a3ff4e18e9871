#include "skarv/host/flow/connection_runtime.hpp"

#include <algorithm>

namespace skarv::host {
namespace {

bool key_names_a_secret(std::string key) {
    std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const char* word : {"secret", "password", "passwd", "token", "api_key", "apikey", "key"})
        if (key.find(word) != std::string::npos) return true;
    return false;
}

}  // namespace

void register_secrets(const boost::json::object& settings, const boost::json::value& schema, Logger& logger) {
    const boost::json::object* props = nullptr;
    if (schema.is_object())
        if (auto* p = schema.get_object().if_contains("properties"); p && p->is_object()) props = &p->get_object();
    for (const auto& [key, value] : settings) {
        const boost::json::value* sub = props ? props->if_contains(key) : nullptr;
        bool write_only = sub && sub->is_object() && sub->get_object().contains("writeOnly") &&
                          sub->get_object().at("writeOnly") == true;
        if (value.is_string() && (write_only || key_names_a_secret(std::string(key))))
            logger.add_secret(std::string(value.get_string()));
        if (value.is_object()) register_secrets(value.get_object(), sub ? *sub : boost::json::value(), logger);
    }
}

ConnectionRuntime::ConnectionRuntime(const ConnectionConfig& config, const std::vector<PluginLoadResult>& plugins,
                                     Store& store, Logger& logger, std::shared_ptr<std::atomic<bool>> cancelled)
    : name_(config.name), options_(config.options), stock_profiles_(config.options), price_lists_(config.options) {
    try {
        plan_ = plan_for(config.flow, config.masters ? &*config.masters : nullptr);
    } catch (const std::invalid_argument& e) {
        throw std::runtime_error(config.path + ": " + e.what());
    }
    for (std::size_t i = 0; i < config.shops.size(); ++i) {
        int channel = config.shops[i].channel.value_or(static_cast<int>(i) + 1);
        shops_.push_back(make_endpoint(config.shops[i], "shop", channel, plugins, store, logger, cancelled));
    }
    erp_ = make_endpoint(config.erp, "erp", 0, plugins, store, logger, cancelled);
    for (const auto& p : config.payment_providers) providers_.push_back(make_endpoint(p, "provider", 0, plugins, store, logger, cancelled));
    // Payouts go from the providers to the ERP, whichever preset leads the catalogue.
    if (!providers_.empty()) plan_.push_back({"settlements", Direction::shop_to_erp});
    reconciliation_ = config.reconciliation;
    transforms_ = TransformChain(config.transforms, plugins, name_, logger, &store, cancelled);
}

Endpoint ConnectionRuntime::make_endpoint(const ConnectorConfig& c, const std::string& role, int channel,
                                          const std::vector<PluginLoadResult>& plugins, Store& store, Logger& logger,
                                          const std::shared_ptr<std::atomic<bool>>& cancelled) {
    PluginModulePtr module = find_plugin(plugins, c.plugin, c.isolation);
    if (!module) throw std::runtime_error(c.path + ": no loaded plugin named '" + c.plugin + "'");
    register_secrets(c.settings, module->config_schema(), logger);

    Endpoint e;
    e.role = role;
    e.channel = channel;
    e.name = c.name;
    e.label = role == "shop" ? "shop#" + std::to_string(channel) : role == "provider" ? "provider:" + c.name : "erp";
    auto context = std::make_shared<HostContext>();
    context->instance_name = name_ + "/" + e.label;
    context->log = [&logger](skarv_log_level level, std::string_view source, std::string_view message) {
        logger.log(level, source, message);
    };
    context->cancelled = cancelled;
    context->state = &store;
    try {
        e.instance = std::make_unique<PluginInstance>(module, context->instance_name, c.settings, context, c.isolation);
    } catch (const PluginCreateError& err) {
        throw std::runtime_error(c.path + ": " + logger.scrub(err.what()));
    }
    return e;
}

Endpoint* ConnectionRuntime::shop_for_channel(int channel) {
    for (auto& s : shops_)
        if (s.channel == channel) return &s;
    return shops_.size() == 1 ? &shops_.front() : nullptr;
}

std::string ConnectionRuntime::option_string(const std::string& key, const std::string& fallback) const {
    auto* v = options_.if_contains(key);
    return v && v->is_string() ? std::string(v->get_string()) : fallback;
}

int64_t ConnectionRuntime::option_int(const std::string& key, int64_t fallback) const {
    auto* v = options_.if_contains(key);
    return v && v->is_int64() ? v->get_int64() : fallback;
}

}  // namespace skarv::host
