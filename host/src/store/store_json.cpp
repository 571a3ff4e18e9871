#include "skarv/host/store/store_json.hpp"

namespace skarv::host {

boost::json::object to_json(const TransferReport& r) {
    boost::system::error_code ec;
    auto errors = boost::json::parse(r.errors_json, ec);
    return {{"id", r.id}, {"connection", r.connection}, {"entity", r.entity}, {"started_at", r.started_at},
            {"ended_at", r.ended_at ? boost::json::value(*r.ended_at) : boost::json::value(nullptr)},
            {"considered", r.considered}, {"created", r.created}, {"updated", r.updated}, {"unchanged", r.unchanged},
            {"skipped", r.skipped}, {"failed", r.failed}, {"read_failures", r.read_failures}, {"errors", ec ? boost::json::value(boost::json::array{}) : errors}};
}

boost::json::object to_json(const DeadLetter& d, bool with_payload) {
    boost::json::object o{{"id", d.id}, {"connection", d.connection}, {"entity", d.entity}, {"record", d.record_key},
                          {"error", d.error}, {"attempts", d.attempts}, {"created_at", d.created_at},
                          {"replayed_at", d.replayed_at ? boost::json::value(*d.replayed_at) : boost::json::value(nullptr)}};
    if (with_payload) {
        boost::system::error_code ec;
        auto payload = boost::json::parse(d.payload, ec);
        o["payload"] = ec ? boost::json::value(d.payload) : payload;
    }
    return o;
}

}  // namespace skarv::host
