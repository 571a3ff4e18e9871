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

#include "skarv/host/config/host_config.hpp"
#include "skarv/host/service/cron_schedule.hpp"

namespace skarv::host {

struct ScheduledJob {
    std::string connection;
    std::string entity;
    int64_t interval_ms = 0;               // used when there is no cron
    std::optional<CronSchedule> cron;
    int64_t next_due_ms = 0;
    bool triggered = false;
    bool in_flight = false;                // handed out by wait_for_due, not yet finished()
    int64_t last_run_ms = 0;
};

// Default intervals when the config says nothing: orders often, catalogue rarely.
int64_t default_interval_ms(const std::string& entity);

// An interval is 1 s to 366 days: beyond that it is a mistake (and 2^63-1 s once
// overflowed into a pass every millisecond).
constexpr int64_t kMaxIntervalSeconds = 366LL * 24 * 60 * 60;

// The job for (connection, entity): `schedule` is a connection's "schedule" object,
// {"orders": 60, "stock": "*/5 * * * *"}, cron evaluated in `zone` (UTC if null). Due
// at `now_ms`: everything runs once at start-up, so a restarted service catches up.
// Throws std::invalid_argument saying what is wrong with the entry (not where).
ScheduledJob make_job(const std::string& connection, const std::string& entity, const boost::json::value* schedule,
                      const date::time_zone* zone, int64_t now_ms);

// Every planned (connection, entity) of a configuration, in its "timezone". Throws
// std::invalid_argument as make_job does.
std::vector<ScheduledJob> jobs_for(const HostConfig& config, int64_t now_ms);

class Scheduler {
public:
    // make_job, then added. Throws std::invalid_argument naming a bad entry.
    void add(const std::string& connection, const std::string& entity, const boost::json::value* schedule, int64_t now_ms);
    // Every job at once (start-up and reload): the old ones are gone only when the new
    // ones are all made.
    void replace(std::vector<ScheduledJob> jobs);

    // Marks due now. Returns false when no such job exists.
    bool trigger(const std::string& connection, const std::optional<std::string>& entity);

    // Blocks until some job is due (or stop()); returns the due jobs, marking them run.
    std::vector<ScheduledJob> wait_for_due(const std::function<int64_t()>& clock);
    void finished(const ScheduledJob& job, int64_t now_ms);
    void stop();
    bool stopped() const;
    std::vector<ScheduledJob> jobs() const;

private:
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::vector<ScheduledJob> jobs_;
    bool stop_ = false;
};

}  // namespace skarv::host
