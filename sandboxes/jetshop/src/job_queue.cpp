#include "job_queue.hpp"

#include "connect_imports.hpp"
#include "wire_format.hpp"

namespace skarv::sandbox::jetshop {

namespace json = boost::json;

void JobRunner::start() { thread_ = std::thread([this] { loop(); }); }

void JobRunner::stop() {
    if (thread_.joinable()) {
        shop_.jobs_cv.notify_all();
        thread_.join();
    }
}

void JobRunner::loop() {
    std::unique_lock lock(shop_.mu);
    while (!shop_.stopping) {
        Job* next = nullptr;
        for (auto& [id, job] : shop_.jobs)
            if (!job.finished && (!next || job.due_at < next->due_at)) next = &job;
        if (!next) {
            shop_.jobs_cv.wait(lock);
            continue;
        }
        if (next->due_at > Clock::now()) {
            shop_.jobs_cv.wait_until(lock, next->due_at);
            continue;
        }
        run_import(shop_, *next);
        next->finished = true;
        // guess norce.per-item-validation, docs/guesses.md
        next->status_id = next->fails > 0 ? 4 : 2;
        next->stop = next->last_updated = now_iso();
        next->stopped_at = Clock::now();
        next->items = {};   // applied; keep the state small
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
