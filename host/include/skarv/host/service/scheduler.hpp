#pragma once
// Scheduler: when each (connection, entity) runs next. Each has an interval or a cron
// expression; a manual trigger (an operator's "run now", or a pushed order) makes it
// due at once. Thread-safe: HTTP threads trigger, the worker waits.

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "skarv/host/service/cron_schedule.hpp"

namespace skarv::host {

struct ScheduledJob {
    std::string connection;
    std::string entity;
    int64_t interval_ms = 0;               // used when there is no cron
    std::optional<CronSchedule> cron;
    int64_t next_due_ms = 0;
    bool triggered = false;
    int64_t last_run_ms = 0;
};

// Default intervals when the config says nothing: orders often, catalogue rarely.
int64_t default_interval_ms(const std::string& entity);

class Scheduler {
public:
    // `schedule` is a connection's "schedule" object: {"orders": 60, "stock": "*/5 * * * *"}.
    // Throws std::invalid_argument naming a bad entry.
    void add(const std::string& connection, const std::string& entity, const boost::json::value* schedule, int64_t now_ms);

    // Marks due now. Returns false when no such job exists.
    bool trigger(const std::string& connection, const std::optional<std::string>& entity);

    // Blocks until some job is due (or stop()); returns the due jobs, marking them run.
    std::vector<ScheduledJob> wait_for_due(const std::function<int64_t()>& clock);
    void finished(const ScheduledJob& job, int64_t now_ms);
    void stop();
    bool stopped() const;
    void reset();   // forget every job (before adding the reloaded ones)
    std::vector<ScheduledJob> jobs() const;

private:
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::vector<ScheduledJob> jobs_;
    bool stop_ = false;
};

}  // namespace skarv::host
