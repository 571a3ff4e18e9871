#include "job_queue.hpp"

#include <algorithm>
#include <chrono>

#include "connect_imports.hpp"
#include "wire_format.hpp"

namespace skarv::sandbox::jetshop {

namespace json = boost::json;

void JobRunner::start() {
    for (int i = 0; i < shop_.options.job_workers; ++i) workers_.emplace_back([this] { work(); });
}

void JobRunner::stop() {
    shop_.jobs_cv.notify_all();
    for (auto& w : workers_) w.join();
    workers_.clear();
}

void job_opened(Shop& shop) {
    shop.max_jobs_open = std::max(shop.max_jobs_open, ++shop.jobs_open);
}

namespace {

void set_status(Job& job, int status_id) {
    job.status_id = status_id;
    job.status_history.push_back(status_id);
    job.last_updated = now_iso();
}

}  // namespace

void JobRunner::work() {
    std::unique_lock lock(shop_.mu);
    while (!shop_.stopping) {
        Job* next = nullptr;
        for (auto& [id, job] : shop_.jobs)
            if (job.status_id == job_status::queued && (!next || job.due_at < next->due_at)) next = &job;
        if (!next) {
            shop_.jobs_cv.wait(lock);
            continue;
        }
        if (next->due_at > Clock::now()) {
            shop_.jobs_cv.wait_until(lock, next->due_at);
            continue;
        }
        Job& job = *next;   // std::map: the reference outlives the unlocked wait below
        set_status(job, job_status::initialized);
        job.ran_from = ++shop_.job_events;
        shop_.max_jobs_running = std::max(shop_.max_jobs_running, ++shop_.jobs_running);
        // The work itself takes time per item; the lock is free meanwhile, so other
        // workers run their jobs and Job/Get answers "still running".
        const auto done_at = Clock::now() + std::chrono::milliseconds(shop_.options.job_item_ms) * job.total;
        if (shop_.jobs_cv.wait_until(lock, done_at, [this] { return shop_.stopping; })) break;
        run_import(shop_, job);
        job.finished = true;
        // guess norce.per-item-validation, docs/guesses.md
        set_status(job, job.fails > 0 ? job_status::validation_failed : job_status::succeeded);
        job.stop = job.last_updated;
        job.stopped_at = Clock::now();
        job.ran_to = ++shop_.job_events;
        job.items = {};   // applied; keep the state small
        --shop_.jobs_running;
        --shop_.jobs_open;
    }
}

namespace {

Job* find_job(Shop& shop, const HttpRequest& req) {
    const std::string id = req.param("id", req.param("jobId"));
    char* end = nullptr;
    const long n = std::strtol(id.c_str(), &end, 10);
    if (id.empty() || *end) return nullptr;
    const auto it = shop.jobs.find(static_cast<int>(n));
    return it == shop.jobs.end() ? nullptr : &it->second;
}

}  // namespace

json::object job_runner_state(const Shop& shop) {
    return {{"workers", shop.options.job_workers}, {"item_ms", shop.options.job_item_ms},
            {"open", shop.jobs_open},          {"running", shop.jobs_running},
            {"max_open", shop.max_jobs_open},  {"max_running", shop.max_jobs_running}};
}

json::object job_state(const Job& job) {
    const auto run = (job.finished ? job.stopped_at : Clock::now()) - job.started_at;
    return {{"JobId", job.id},
            {"Type", import_name(job.kind)},
            {"StatusId", job.status_id},
            {"IsFinished", job.finished},
            {"Start", job.start},
            {"Stop", job.finished ? json::value(job.stop) : json::value(nullptr)},
            {"LastUpdated", job.last_updated},
            {"RunTime", timespan_text(run)},
            {"StorageName", nullptr},
            {"Totals", job.total},
            {"Insert", job.inserts},
            {"Updates", job.updates},
            {"Fail", job.fails}};
}

HttpReply job_get(Shop& shop, const HttpRequest& req) {
    std::lock_guard lock(shop.mu);
    const Job* job = find_job(shop, req);
    // guess norce.job-path, docs/guesses.md (an unknown job is a 400, as a refused Order call)
    if (!job) return failure(400, "no job '" + req.param("id") + "'");
    return wire_json(job_state(*job));
}

HttpReply job_get_log(Shop& shop, const HttpRequest& req) {
    std::lock_guard lock(shop.mu);
    const Job* job = find_job(shop, req);
    if (!job) return failure(400, "no job '" + req.param("id") + "'");
    json::array out;
    for (const auto& l : job->log)
        out.push_back(json::object{{"SeverityId", l.severity},
                                   {"Message", l.message},
                                   {"TimeStamp", l.timestamp},
                                   {"ImportedRow", l.imported_row.empty() ? json::value(nullptr)
                                                                          : json::value(l.imported_row)}});
    return wire_json(out);
}

}  // namespace skarv::sandbox::jetshop
