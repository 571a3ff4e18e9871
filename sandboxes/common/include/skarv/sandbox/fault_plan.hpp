#pragma once
// Faults on demand: rules that make an emulator slow, failing, rate-limited, rude or
// incoherent for chosen endpoints, so tests can prove nothing is lost under faults.

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

namespace skarv::sandbox {

enum class FaultKind {
    latency,        // sleep latency_ms, then answer normally
    server_error,   // answer `status` (default 500) with a short body
    rate_limit,     // answer 429 with Retry-After: retry_after_s
    drop,           // close the connection without an answer
    malformed,      // answer normally but with the body cut in half
};

struct FaultRule {
    FaultKind kind = FaultKind::server_error;
    std::string path = "*";     // exact path, a prefix ending in '*', or "*" for all
    std::string method = "*";   // "*" for all
    int latency_ms = 0;
    int status = 500;
    int retry_after_s = 1;
    int times = -1;             // how many matching requests it hits; -1 = until cleared
    int skip = 0;               // let this many matching requests through first
    // server_error, rate_limit, drop: run the route's handler first (its effects stand)
    // and only then fault the reply -- "the order was created but the answer was lost".
    // latency: run the handler at once and delay only the answer.
    bool after_handler = false;
};

// "latency", "server_error", "rate_limit", "drop", "malformed".
std::string fault_kind_name(FaultKind kind);
// Accepts the names above; throws std::invalid_argument.
FaultKind fault_kind_from_string(const std::string& name);

boost::json::value to_json(const FaultRule& rule);
// Throws std::invalid_argument naming the bad field.
FaultRule fault_rule_from_json(const boost::json::value& v);
// "500:/Job/Get", "429:*:2" (retry after 2 s), "latency:/x:300", "drop:/x", "malformed:/x"
// with an optional ":times=N" suffix; for command-line flags. Throws std::invalid_argument.
// Also accepted as suffixes: ":skip=N", ":method=POST", ":after" (after_handler), and
// "error"/"server_error" (status 500), "rate_limit" (429) as kind names. Any 3-digit
// status other than 429 is a server_error answering that status.
FaultRule parse_fault_flag(const std::string& flag);

// Thread-safe; one per emulator.
class FaultPlan {
public:
    void add(FaultRule rule);
    void clear();
    std::vector<FaultRule> rules() const;
    // The first rule matching this request, consuming one of its `times`; latency rules
    // are returned as well so the caller can sleep and go on.
    std::optional<FaultRule> take(const std::string& method, const std::string& path);

private:
    mutable std::mutex mutex_;
    std::vector<FaultRule> rules_;
};

}  // namespace skarv::sandbox
