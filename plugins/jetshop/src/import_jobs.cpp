#include "import_jobs.hpp"

#include <algorithm>
#include <chrono>
#include <thread>

#include "wire_fields.hpp"

namespace jetshop {

using SteadyClock = std::chrono::steady_clock;   // not the host's clock: tests may hold it still

namespace {

struct Flight {
    std::size_t index = 0;
    std::string job_id;
    SteadyClock::time_point deadline;
};

bool shares_a_record(const ImportJob& job, const std::vector<Flight>& flying, const std::vector<ImportJob>& jobs) {
    for (const auto& f : flying)
        for (const auto& key : jobs[f.index].keys)
            if (std::find(job.keys.begin(), job.keys.end(), key) != job.keys.end()) return true;
    return false;
}

// What fails one job rather than the call: Norce or the network failing this request
// (retryable), or an answer that makes no sense for this job (invalid).
bool fails_one_job(const skarv::PluginError& e) {
    return e.status() == SKARV_ERR_RETRYABLE || e.status() == SKARV_ERR_INVALID;
}

JobFailure failure_of(const skarv::PluginError& e) {
    return {e.code(), e.what(), e.status() == SKARV_ERR_RETRYABLE, e.retry_after_ms()};
}

std::string post(NorceClient& client, const ImportJob& job) {
    auto answer = client.json("POST", std::string(kConnect) + job.path, job.body,
                              {{"X-StormConnect-Header", job.header}}, job.what);
    std::string job_id = answer.is_object() ? text(answer.get_object(), "JobId") : "";
    if (job_id.empty())
        throw skarv::PluginError::invalid("malformed_answer",
                                          "POST " + job.path + " (" + job.what + "): the answer names no JobId");
    return job_id;
}

}  // namespace

void run_import_jobs(NorceClient& client, const std::vector<ImportJob>& jobs, const OnJobDone& done,
                     skarv::HostServices host) {
    const Config& config = client.config();
    const std::size_t limit = static_cast<std::size_t>(config.jobs_in_flight);
    std::vector<Flight> flying;
    std::size_t next = 0;
    while (next < jobs.size() || !flying.empty()) {
        while (next < jobs.size() && flying.size() < limit && !shares_a_record(jobs[next], flying, jobs)) {
            const std::size_t i = next++;
            try {
                std::string job_id = post(client, jobs[i]);
                flying.push_back({i, std::move(job_id), SteadyClock::now() + config.job_timeout});
            } catch (const skarv::PluginError& e) {
                if (!fails_one_job(e)) throw;
                done(i, {"", std::nullopt, failure_of(e)});
            }
        }
        bool any_finished = false;
        for (std::size_t f = 0; f < flying.size();) {
            const Flight flight = flying[f];
            const std::string label = jobs[flight.index].what + ", job " + flight.job_id;
            ImportOutcome outcome{flight.job_id, std::nullopt, std::nullopt};
            try {
                const auto status = finished_status(client, flight.job_id, label);
                if (!status) {
                    if (SteadyClock::now() < flight.deadline) {
                        ++f;
                        continue;
                    }
                    throw skarv::PluginError::retryable("job_timeout", label + ": not finished after " +
                                                                           std::to_string(config.job_timeout.count()) + " ms");
                }
                outcome.result = JobResult{flight.job_id, *status, job_log(client, flight.job_id, label)};
            } catch (const skarv::PluginError& e) {
                if (!fails_one_job(e)) throw;
                outcome.failure = failure_of(e);
            }
            flying.erase(flying.begin() + static_cast<std::ptrdiff_t>(f));
            any_finished = true;
            done(flight.index, outcome);
        }
        if (any_finished || flying.empty()) continue;   // room for the next post: no sleep
        if (host.cancelled()) {
            std::string ids;
            for (const auto& f : flying) ids += (ids.empty() ? "" : ", ") + f.job_id;
            throw skarv::PluginError::retryable("cancelled", "cancelled while waiting for Norce jobs " + ids);
        }
        std::this_thread::sleep_for(config.job_poll);
    }
}

}  // namespace jetshop
