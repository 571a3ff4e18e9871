#include "skarv/host/flow/transform_chain.hpp"

#include <algorithm>
#include <chrono>

#include "skarv/host/flow/call_pool.hpp"
#include "skarv/host/flow/connection_runtime.hpp"

namespace skarv::host {

std::string TransformChain::before_write_hook(const std::string& entity) {
    if (entity == "orders") return "order.before_write";
    if (entity == "status") return "status.before_write";
    if (entity == "products") return "product.before_write";
    if (entity == "prices") return "price.before_write";
    if (entity == "pricelists") return "pricelist.before_write";
    if (entity == "stock") return "stock.before_write";
    return entity + ".before_write";
}

TransformChain::TransformChain(const std::vector<TransformConfig>& configs, const std::vector<PluginLoadResult>& plugins,
                               const std::string& connection, Logger& logger, PluginStateBackend* state,
                               std::shared_ptr<std::atomic<bool>> shutdown)
    : logger_(&logger) {
    for (std::size_t i = 0; i < configs.size(); ++i) {
        const auto& c = configs[i];
        PluginModulePtr module = find_plugin(plugins, c.plugin, c.isolation);
        if (!module || module->kind() != SKARV_KIND_TRANSFORM)
            throw std::runtime_error(c.path + ": no loaded transform named '" + c.plugin + "'");
        register_secrets(c.settings, module->config_schema(), logger);
        auto context = std::make_shared<HostContext>();
        context->instance_name = connection + "/transform#" + std::to_string(i + 1) + ":" + c.plugin;
        context->log = [&logger](skarv_log_level level, std::string_view source, std::string_view message) {
            logger.log(level, source, message);
        };
        context->state = state;
        if (shutdown) context->cancelled = shutdown;
        try {
            auto slot = std::make_shared<InstanceSlot>();
            slot->instance = std::make_shared<PluginInstance>(module, context->instance_name, c.settings, context, c.isolation);
            steps_.push_back({slot, module, context->instance_name, c.settings, context, c.isolation, c.hooks, c.timeout_ms,
                              "transform '" + c.plugin + "' (" + c.path + ")"});
        } catch (const PluginCreateError& e) {
            throw std::runtime_error(c.path + ": " + logger.scrub(e.what()));
        }
    }
}

std::shared_ptr<PluginInstance> TransformChain::current(const Step& step) const {
    std::lock_guard lock(step.slot->mutex);
    return step.slot->instance;
}

void TransformChain::replace_overrun(const Step& step, const std::shared_ptr<PluginInstance>& overrun) const {
    std::lock_guard lock(step.slot->mutex);
    if (step.slot->instance != overrun) return;   // another caller replaced it already
    try {
        auto fresh_context = std::make_shared<HostContext>(*step.context);
        fresh_context->abandoned = std::make_shared<std::atomic<bool>>(false);
        step.slot->instance =
            std::make_shared<PluginInstance>(step.module, step.instance_name, step.settings, fresh_context, step.isolation);
        logger_->log(SKARV_LOG_WARN, "transforms",
                     step.label + ": a call overran its timeout and still runs; later calls use a fresh instance");
    } catch (const std::exception& e) {
        // The old instance stays: its later calls wait behind the one that overran and
        // time out, failing their records, which is no worse than before.
        logger_->log(SKARV_LOG_ERROR, "transforms",
                     step.label + ": could not make a fresh instance after a timeout: " + logger_->scrub(e.what()));
    }
}

std::optional<CallResult> TransformChain::call(const Step& step, const boost::json::object& request) const {
    auto instance = current(step);
    std::chrono::milliseconds timeout(step.timeout_ms);
    if (instance->isolated()) {
        // The runner is killed at the deadline; a timed-out call comes back as an error.
        return instance->call(request, timeout);
    }
    auto done = CallPool::shared().run([instance, request] { return instance->call(request); }, timeout);
    if (!done) {
        instance->abandon();
        replace_overrun(step, instance);
    }
    return done;
}

bool TransformChain::has(const std::string& hook) const {
    return std::any_of(steps_.begin(), steps_.end(), [&](const Step& s) {
        return std::find(s.hooks.begin(), s.hooks.end(), hook) != s.hooks.end();
    });
}

std::string TransformChain::labels(const std::string& hook) const {
    std::string out;
    for (const auto& s : steps_)
        if (std::find(s.hooks.begin(), s.hooks.end(), hook) != s.hooks.end()) out += (out.empty() ? "" : ", ") + s.label;
    return out;
}

std::vector<TransformOutcome> TransformChain::run(const std::string& hook, const std::vector<boost::json::value>& records,
                                                  const boost::json::object& context) const {
    std::vector<TransformOutcome> outcomes(records.size());
    for (std::size_t i = 0; i < records.size(); ++i) outcomes[i].record = records[i];
    for (const auto& step : steps_) {
        if (std::find(step.hooks.begin(), step.hooks.end(), hook) == step.hooks.end()) continue;
        // Only the records still kept go on to the next transform.
        std::vector<std::size_t> live;
        boost::json::array batch;
        for (std::size_t i = 0; i < outcomes.size(); ++i)
            if (outcomes[i].action == TransformOutcome::Action::keep) {
                live.push_back(i);
                batch.push_back(outcomes[i].record);
            }
        if (live.empty()) break;
        boost::json::object request{{"op", "transform"}, {"hook", hook}, {"records", batch}, {"context", context}};
        auto fail_all = [&](const std::string& why) {
            for (auto i : live) outcomes[i] = {TransformOutcome::Action::fail, outcomes[i].record, step.label + ": " + why};
        };
        std::optional<CallResult> answered_call;
        try {
            answered_call = call(step, request);
        } catch (const std::exception& e) {
            fail_all(e.what());
            continue;
        }
        if (!answered_call) {
            fail_all("took longer than " + std::to_string(step.timeout_ms) + " ms");
            continue;
        }
        auto& result = *answered_call;
        if (!result.ok()) {
            fail_all(result.message());
            continue;
        }
        const auto* results = result.document.is_object() ? result.document.get_object().if_contains("results") : nullptr;
        if (!results || !results->is_array()) {
            fail_all("answered without a \"results\" array");
            continue;
        }
        std::vector<bool> answered(live.size(), false);
        for (const auto& r : results->get_array()) {
            if (!r.is_object()) continue;
            const auto& o = r.get_object();
            auto* idx = o.if_contains("index");
            if (!idx || !idx->is_int64() || idx->get_int64() < 0 || static_cast<std::size_t>(idx->get_int64()) >= live.size())
                continue;
            auto k = static_cast<std::size_t>(idx->get_int64());
            answered[k] = true;
            auto& out = outcomes[live[k]];
            auto* action = o.if_contains("action");
            auto* reason = o.if_contains("reason");
            std::string why = reason && reason->is_string() ? std::string(reason->get_string()) : "no reason given";
            if (action && *action == "drop") {
                out = {TransformOutcome::Action::drop, out.record, step.label + ": " + why};
            } else if (action && *action == "fail") {
                out = {TransformOutcome::Action::fail, out.record, step.label + ": " + why};
            } else if (action && *action == "keep") {
                if (auto* rec = o.if_contains("record"); rec && rec->is_object()) out.record = *rec;
            } else {
                out = {TransformOutcome::Action::fail, out.record, step.label + ": answered an unknown action"};
            }
        }
        for (std::size_t k = 0; k < live.size(); ++k)
            if (!answered[k])
                outcomes[live[k]] = {TransformOutcome::Action::fail, outcomes[live[k]].record, step.label + ": gave no result for it"};
    }
    return outcomes;
}

}  // namespace skarv::host
