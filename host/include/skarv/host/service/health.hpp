#pragma once
// Health: per connection and entity, a plain state (ok, late, failing) with the reason,
// and the figures behind it (docs/operating.md#health). Read by /health, the dashboard
// and /metrics.
//
// The rules, in order:
//   failing  at least 3 of the last 5 passes failed (a record or a read failed);
//   late     no successful pass for more than 3 schedule intervals (counted from the
//            service's start when there never was one);
//   ok       otherwise.
// A cron schedule's interval is the gap between its next two firings after the last run.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "skarv/host/service/scheduler.hpp"
#include "skarv/host/store/store.hpp"

namespace skarv::host {

enum class HealthState { ok, late, failing };
const char* to_string(HealthState state);

struct HealthRules {
    static constexpr int kRecentPasses = 5;
    static constexpr int kFailingPasses = 3;
    static constexpr int kLateAfterIntervals = 3;
};

struct EntityHealth {
    std::string connection, entity;
    HealthState state = HealthState::ok;
    std::string reason;
    int64_t interval_ms = 0;                        // what the schedule expects between passes
    std::optional<int64_t> last_success_at;         // Unix ms
    std::optional<int64_t> oldest_queued_age_ms;
    int64_t queue_depth = 0, dead_letters = 0;
    int64_t recent_passes = 0, recent_failed_passes = 0;
    // Failed records and reads over records considered and reads, in the recent passes.
    double error_rate = 0;
};

// The state of one (connection, entity) from its figures. `since_ms`: when the service
// began watching it, the reference when no pass ever succeeded.
EntityHealth assess_health(const std::string& connection, const std::string& entity, int64_t interval_ms,
                           const EntityFigures& figures, int64_t now_ms, int64_t since_ms);

// The gap the schedule expects between two passes.
int64_t expected_interval_ms(const ScheduledJob& job, int64_t now_ms);

// Every scheduled job's health, in the jobs' order.
std::vector<EntityHealth> assess_jobs(Store& store, const std::vector<ScheduledJob>& jobs, int64_t now_ms, int64_t since_ms);
HealthState worst_state(const std::vector<EntityHealth>& all);

// "40 s", "5 min", "2 h", "3 d": rounded down to the largest whole unit.
std::string describe_duration(int64_t ms);

boost::json::object to_json(const EntityHealth& h, int64_t now_ms);

}  // namespace skarv::host
