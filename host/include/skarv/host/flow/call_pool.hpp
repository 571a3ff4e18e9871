#pragma once
// CallPool: a fixed number of threads that run in-process plugin calls which must not
// hold up their caller past a deadline (transforms). An in-process call cannot be
// interrupted, so one that overruns keeps its worker until the plugin returns; the caller
// stops waiting, and a call still queued at its deadline never starts. The threads are
// bounded: a plugin that hangs on every call costs at most `workers` threads, never one a
// call. (With "isolation": "process" no pool is needed: the runner is killed instead.)

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>

#include "skarv/host/loader/plugin_instance.hpp"

namespace skarv::host {

class CallPool {
public:
    explicit CallPool(std::size_t workers);
    ~CallPool();
    CallPool(const CallPool&) = delete;
    CallPool& operator=(const CallPool&) = delete;

    // The pool the transform chains share: a few workers, enough for the catalogue and
    // order lanes of several connections side by side.
    static CallPool& shared();

    // Runs `job` on a worker; empty when it did not finish within `timeout` (it still
    // runs, or was dropped unstarted).
    std::optional<CallResult> run(std::function<CallResult()> job, std::chrono::milliseconds timeout);

    // Threads started so far (at most `workers`).
    std::size_t threads() const;

private:
    struct State;
    std::shared_ptr<State> state_;   // shared with the workers, which may outlive the pool
};

}  // namespace skarv::host
