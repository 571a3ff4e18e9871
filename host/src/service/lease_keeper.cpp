#include "skarv/host/service/lease_keeper.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <limits>
#include <random>

#include "skarv/host/version.hpp"

namespace skarv::host {
namespace {

std::string host_name() {
    char name[256] = {};
    if (::gethostname(name, sizeof name - 1) != 0) return "localhost";
    return name;
}

// Workers silent this long are dropped from the table (only a display matter: a silent
// worker already stopped counting after one lease time).
constexpr int64_t kForgetWorkersAfterMs = 24LL * 60 * 60 * 1000;

}  // namespace

LeaseKeeper::LeaseKeeper(Store& store, Logger& logger, const WorkerSettings& settings, bool shared, ClockFunction clock)
    : store_(store), logger_(logger), settings_(settings), shared_(shared), clock_(std::move(clock)) {
    me_.host = host_name();
    me_.pid = ::getpid();
    me_.version = kVersion;
    me_.started_at = clock_();
    // The random part tells apart two keepers in one process started in the same ms (tests)
    // and a restarted worker that got its old pid back in a container.
    char tag[9];
    std::snprintf(tag, sizeof tag, "%08x", static_cast<unsigned>(std::random_device{}()));
    me_.worker = me_.host + ":" + std::to_string(me_.pid) + ":" + std::to_string(me_.started_at) + ":" + tag;
}

LeaseKeeper::~LeaseKeeper() { stop(); }

void LeaseKeeper::start(const std::vector<std::string>& connections, Hooks hooks) {
    hooks_ = std::move(hooks);
    set_connections(connections);
    if (!shared_) return;
    renew(clock_());   // throws when the database cannot be reached: a clear error at start
    thread_ = std::thread([this] { run(); });
}

void LeaseKeeper::set_connections(const std::vector<std::string>& connections) {
    std::lock_guard lock(mutex_);
    connections_ = connections;
    std::sort(connections_.begin(), connections_.end());
    offered_ = false;
    if (!shared_) held_ = std::set<std::string>(connections_.begin(), connections_.end());
    wake_.notify_all();
}

void LeaseKeeper::stop() {
    {
        std::lock_guard lock(mutex_);
        if (stop_) return;
        stop_ = true;
        wake_.notify_all();
    }
    if (thread_.joinable()) thread_.join();
    if (!shared_) return;
    // A clean stop hands the connections over at once rather than after the lease time.
    std::set<std::string> held;
    {
        std::lock_guard lock(mutex_);
        held.swap(held_);
    }
    try {
        for (const auto& c : held) store_.release_lease(c, me_.worker);
        store_.forget_worker(me_.worker);   // the others' fair share counts it no more
        if (!held.empty())
            logger_.log(SKARV_LOG_INFO, "workers", "gave back " + std::to_string(held.size()) + " connection lease(s)");
    } catch (const std::exception& e) {
        logger_.log(SKARV_LOG_WARN, "workers", std::string("leases not given back (they expire on their own): ") + e.what());
    }
}

bool LeaseKeeper::holds(const std::string& connection) const {
    std::lock_guard lock(mutex_);
    if (!shared_) return true;
    return held_.count(connection) != 0 && clock_() < valid_until_;
}

std::vector<std::string> LeaseKeeper::held() const {
    std::lock_guard lock(mutex_);
    return {held_.begin(), held_.end()};
}

void LeaseKeeper::renew(int64_t now) {
    std::vector<std::string> configured;
    bool offered;
    std::set<std::string> before;
    bool was_valid;
    {
        std::lock_guard lock(mutex_);
        configured = connections_;
        offered = offered_;
        before = held_;
        was_valid = now < valid_until_;
    }
    const int64_t lease = settings_.lease_ms;
    std::vector<std::string> acquired;
    std::set<std::string> held;
    int64_t first_silence = std::numeric_limits<int64_t>::max();
    try {
        if (!offered) store_.offer_leases(configured);
        me_.heartbeat_at = now;
        store_.heartbeat(me_);
        auto renewed = store_.renew_leases(me_.worker, now + lease);
        held.insert(renewed.begin(), renewed.end());
        // Leases of connections this worker no longer has (a reload removed them) go back.
        for (auto it = held.begin(); it != held.end();) {
            if (std::binary_search(configured.begin(), configured.end(), *it)) {
                ++it;
                continue;
            }
            store_.release_lease(*it, me_.worker);
            it = held.erase(it);
        }
        for (const auto& c : before)
            if (!held.count(c) && std::binary_search(configured.begin(), configured.end(), c))
                logger_.log(SKARV_LOG_WARN, c, "connection lease lost (another worker took it after it expired)");

        const auto alive = store_.live_workers(now, lease);
        const auto live = std::max<std::size_t>(1, alive.size());
        // The moment the first other worker would stop counting if it renews nothing more:
        // a round then takes a dead worker's connections as soon as its leases run out,
        // rather than up to a renewal interval later.
        for (const auto& w : alive)
            if (w.worker != me_.worker) first_silence = std::min(first_silence, w.heartbeat_at + lease);
        const auto share = (configured.size() + live - 1) / live;
        if (held.size() < share) {
            std::vector<std::string> free;
            for (const auto& l : store_.leases())
                if ((l.holder.empty() || l.expires_at <= now) && !held.count(l.connection) &&
                    std::binary_search(configured.begin(), configured.end(), l.connection))
                    free.push_back(l.connection);
            // Workers taking at the same moment start at different places.
            std::mt19937_64 rng(std::hash<std::string>{}(me_.worker) ^ static_cast<uint64_t>(now));
            std::shuffle(free.begin(), free.end(), rng);
            for (const auto& c : free) {
                if (held.size() >= share) break;
                if (!store_.take_lease(c, me_.worker, now, now + lease)) continue;
                held.insert(c);
                acquired.push_back(c);
            }
        } else if (held.size() > share) {
            // Surplus, once a newer worker counts: idle ones go back for it to take.
            for (auto it = held.begin(); it != held.end() && held.size() > share;) {
                if (hooks_.busy && hooks_.busy(*it)) {
                    ++it;
                    continue;
                }
                store_.release_lease(*it, me_.worker);
                logger_.log(SKARV_LOG_INFO, *it, "connection lease given back to share the work with another worker");
                it = held.erase(it);
            }
        }
        if (now - last_forget_ms_ > kForgetWorkersAfterMs / 24) {
            store_.forget_workers(now - kForgetWorkersAfterMs);
            last_forget_ms_ = now;
        }
    } catch (const std::exception& e) {
        std::lock_guard lock(mutex_);
        if (!failing_)
            logger_.log(SKARV_LOG_ERROR, "workers",
                        std::string("cannot renew the connection leases; no new pass starts once they run out: ") + e.what());
        failing_ = true;
        first_silence_ = std::numeric_limits<int64_t>::max();   // the retry has its own time
        throw;
    }
    {
        std::lock_guard lock(mutex_);
        if (failing_) logger_.log(SKARV_LOG_INFO, "workers", "the database answers again; leases renewed");
        failing_ = false;
        offered_ = offered_ || configured == connections_;
        held_ = held;
        first_silence_ = first_silence;
        // A third of the lease to spare: a pass does not start on a lease about to end.
        valid_until_ = now + lease - lease / 3;
    }
    for (const auto& c : acquired) logger_.log(SKARV_LOG_INFO, c, "connection lease taken by worker " + me_.worker);
    if (!hooks_.acquired) return;
    // New ones run at once; after an outage, every held one catches up.
    for (const auto& c : was_valid ? std::set<std::string>(acquired.begin(), acquired.end()) : held) hooks_.acquired(c);
}

void LeaseKeeper::poll(int64_t now) {
    if (!hooks_.work_due) return;
    auto due = store_.due_work_by_connection(now);
    for (const auto& [connection, entity] : due)
        if (holds(connection)) hooks_.work_due(connection, entity);
}

void LeaseKeeper::run() {
    const int64_t renew_every = std::max<int64_t>(100, settings_.lease_ms / 3);
    int64_t next_renew = clock_() + renew_every;
    int64_t next_poll = clock_();
    std::unique_lock lock(mutex_);
    while (!stop_) {
        const int64_t now = clock_();
        const int64_t renew_at = std::min(next_renew, first_silence_);
        if (now < std::min(renew_at, next_poll)) {
            wake_.wait_for(lock, std::chrono::milliseconds(std::min(renew_at, next_poll) - now));
            continue;
        }
        lock.unlock();
        if (now >= renew_at) {
            try {
                renew(now);
                next_renew = now + renew_every;
            } catch (const std::exception&) {
                next_renew = now + std::min<int64_t>(renew_every, 1000);   // logged by renew(); tried again soon
            }
        }
        if (now >= next_poll) {
            try {
                poll(now);
            } catch (const std::exception&) {
                // The renewal says so; without the database there is nothing to deliver.
            }
            next_poll = now + settings_.poll_ms;
        }
        lock.lock();
    }
}

}  // namespace skarv::host
