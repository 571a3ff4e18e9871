#pragma once
// HostContext: what stands behind the services table a plugin instance receives: where
// its log lines go, which clock it reads, its cancellation flag and its private state.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "skarv/abi.h"

namespace skarv::host {

// Plugin-private key/value state; the store implements it durably, tests in memory.
class PluginStateBackend {
public:
    virtual ~PluginStateBackend() = default;
    virtual std::optional<std::string> get(const std::string& instance, const std::string& key) = 0;
    virtual void set(const std::string& instance, const std::string& key, const std::optional<std::string>& value) = 0;
};

using LogFunction = std::function<void(skarv_log_level, std::string_view source, std::string_view message)>;
using ClockFunction = std::function<int64_t()>;

struct HostContext {
    std::string instance_name;
    LogFunction log;
    ClockFunction clock;
    std::shared_ptr<std::atomic<bool>> cancelled = std::make_shared<std::atomic<bool>>(false);
    PluginStateBackend* state = nullptr;   // not owned; may be null (no state)

    // The services table for this context, pointing back at it.
    skarv_host_services services();
};

// Unix epoch milliseconds from the system clock.
int64_t system_clock_ms();

}  // namespace skarv::host
