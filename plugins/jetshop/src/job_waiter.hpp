#pragma once
// Connect imports are asynchronous: the import answers a JobId, and only the job says
// whether the items landed. This waits on /Job/Get until the job is finished (or the
// configured time runs out, which is retryable: imports are idempotent) and reads its
// log from /Job/GetLog, whose lines name the failed item and its row in the import.

#include <string>
#include <vector>

#include <skarv/plugin.hpp>

#include "norce_client.hpp"

namespace jetshop {

struct JobLogLine {
    int severity = 1;        // 1 Info, 2 Warning, 3 Error
    std::string message;
    std::string imported_row;   // the record as Norce quotes it (maybe cut short); empty = the job
};

struct JobResult {
    std::string job_id;
    int status_id = 0;       // 2 Succeeded, 3 Failed, 4 Validation failed
    std::vector<JobLogLine> log;
};

JobResult wait_for_job(NorceClient& client, const std::string& job_id, const std::string& what,
                       skarv::HostServices host);

}  // namespace jetshop
