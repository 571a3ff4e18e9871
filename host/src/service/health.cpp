#include "skarv/host/service/health.hpp"

#include <algorithm>

namespace skarv::host {

const char* to_string(HealthState state) {
    switch (state) {
        case HealthState::ok: return "ok";
        case HealthState::late: return "late";
        case HealthState::failing: return "failing";
    }
    return "ok";
}

std::string describe_duration(int64_t ms) {
    const int64_t s = std::max<int64_t>(0, ms) / 1000;
    if (s < 120) return std::to_string(s) + " s";
    if (s < 2 * 3600) return std::to_string(s / 60) + " min";
    if (s < 2 * 86400) return std::to_string(s / 3600) + " h";
    return std::to_string(s / 86400) + " d";
}

int64_t expected_interval_ms(const ScheduledJob& job, int64_t now_ms) {
    if (!job.cron) return job.interval_ms;
    const auto from = job.last_run_ms ? job.last_run_ms : now_ms;
    const auto first = job.cron->next_after(from);
    return job.cron->next_after(first) - first;
}

EntityHealth assess_health(const std::string& connection, const std::string& entity, int64_t interval_ms,
                           const EntityFigures& f, int64_t now_ms, int64_t since_ms) {
    EntityHealth h;
    h.connection = connection;
    h.entity = entity;
    h.interval_ms = interval_ms;
    h.last_success_at = f.last_success_at;
    h.queue_depth = f.queued;
    h.dead_letters = f.dead_letters;
    if (f.oldest_queued_at) h.oldest_queued_age_ms = std::max<int64_t>(0, now_ms - *f.oldest_queued_at);

    int64_t failures = 0, records = 0;
    const PassSummary* newest_failed = nullptr;
    for (std::size_t i = 0; i < f.recent.size() && i < static_cast<std::size_t>(HealthRules::kRecentPasses); ++i) {
        const auto& p = f.recent[i];
        ++h.recent_passes;
        failures += p.failed + p.read_failures;
        records += p.considered + p.read_failures;
        if (p.failed_pass()) {
            ++h.recent_failed_passes;
            if (!newest_failed) newest_failed = &p;
        }
    }
    h.error_rate = records ? static_cast<double>(failures) / static_cast<double>(records) : 0.0;

    const auto schedule = "schedule every " + describe_duration(interval_ms);
    // One bad record in a pass is a dead letter to look at, not a connection down: only
    // a pass failing again and again is.
    if (h.recent_failed_passes >= HealthRules::kFailingPasses) {
        h.state = HealthState::failing;
        std::string why = newest_failed->first_error;
        if (why.empty())
            why = newest_failed->read_failures ? std::to_string(newest_failed->read_failures) + " reads failed"
                                               : std::to_string(newest_failed->failed) + " records failed";
        h.reason = std::to_string(h.recent_failed_passes) + " of last " + std::to_string(h.recent_passes) +
                   " passes failed: " + why;
        return h;
    }
    const auto reference = f.last_success_at.value_or(since_ms);
    const auto quiet = now_ms - reference;
    if (interval_ms > 0 && quiet > HealthRules::kLateAfterIntervals * interval_ms) {
        h.state = HealthState::late;
        h.reason = f.last_success_at ? "last successful pass " + describe_duration(quiet) + " ago, " + schedule
                                     : "no successful pass in the " + describe_duration(quiet) +
                                           " since the service started, " + schedule;
        return h;
    }
    if (f.last_success_at) h.reason = "last successful pass " + describe_duration(quiet) + " ago, " + schedule;
    else if (h.recent_passes)
        h.reason = "no successful pass yet (" + std::to_string(h.recent_failed_passes) + " of last " +
                   std::to_string(h.recent_passes) + " passes failed), " + schedule;
    else h.reason = "no pass finished yet, " + schedule;
    return h;
}

std::vector<EntityHealth> assess_jobs(Store& store, const std::vector<ScheduledJob>& jobs, int64_t now_ms, int64_t since_ms) {
    std::vector<EntityHealth> out;
    for (const auto& job : jobs)
        out.push_back(assess_health(job.connection, job.entity, expected_interval_ms(job, now_ms),
                                    store.entity_figures(job.connection, job.entity, HealthRules::kRecentPasses), now_ms,
                                    since_ms));
    return out;
}

HealthState worst_state(const std::vector<EntityHealth>& all) {
    auto worst = HealthState::ok;
    for (const auto& h : all) worst = std::max(worst, h.state);
    return worst;
}

boost::json::object to_json(const EntityHealth& h, int64_t now_ms) {
    boost::json::object o{{"connection", h.connection},
                          {"entity", h.entity},
                          {"state", to_string(h.state)},
                          {"reason", h.reason},
                          {"interval_s", h.interval_ms / 1000},
                          {"queue_depth", h.queue_depth},
                          {"dead_letters", h.dead_letters},
                          {"recent_passes", h.recent_passes},
                          {"recent_failed_passes", h.recent_failed_passes},
                          {"error_rate", h.error_rate}};
    o["last_success_ms"] = h.last_success_at ? boost::json::value(*h.last_success_at) : nullptr;
    o["last_success_age_s"] = h.last_success_at ? boost::json::value((now_ms - *h.last_success_at) / 1000) : nullptr;
    o["oldest_queued_age_s"] = h.oldest_queued_age_ms ? boost::json::value(*h.oldest_queued_age_ms / 1000) : nullptr;
    return o;
}

}  // namespace skarv::host
