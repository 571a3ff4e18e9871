#pragma once
// LeaseKeeper: how several `skarv run` workers on one PostgreSQL database share the
// connections (docs/operating.md, "Several workers"). Each connection is leased to one
// worker at a time; only the holder runs its passes. The keeper, on a thread of its own:
//  - every lease/3, says the worker is alive, renews the leases it holds, takes free or
//    expired ones up to its fair share (ceil(connections / live workers)) and gives back
//    surplus ones that are idle, so a new worker gets its share; and once more at the
//    moment another worker's heartbeat would run out, so a dead worker's connections are
//    taken within the lease time of its death;
//  - every poll_ms, looks for queued work of the connections it holds: a push may have
//    reached another worker (behind a load balancer), which queued it and answered.
// A worker that cannot reach the database renews nothing, so it stops starting passes
// once its leases would have run out; what it has not delivered stays queued, and the
// other workers take its connections when the leases expire.
//
// On SQLite one process owns the file (StateLock): the keeper holds every connection and
// runs no thread.
//
// Threads: holds(), held() and worker_id() from any thread; start(), set_connections()
// and stop() from the service's control thread. Hooks run on the keeper's thread and must
// not block (they trigger the scheduler).

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <limits>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "skarv/host/config/host_config.hpp"
#include "skarv/host/runtime/logger.hpp"
#include "skarv/host/store/store.hpp"

namespace skarv::host {

class LeaseKeeper {
public:
    struct Hooks {
        std::function<void(const std::string& connection)> acquired;   // now ours: run its jobs
        std::function<void(const std::string& connection, const std::string& entity)> work_due;
        std::function<bool(const std::string& connection)> busy;       // a pass of it is queued or running
    };

    // `shared`: the database is PostgreSQL, other workers may use it.
    LeaseKeeper(Store& store, Logger& logger, const WorkerSettings& settings, bool shared, ClockFunction clock = system_clock_ms);
    ~LeaseKeeper();   // stop()
    LeaseKeeper(const LeaseKeeper&) = delete;
    LeaseKeeper& operator=(const LeaseKeeper&) = delete;

    // Takes a first round of leases at once (a database that cannot be reached throws
    // StoreError), then keeps them on its thread.
    void start(const std::vector<std::string>& connections, Hooks hooks);
    // After a reload: connections no longer configured are given back, new ones offered.
    void set_connections(const std::vector<std::string>& connections);
    // Ends the thread and gives back every lease held (call once no pass runs).
    void stop();

    // True while this worker holds the connection's lease with time to spare: a pass may start.
    bool holds(const std::string& connection) const;
    std::vector<std::string> held() const;
    // host:pid:start-ms:random, the holder named in connection_leases.
    const std::string& worker_id() const { return me_.worker; }
    bool shared() const { return shared_; }
    int64_t lease_ms() const { return settings_.lease_ms; }

    // One round at `now` (the thread's work; public for tests).
    void renew(int64_t now);
    void poll(int64_t now);

private:
    void run();

    Store& store_;
    Logger& logger_;
    WorkerSettings settings_;
    bool shared_;
    ClockFunction clock_;
    WorkerRecord me_;
    Hooks hooks_;

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::vector<std::string> connections_;   // configured here, sorted
    bool offered_ = false;                   // connections_ have lease rows
    std::set<std::string> held_;
    int64_t valid_until_ = 0;                // holds() is true before this (local clock)
    // When the first other live worker stops counting unless it renews: a round is due then.
    int64_t first_silence_ = std::numeric_limits<int64_t>::max();
    bool failing_ = false;                   // the last round could not reach the database
    bool stop_ = false;
    int64_t last_forget_ms_ = 0;             // the keeper's thread only
    std::thread thread_;
};

}  // namespace skarv::host
