#include "skarv/host/service/scheduler.hpp"

#include <algorithm>
#include <chrono>
#include <functional>

#include "skarv/host/flow/flow_plan.hpp"

namespace skarv::host {

int64_t default_interval_ms(const std::string& entity) {
    if (entity == "orders") return 60'000;
    if (entity == "status" || entity == "stock") return 5 * 60'000;
    return 60 * 60'000;
}

ScheduledJob make_job(const std::string& connection, const std::string& entity, const boost::json::value* schedule,
                      const date::time_zone* zone, int64_t now_ms) {
    ScheduledJob job;
    job.connection = connection;
    job.entity = entity;
    job.interval_ms = default_interval_ms(entity);
    const boost::json::value* entry = nullptr;
    if (schedule && schedule->is_object()) entry = schedule->get_object().if_contains(entity);
    if (entry) {
        if (entry->is_int64() && entry->get_int64() >= 1 && entry->get_int64() <= kMaxIntervalSeconds)
            job.interval_ms = entry->get_int64() * 1000;
        else if (entry->is_string())
            job.cron.emplace(std::string(entry->get_string()), zone);
        else
            throw std::invalid_argument("must be seconds (from 1 to " + std::to_string(kMaxIntervalSeconds) +
                                        ", 366 days) or a cron expression");
    }
    job.next_due_ms = now_ms;
    return job;
}

std::vector<ScheduledJob> jobs_for(const HostConfig& config, int64_t now_ms) {
    // Only cron needs a zone: a machine without one runs interval schedules regardless.
    const date::time_zone* zone = nullptr;
    std::vector<ScheduledJob> jobs;
    for (const auto& c : config.connections)
        for (const auto& flow : plan_for(c.flow, c.masters ? &*c.masters : nullptr)) {
            try {
                const auto* entry = c.schedule.is_object() ? c.schedule.get_object().if_contains(flow.entity) : nullptr;
                if (!zone && entry && entry->is_string()) zone = find_time_zone(config.timezone);
                jobs.push_back(make_job(c.name, flow.entity, c.schedule.is_null() ? nullptr : &c.schedule, zone, now_ms));
            } catch (const std::invalid_argument& e) {
                throw std::invalid_argument(c.path + ".schedule." + flow.entity + ": " + e.what());
            }
        }
    return jobs;
}

void Scheduler::add(const std::string& connection, const std::string& entity, const boost::json::value* schedule,
                    int64_t now_ms) {
    ScheduledJob job;
    try {
        job = make_job(connection, entity, schedule, nullptr, now_ms);
    } catch (const std::invalid_argument& e) {
        throw std::invalid_argument("connection " + connection + ": schedule." + entity + " " + e.what());
    }
    std::lock_guard lock(mutex_);
    jobs_.push_back(std::move(job));
    wake_.notify_all();
}

void Scheduler::replace(std::vector<ScheduledJob> jobs) {
    std::lock_guard lock(mutex_);
    jobs_ = std::move(jobs);
    wake_.notify_all();
}

bool Scheduler::trigger(const std::string& connection, const std::optional<std::string>& entity) {
    std::lock_guard lock(mutex_);
    bool any = false;
    for (auto& j : jobs_)
        if (j.connection == connection && (!entity || *entity == j.entity)) j.triggered = any = true;
    if (any) wake_.notify_all();
    return any;
}

std::vector<ScheduledJob> Scheduler::wait_for_due(const std::function<int64_t()>& clock) {
    std::unique_lock lock(mutex_);
    while (!stop_) {
        int64_t now = clock();
        std::vector<ScheduledJob> due;
        int64_t earliest = now + 60'000;
        for (auto& j : jobs_) {
            // A job is handed out once until finished(); a trigger meanwhile stays set and
            // runs it again after.
            if (j.in_flight) continue;
            if (j.triggered || j.next_due_ms <= now) {
                j.triggered = false;
                j.in_flight = true;
                due.push_back(j);
            } else {
                earliest = std::min(earliest, j.next_due_ms);
            }
        }
        if (!due.empty()) return due;
        wake_.wait_for(lock, std::chrono::milliseconds(std::max<int64_t>(10, earliest - now)));
    }
    return {};
}

void Scheduler::finished(const ScheduledJob& job, int64_t now_ms) {
    std::lock_guard lock(mutex_);
    for (auto& j : jobs_)
        if (j.connection == job.connection && j.entity == job.entity) {
            j.in_flight = false;
            j.last_run_ms = now_ms;
            j.next_due_ms = j.cron ? j.cron->next_after(now_ms) : now_ms + j.interval_ms;
        }
    wake_.notify_all();   // a trigger that came while it ran is due now
}

void Scheduler::stop() {
    std::lock_guard lock(mutex_);
    stop_ = true;
    wake_.notify_all();
}

bool Scheduler::stopped() const {
    std::lock_guard lock(mutex_);
    return stop_;
}

std::vector<ScheduledJob> Scheduler::jobs() const {
    std::lock_guard lock(mutex_);
    return jobs_;
}

}  // namespace skarv::host
