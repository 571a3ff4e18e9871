#pragma once
// PassPool: runs the scheduler's due passes on a bounded set of threads. A lane of a
// connection (sync_runner.hpp: orders or catalogue) runs one pass at a time, in the
// order they came; different lanes and different connections run side by side. So an
// order is never queued behind a catalogue pass, and one slow remote system holds up
// only its own lanes, while the number of threads stays bounded however many
// connections there are.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "skarv/host/service/scheduler.hpp"

namespace skarv::host {

class PassPool {
public:
    using RunFunction = std::function<void(const ScheduledJob&)>;

    // `run` is called on a pool thread, never twice at once for one lane; it must not throw.
    PassPool(std::size_t threads, RunFunction run);
    ~PassPool();   // stop(), then waits for the passes running
    PassPool(const PassPool&) = delete;
    PassPool& operator=(const PassPool&) = delete;

    // Queues the job behind whatever its lane is running.
    void submit(const ScheduledJob& job);
    // No new pass starts; queued ones are dropped (their work stays in the store's queue).
    void stop();
    // Passes queued or running now.
    std::size_t busy() const;
    // A pass of `connection` (either lane) is queued or running.
    bool busy_with(const std::string& connection) const;

    // "<connection>/orders" or "<connection>/catalogue".
    static std::string lane_key(const ScheduledJob& job);

private:
    void work();

    RunFunction run_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::map<std::string, std::deque<ScheduledJob>> pending_;   // by lane
    std::set<std::string> running_;                            // lanes with a pass under way
    std::deque<std::string> ready_;                            // lanes with a pass to start
    bool stop_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace skarv::host
