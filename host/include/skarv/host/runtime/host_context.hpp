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
#include <utility>
#include <vector>

#include "skarv/abi.h"

namespace skarv::host {

// Plugin-private key/value state; the store implements it durably, tests in memory.
class PluginStateBackend {
public:
    virtual ~PluginStateBackend() = default;
    virtual std::optional<std::string> get(const std::string& instance, const std::string& key) = 0;
    virtual void set(const std::string& instance, const std::string& key, const std::optional<std::string>& value) = 0;
    // Several writes, all or none (the store: one commit). The default is one by one, for
    // backends where that is the same thing (memory).
    using StateWrite = std::pair<std::string, std::optional<std::string>>;
    virtual void set_many(const std::string& instance, const std::vector<StateWrite>& writes) {
        for (const auto& [key, value] : writes) set(instance, key, value);
    }
    // Keys that start with `prefix` and sort after `after`, in byte order, at most `limit`.
    virtual std::vector<std::pair<std::string, std::string>> scan(const std::string& instance, const std::string& prefix,
                                                                  const std::string& after, std::size_t limit) = 0;
};

using LogFunction = std::function<void(skarv_log_level, std::string_view source, std::string_view message)>;
using ClockFunction = std::function<int64_t()>;

struct HostContext {
    std::string instance_name;
    LogFunction log;
    ClockFunction clock;
    std::shared_ptr<std::atomic<bool>> cancelled = std::make_shared<std::atomic<bool>>(false);
    // Set when the host gave up on this instance's call (a timeout); a plugin's is_cancelled
    // sees either flag. Its own, so abandoning one instance never cancels its replacement.
    std::shared_ptr<std::atomic<bool>> abandoned = std::make_shared<std::atomic<bool>>(false);
    PluginStateBackend* state = nullptr;   // not owned; may be null (no state)

    // The services table for this context, pointing back at it.
    skarv_host_services services();
};

// Unix epoch milliseconds from the system clock.
int64_t system_clock_ms();

}  // namespace skarv::host
