#include "skarv/host/service/pass_pool.hpp"

#include <algorithm>

#include "skarv/host/flow/sync_runner.hpp"

namespace skarv::host {

std::string PassPool::lane_key(const ScheduledJob& job) {
    return job.connection + (lane_of(job.entity) == Lane::orders ? "/orders" : "/catalogue");
}

PassPool::PassPool(std::size_t threads, RunFunction run) : run_(std::move(run)) {
    threads = std::max<std::size_t>(threads, 1);
    for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { work(); });
}

PassPool::~PassPool() {
    stop();
    for (auto& t : threads_)
        if (t.joinable()) t.join();
}

void PassPool::submit(const ScheduledJob& job) {
    std::lock_guard lock(mutex_);
    if (stop_) return;
    const auto key = lane_key(job);
    auto& queue = pending_[key];
    // The same job already waiting in its lane covers this one too.
    for (const auto& waiting : queue)
        if (waiting.entity == job.entity) return;
    queue.push_back(job);
    if (!running_.count(key) && std::find(ready_.begin(), ready_.end(), key) == ready_.end()) {
        ready_.push_back(key);
        wake_.notify_one();
    }
}

void PassPool::stop() {
    std::lock_guard lock(mutex_);
    stop_ = true;
    pending_.clear();
    ready_.clear();
    wake_.notify_all();
}

std::size_t PassPool::busy() const {
    std::lock_guard lock(mutex_);
    std::size_t n = running_.size();
    for (const auto& [key, queue] : pending_) n += queue.size();
    return n;
}

bool PassPool::busy_with(const std::string& connection) const {
    std::lock_guard lock(mutex_);
    for (const char* lane : {"/orders", "/catalogue"}) {
        const auto key = connection + lane;
        if (running_.count(key)) return true;
        if (auto it = pending_.find(key); it != pending_.end() && !it->second.empty()) return true;
    }
    return false;
}

void PassPool::work() {
    std::unique_lock lock(mutex_);
    while (true) {
        wake_.wait(lock, [&] { return stop_ || !ready_.empty(); });
        if (stop_) return;
        auto key = ready_.front();
        ready_.pop_front();
        auto& queue = pending_[key];
        if (queue.empty()) continue;
        auto job = queue.front();
        queue.pop_front();
        running_.insert(key);
        lock.unlock();
        run_(job);
        lock.lock();
        running_.erase(key);
        if (!stop_ && !pending_[key].empty()) {
            ready_.push_back(key);
            wake_.notify_one();
        }
    }
}

}  // namespace skarv::host
