#pragma once
// Connect imports are asynchronous: the import answers a JobId, and only the job says
// whether the items landed. /Job/Get says whether a job is finished and how it ended;
// /Job/GetLog's lines name the items that failed or were skipped by their record
// (ImportedRow).

#include <optional>
#include <string>
#include <vector>

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

// The job's StatusId once it is finished; nullopt while it is queued or running.
// `what` names the import in errors.
std::optional<int> finished_status(NorceClient& client, const std::string& job_id, const std::string& what);

std::vector<JobLogLine> job_log(NorceClient& client, const std::string& job_id, const std::string& what);

}  // namespace jetshop
