#include "job_waiter.hpp"

#include <chrono>
#include <thread>

#include "order_query.hpp"
#include "wire_fields.hpp"

namespace jetshop {

namespace json = boost::json;

JobResult wait_for_job(NorceClient& client, const std::string& job_id, const std::string& what,
                       skarv::HostServices host) {
    const Config& config = client.config();
    const std::string label = what + ", job " + job_id;
    // A steady clock, not the host's: tests may hold the host clock still.
    const auto deadline = std::chrono::steady_clock::now() + config.job_timeout;
    JobResult result;
    result.job_id = job_id;
    for (;;) {
        auto doc = client.json("GET", std::string(kConnect) + kJobPath + "/Get?id=" + query_value(job_id), "", {}, label);
        const json::object* job = doc.if_object();
        if (!job)
            throw skarv::PluginError::invalid("malformed_answer", "GET /Job/Get (" + label + "): not a JobDto");
        result.status_id = static_cast<int>(integer(*job, "StatusId").value_or(0));
        const auto* finished = field(*job, "IsFinished");
        const bool done = (finished && finished->is_bool() && finished->get_bool()) || result.status_id == 2 ||
                          result.status_id == 3 || result.status_id == 4;
        if (done) break;
        if (host.cancelled())
            throw skarv::PluginError::retryable("cancelled", label + ": cancelled while waiting for the job");
        if (std::chrono::steady_clock::now() >= deadline)
            throw skarv::PluginError::retryable(
                "job_timeout", label + ": not finished after " + std::to_string(config.job_timeout.count()) + " ms");
        std::this_thread::sleep_for(config.job_poll);
    }
    auto log = client.json("GET", std::string(kConnect) + kJobPath + "/GetLog?id=" + query_value(job_id), "", {}, label);
    if (!log.is_array())
        throw skarv::PluginError::invalid("malformed_answer", "GET /Job/GetLog (" + label + "): not a list of log lines");
    for (const auto& l : log.get_array()) {
        if (!l.is_object()) continue;
        const auto& o = l.get_object();
        result.log.push_back({static_cast<int>(integer(o, "SeverityId").value_or(1)), text(o, "Message"),
                              text(o, "ImportedRow")});
    }
    return result;
}

}  // namespace jetshop
