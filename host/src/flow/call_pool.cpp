#include "skarv/host/flow/call_pool.hpp"

#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <thread>

namespace skarv::host {

namespace {

struct Job {
    std::function<CallResult()> work;
    std::promise<CallResult> promise;
    std::atomic<bool> abandoned{false};
};

}  // namespace

struct CallPool::State {
    std::mutex mutex;
    std::condition_variable wake;
    std::deque<std::shared_ptr<Job>> queue;
    std::size_t limit = 1;
    std::size_t threads = 0;
    std::size_t idle = 0;
    bool stopping = false;

    static void work(std::shared_ptr<State> self) {
        std::unique_lock lock(self->mutex);
        for (;;) {
            ++self->idle;
            self->wake.wait(lock, [&] { return self->stopping || !self->queue.empty(); });
            --self->idle;
            if (self->queue.empty()) return;   // stopping
            auto job = std::move(self->queue.front());
            self->queue.pop_front();
            if (job->abandoned.load()) continue;
            lock.unlock();
            try {
                job->promise.set_value(job->work());
            } catch (...) {
                job->promise.set_exception(std::current_exception());
            }
            lock.lock();
        }
    }
};

CallPool::CallPool(std::size_t workers) : state_(std::make_shared<State>()) { state_->limit = workers ? workers : 1; }

CallPool::~CallPool() {
    std::lock_guard lock(state_->mutex);
    state_->stopping = true;
    state_->wake.notify_all();
}

CallPool& CallPool::shared() {
    // Never destroyed: a worker stuck in a plugin at exit must not hold up the exit.
    static auto* pool = new CallPool(std::max(4u, std::thread::hardware_concurrency()));
    return *pool;
}

std::size_t CallPool::threads() const {
    std::lock_guard lock(state_->mutex);
    return state_->threads;
}

std::optional<CallResult> CallPool::run(std::function<CallResult()> work, std::chrono::milliseconds timeout) {
    auto job = std::make_shared<Job>();
    job->work = std::move(work);
    auto future = job->promise.get_future();
    {
        std::lock_guard lock(state_->mutex);
        state_->queue.push_back(job);
        if (state_->idle < state_->queue.size() && state_->threads < state_->limit) {
            ++state_->threads;
            // Detached, holding the state: the pool's owner need not outlive a stuck call.
            std::thread(&State::work, state_).detach();
        }
        state_->wake.notify_one();
    }
    if (future.wait_for(timeout) != std::future_status::ready) {
        job->abandoned = true;
        return std::nullopt;
    }
    return future.get();
}

}  // namespace skarv::host
