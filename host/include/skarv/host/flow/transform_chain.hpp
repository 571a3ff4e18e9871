#pragma once
// TransformChain: the transforms of one connection, run in their configured order at a
// named hook ("order.before_write", ...). Each may keep (and change) a record, drop it
// with a reason, or fail it. A transform that throws, answers garbage or takes longer
// than its timeout fails the records of that call with a clear message; the flow goes on.
// Isolated transforms (the default, "isolation": "process") run in skarv-plugin-runner: a
// call past its timeout kills the runner, a crash costs only the record that caused it.
// In-process ones run on the bounded CallPool: a call that overran keeps its worker (a
// plugin call cannot be interrupted) and is told it was cancelled; later calls get a
// fresh instance of the same plugin, so one endless call costs only its own records.

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "skarv/host/config/host_config.hpp"
#include "skarv/host/loader/plugin_instance.hpp"
#include "skarv/host/runtime/logger.hpp"

namespace skarv::host {

struct TransformOutcome {
    enum class Action { keep, drop, fail } action = Action::keep;
    boost::json::value record;   // keep: the record as the chain left it
    std::string reason;          // drop / fail: why, naming the transform
};

class TransformChain {
public:
    TransformChain() = default;
    // Throws std::runtime_error naming the transform when one cannot be created.
    TransformChain(const std::vector<TransformConfig>& configs, const std::vector<PluginLoadResult>& plugins,
                   const std::string& connection, Logger& logger, PluginStateBackend* state,
                   std::shared_ptr<std::atomic<bool>> shutdown = nullptr);

    bool has(const std::string& hook) const;
    // The transforms at `hook`, in order, as a record's journey names them ("a, b").
    std::string labels(const std::string& hook) const;
    // One outcome per record, in order.
    std::vector<TransformOutcome> run(const std::string& hook, const std::vector<boost::json::value>& records,
                                      const boost::json::object& context) const;

    // "orders" -> "order.before_write", ...
    static std::string before_write_hook(const std::string& entity);

private:
    // The instance calls go to. Shared with the thread of a call, which may outlive its
    // timeout; behind a lock because the service's threads may run one chain at once.
    struct InstanceSlot {
        std::mutex mutex;
        std::shared_ptr<PluginInstance> instance;
    };
    struct Step {
        std::shared_ptr<InstanceSlot> slot;
        PluginModulePtr module;                       // what a fresh instance is made from
        std::string instance_name;
        boost::json::value settings;
        std::shared_ptr<HostContext> context;         // copied, with its own "abandoned" flag, per instance
        Isolation isolation;
        std::vector<std::string> hooks;
        int64_t timeout_ms;
        std::string label;
    };
    std::shared_ptr<PluginInstance> current(const Step& step) const;
    std::optional<CallResult> call(const Step& step, const boost::json::object& request) const;
    void replace_overrun(const Step& step, const std::shared_ptr<PluginInstance>& overrun) const;

    std::vector<Step> steps_;
    Logger* logger_ = nullptr;
};

}  // namespace skarv::host
