#pragma once
// Import jobs: workers run queued jobs once they are due, and /Job/Get, /Job/GetLog
// report on them the way Storm Connect's Job service does.
//
// A job waits Queued (6) until it is due (job_delay_ms) and a worker is free, runs
// Initialized (1) for job_item_ms per item it holds, then ends Succeeded (2) or
// Validation failed (4). Up to job_workers jobs run at once, so a client that posts
// several jobs and polls them all is done sooner than one that waits for each.
// guess norce.job-states, norce.job-parallelism, docs/guesses.md

#include <thread>
#include <vector>

#include <boost/json.hpp>

#include "model.hpp"
#include "skarv/sandbox/http_emulator.hpp"

namespace skarv::sandbox::jetshop {

class JobRunner {
public:
    explicit JobRunner(Shop& shop) : shop_(shop) {}
    ~JobRunner() { stop(); }
    void start();
    void stop();   // shop.stopping must be set by the caller first

private:
    void work();
    Shop& shop_;
    std::vector<std::thread> workers_;
};

// Counts a job posted; call with shop.mu held, before the workers may see it.
void job_opened(Shop& shop);
HttpReply job_get(Shop& shop, const HttpRequest& req);
HttpReply job_get_log(Shop& shop, const HttpRequest& req);
boost::json::object job_state(const Job& job);
// What the workers did: workers, item_ms, open, running, max_open, max_running.
boost::json::object job_runner_state(const Shop& shop);

}  // namespace skarv::sandbox::jetshop
