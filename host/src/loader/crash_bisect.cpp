#include "skarv/host/loader/crash_bisect.hpp"

namespace skarv::host {
namespace {

std::string op_of(const boost::json::object& request) {
    auto* op = request.if_contains("op");
    return op && op->is_string() ? std::string(op->get_string()) : "call";
}

boost::json::object crash_error(const std::string& who, const std::string& op, const Attempt& attempt) {
    return {{"code", attempt.timed_out ? "plugin_timed_out" : "plugin_crashed"},
            {"message", who + " failed during '" + op + "': " + attempt.failure},
            {"retryable", false},
            {"items", boost::json::array{}}};
}

// The answer a plugin would give for a record it failed, in the shape of the operation.
boost::json::object failed_record(const std::string& op, const boost::json::object& error) {
    if (op == "transform")
        return {{"index", 0}, {"action", "fail"}, {"reason", error.at("message")}};
    return {{"index", 0}, {"outcome", "failed"}, {"error", error}};
}

struct Bisector {
    const AttemptFunction& attempt;
    const std::string& who;
    std::string op;

    // `enclosing_crashed`: a larger call holding these records crashed already.
    CallResult run(const boost::json::object& request, const boost::json::array& records, bool enclosing_crashed) {
        auto tried = attempt(request);
        if (tried.answer) return std::move(*tried.answer);
        auto error = crash_error(who, op, tried);
        if (tried.timed_out) return {SKARV_ERR_INTERNAL, error};
        if (records.size() == 1) {
            if (!enclosing_crashed) return run(request, records, true);   // twice before we blame it
            return {SKARV_OK, boost::json::object{{"results", boost::json::array{failed_record(op, error)}}}};
        }
        auto half = records.size() / 2;
        boost::json::array results;
        for (auto [from, to] : {std::pair{std::size_t{0}, half}, std::pair{half, records.size()}}) {
            boost::json::array part(records.begin() + static_cast<std::ptrdiff_t>(from),
                                    records.begin() + static_cast<std::ptrdiff_t>(to));
            auto sub = request;
            sub["records"] = part;
            auto answer = run(sub, part, true);
            // A half that failed as a whole (the remote is down, the plugin refused) fails the
            // whole call, as it would have without the crash: the flow retries the batch.
            if (!answer.ok()) return answer;
            auto* got = answer.document.is_object() ? answer.document.get_object().if_contains("results") : nullptr;
            if (!got || !got->is_array()) return answer;   // the flow reports the missing results
            for (auto r : got->get_array()) {
                if (r.is_object())
                    if (auto* idx = r.get_object().if_contains("index"); idx && idx->is_int64())
                        *idx = idx->get_int64() + static_cast<int64_t>(from);
                results.push_back(std::move(r));
            }
        }
        return {SKARV_OK, boost::json::object{{"results", std::move(results)}}};
    }
};

}  // namespace

CallResult call_bisecting_crashes(const boost::json::object& request, const AttemptFunction& attempt, const std::string& who) {
    auto op = op_of(request);
    auto* records = request.if_contains("records");
    if (!records || !records->is_array() || records->get_array().empty()) {
        auto tried = attempt(request);
        if (tried.answer) return std::move(*tried.answer);
        return {SKARV_ERR_INTERNAL, crash_error(who, op, tried)};
    }
    Bisector b{attempt, who, op};
    return b.run(request, records->get_array(), false);
}

}  // namespace skarv::host
