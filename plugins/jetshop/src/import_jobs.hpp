#pragma once
// Several Connect import jobs in flight at once. Norce runs an import as a job that can
// take a while; a write of many records is many imports. Each is posted as soon as fewer
// than `jobs_in_flight` of this write's jobs are unfinished, and every unfinished job is
// polled each round, so K jobs take about as long as the slowest of each wave rather
// than the sum of all.
//
// Each job's outcome goes to that job alone: its StatusId and log, or what went wrong
// with it. A 5xx, 429, timeout or malformed answer on one job (posting it, polling it,
// reading its log) is that job's failure and the others go on. An authentication error
// or a cancel ends the whole call: it would hit every job alike.
//
// Jobs are posted in order, and a job that writes a record an unfinished earlier job
// also writes waits for it, so a record written twice in one call ends as the later
// write says, as it did when jobs ran one by one.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <skarv/plugin.hpp>

#include "job_status.hpp"
#include "norce_client.hpp"

namespace jetshop {

struct ImportJob {
    std::string path;                 // under Connect, e.g. "/Product/ImportOnhands"
    std::string header;               // X-StormConnect-Header
    std::string body;                 // the JSON array of items
    std::string what;                 // names the import and its records, for messages
    std::vector<std::string> keys;    // the records it writes
};

struct JobFailure {
    std::string code;
    std::string message;
    bool retryable = false;
    std::optional<int64_t> retry_after_ms;
};

// Exactly one of result and failure is set. job_id is empty when the post itself failed.
struct ImportOutcome {
    std::string job_id;
    std::optional<JobResult> result;
    std::optional<JobFailure> failure;
};

// Called once per job, as soon as its outcome is known, with the job's index in `jobs`.
using OnJobDone = std::function<void(std::size_t job, const ImportOutcome& outcome)>;

// Throws only what ends the whole call (see above); every job's outcome reaches `done`
// before it returns.
void run_import_jobs(NorceClient& client, const std::vector<ImportJob>& jobs, const OnJobDone& done,
                     skarv::HostServices host);

}  // namespace jetshop
