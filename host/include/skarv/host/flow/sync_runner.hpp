#pragma once
// SyncRunner: the host assembled from a configuration file: plugins loaded, the store
// open, each connection live. One call to pass() runs every planned entity of every
// (selected) connection once and keeps the reports. `skarv sync` calls it once; the
// service (skarv run) calls it from its scheduler, from several threads at once.
//
// Lanes: each connection is live twice, with its own plugin instances. The order lane
// (orders, status, the shop's push, the ERP's callbacks) and the catalogue lane
// (products, prices, price lists, stock) never wait for each other's calls, so an order
// is not held up behind a 50,000-article pass (issue #14). See docs/flows.md, "Lanes".

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <random>
#include <shared_mutex>
#include <set>
#include <string>
#include <vector>

#include "skarv/host/config/host_config.hpp"
#include "skarv/host/flow/connection_runtime.hpp"
#include "skarv/host/flow/transfer.hpp"
#include "skarv/host/runtime/logger.hpp"
#include "skarv/host/store/state_lock.hpp"
#include "skarv/host/store/store.hpp"

namespace skarv::host {

enum class Lane { orders, catalogue };
// Orders and status go by the order lane; the rest by the catalogue lane.
Lane lane_of(const std::string& entity);

struct PassSelection {
    std::optional<std::string> connection;   // only this connection
    std::optional<std::string> entity;       // only this entity
};

class SyncRunner {
public:
    // Throws std::runtime_error with every problem when the config is invalid or a
    // connection cannot start.
    SyncRunner(const std::filesystem::path& config_file, Logger& logger, ClockFunction clock = system_clock_ms);
    ~SyncRunner();

    std::vector<TransferReport> pass(const PassSelection& selection, const TransferOptions& options,
                                     std::ostream* plan_out = nullptr, ProgressFunction progress = {});

    // Reads the config file and the plugin directories again (SIGHUP): new or replaced
    // plugin files are loaded, refused ones reported, and every connection is rebuilt
    // with fresh instances. If anything is wrong the running connections stay as they
    // were and the problems are thrown as one std::runtime_error. `before_apply` sees the
    // new configuration once it is fully built and may refuse it by throwing: a reload
    // applies the whole new configuration or none of it.
    void reload(const std::function<void(const HostConfig&)>& before_apply = {});

    // Holders of a connection pointer (the push endpoint) keep this shared lock; reload()
    // takes it exclusively, so no instance disappears under a call.
    std::shared_lock<std::shared_mutex> lock_connections() { return std::shared_lock(connections_mutex_); }

    Store& store() { return *store_; }
    const HostConfig& config() const { return config_; }
    // The catalogue lane's connections (the plan, the catalogue endpoints).
    std::vector<std::unique_ptr<ConnectionRuntime>>& connections() { return connections_; }
    // The order lane's: what the push endpoint and the ERP callbacks call.
    std::vector<std::unique_ptr<ConnectionRuntime>>& order_connections() { return order_connections_; }
    std::shared_ptr<std::atomic<bool>> cancelled() { return cancelled_; }

private:
    HostConfig load_checked(std::vector<PluginLoadResult>& plugins) const;
    // Both lanes of one connection; nullopt (logged) when a merchant file's connection cannot start.
    std::optional<std::pair<std::unique_ptr<ConnectionRuntime>, std::unique_ptr<ConnectionRuntime>>> start_connection(
        const ConnectionConfig& c, const std::vector<PluginLoadResult>& plugins) const;
    // Reads what a crash inside an in-process plugin left (crash_trace.hpp), names it in the
    // log, and arms the trace for this run.
    void recover_from_plugin_crash();
    // Plugins that crashed the last run in process: in a runner until the next restart.
    void isolate_crashed_plugins(HostConfig& config) const;

    std::filesystem::path config_file_;
    std::shared_mutex connections_mutex_;
    Logger& logger_;
    ClockFunction clock_;
    HostConfig config_;
    std::vector<PluginLoadResult> plugins_;
    std::unique_ptr<StateLock> state_lock_;   // before the store opens, released after it closes
    std::unique_ptr<Store> store_;
    std::shared_ptr<std::atomic<bool>> cancelled_ = std::make_shared<std::atomic<bool>>(false);
    std::vector<std::unique_ptr<ConnectionRuntime>> connections_;         // catalogue lane
    std::vector<std::unique_ptr<ConnectionRuntime>> order_connections_;   // order lane, same order
    std::mutex rng_mutex_;   // passes run on several threads; each draws its own generator
    std::mt19937_64 rng_;
    std::set<std::string> crashed_plugins_;
};

// "orders: considered 3, created 2, updated 0, unchanged 1, skipped 0, failed 0", and
// ", read failures 1" when a read from a source failed.
std::string summarize(const TransferReport& report);

}  // namespace skarv::host
