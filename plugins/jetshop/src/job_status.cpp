#include "job_status.hpp"

#include "order_query.hpp"
#include "wire_fields.hpp"

namespace jetshop {

namespace json = boost::json;

std::optional<int> finished_status(NorceClient& client, const std::string& job_id, const std::string& what) {
    auto doc = client.json("GET", std::string(kConnect) + kJobPath + "/Get?id=" + query_value(job_id), "", {}, what);
    const json::object* job = doc.if_object();
    if (!job) throw skarv::PluginError::invalid("malformed_answer", "GET /Job/Get (" + what + "): not a JobDto");
    const int status_id = static_cast<int>(integer(*job, "StatusId").value_or(0));
    // StatusId 2 Succeeded, 3 Failed, 4 Validation failed end a job
    // (https://docs.norce.io/api-reference/schemas/connectjob); IsFinished says so as well.
    const auto* finished = field(*job, "IsFinished");
    const bool done = (finished && finished->is_bool() && finished->get_bool()) || status_id == 2 || status_id == 3 ||
                      status_id == 4;
    return done ? std::optional<int>(status_id) : std::nullopt;
}

std::vector<JobLogLine> job_log(NorceClient& client, const std::string& job_id, const std::string& what) {
    auto log = client.json("GET", std::string(kConnect) + kJobPath + "/GetLog?id=" + query_value(job_id), "", {}, what);
    if (!log.is_array())
        throw skarv::PluginError::invalid("malformed_answer", "GET /Job/GetLog (" + what + "): not a list of log lines");
    std::vector<JobLogLine> out;
    for (const auto& l : log.get_array()) {
        if (!l.is_object()) continue;
        const auto& o = l.get_object();
        out.push_back({static_cast<int>(integer(o, "SeverityId").value_or(1)), text(o, "Message"), text(o, "ImportedRow")});
    }
    return out;
}

}  // namespace jetshop
