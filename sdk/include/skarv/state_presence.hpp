#pragma once
// KeysWrittenUnder: what a plugin knows, without asking the host, about which of its state
// keys under one prefix exist.
//
// A state read is a round trip into the host's store (a read transaction of its own);
// a connector that asks "did I send this record before?" once a record pays it on every
// record of an initial sync, when the answer is always no. When the prefix was empty the
// first time the plugin looked, and the plugin is the only writer of the keys under it
// (true of a connector's own bookkeeping: the host's state lock keeps other processes
// out), then a key exists exactly when the plugin wrote it since: that set is kept in
// memory and every other key is known absent.
//
// Call wrote() after a write the host confirmed, forget() after one that failed (whether
// it landed is then unknown, and the prefix is asked again). Thread-safe.

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_set>

#include "skarv/plugin.hpp"

namespace skarv {

class KeysWrittenUnder {
public:
    explicit KeysWrittenUnder(std::string prefix) : prefix_(std::move(prefix)) {}

    const std::string& prefix() const { return prefix_; }

    // False only when `key` (under the prefix) is known not to exist.
    bool may_exist(const HostServices& host, const std::string& key) {
        std::unique_lock lock(mutex_);
        if (mode_ == Mode::unprobed) {
            // Probed outside the lock: a state call may be slow. Two threads probing at
            // once find the same answer; a write in between is caught by the generation.
            const uint64_t generation = generation_;
            lock.unlock();
            const bool empty = host.state_scan(prefix_, "", 1).empty();
            lock.lock();
            if (mode_ == Mode::unprobed && generation == generation_) mode_ = empty ? Mode::known : Mode::unknown;
        }
        if (mode_ != Mode::known) return true;
        return written_.count(key) > 0;
    }

    void wrote(const std::string& key, bool present) {
        std::lock_guard lock(mutex_);
        ++generation_;
        if (mode_ != Mode::known) return;
        if (present) written_.insert(key);
        else written_.erase(key);
    }

    void forget() {
        std::lock_guard lock(mutex_);
        ++generation_;
        mode_ = Mode::unprobed;
        written_.clear();
    }

private:
    enum class Mode { unprobed, known, unknown };
    const std::string prefix_;
    std::mutex mutex_;
    Mode mode_ = Mode::unprobed;
    uint64_t generation_ = 0;
    std::unordered_set<std::string> written_;
};

}  // namespace skarv
