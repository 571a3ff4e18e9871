#pragma once
// The HTTP frame every emulator is built on: a Poco HTTP server on loopback, a route
// table of plain functions from request to reply, fault injection applied uniformly to
// every route, and the control endpoints tests use to inspect state and set faults.
//
// Control endpoints (never subject to faults):
//   GET    /_control/state            what the emulator now holds (JSON, from the state reporter)
//   GET    /_control/faults           the fault rules in force
//   POST   /_control/faults           add a rule: FaultRule as JSON
//   DELETE /_control/faults           clear every rule
//   GET    /_control/log              the requests received so far (method, path, status)
//   DELETE /_control/log              forget the log
//   GET    /_control/connections      {"accepted": N}: TCP connections accepted so far
//   DELETE /_control/connections      start counting from 0 again ({"cleared": N})
// Any other /_control/... path goes to the emulator's own routes (route()/route_prefix()),
// also never faulted and never logged; unknown ones answer 404.
// The log holds every non-control request and how it was answered (including faults,
// 404s and handler exceptions); it keeps the newest `log_capacity` entries.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "skarv/sandbox/fault_plan.hpp"

namespace skarv::sandbox {

struct HttpRequest {
    std::string method;                          // "GET", "POST", ...
    std::string path;                            // without query string, e.g. "/Job/Get"
    std::string raw_query;                       // undecoded, without '?'
    std::multimap<std::string, std::string> query;   // decoded query parameters, in order
    std::map<std::string, std::string> headers;  // header names lower-cased
    std::string body;

    // First value of a query parameter, or fallback.
    std::string param(const std::string& name, const std::string& fallback = "") const;
    // Header by lower-case name, or fallback.
    std::string header(const std::string& lower_name, const std::string& fallback = "") const;
};

struct HttpReply {
    int status = 200;
    std::string content_type = "application/json; charset=utf-8";
    std::map<std::string, std::string> headers;
    std::string body;

    static HttpReply json(const boost::json::value& v, int status = 200);
    static HttpReply text(std::string body, int status = 200,
                          std::string content_type = "text/plain; charset=utf-8");
};

using Handler = std::function<HttpReply(const HttpRequest&)>;

struct LogEntry {
    uint64_t seq = 0;        // 1, 2, ... per emulator, never reused
    std::string method;
    std::string path;
    std::string query;       // raw query string
    int status = 0;          // 0 when the connection was dropped
    std::string fault;       // fault kind name applied, or empty
    int64_t elapsed_ms = 0;
};
boost::json::value to_json(const LogEntry& entry);

class HttpEmulator {
public:
    explicit HttpEmulator(std::string name);
    ~HttpEmulator();
    HttpEmulator(const HttpEmulator&) = delete;
    HttpEmulator& operator=(const HttpEmulator&) = delete;

    // Routes match on method and exact path; the first match wins. Add all before start().
    void route(const std::string& method, const std::string& path, Handler handler);
    // Fallback for paths with a variable part: matches any path starting with prefix.
    void route_prefix(const std::string& method, const std::string& prefix, Handler handler);

    // What GET /_control/state answers.
    void set_state_reporter(std::function<boost::json::value()> reporter);

    // Listens on 127.0.0.1:port; port 0 picks a free one. Returns the port in use.
    uint16_t start(uint16_t port = 0);
    void stop();
    uint16_t port() const;
    std::string base_url() const;   // "http://127.0.0.1:<port>"
    const std::string& name() const;

    FaultPlan& faults();

    // The request log (oldest first), as GET /_control/log answers it.
    std::vector<LogEntry> request_log() const;
    void clear_log();
    void set_log_capacity(std::size_t capacity);   // default 1000

    // TCP connections accepted since construction or the last reset (restarts included),
    // as GET /_control/connections answers it; a request on a kept-alive connection
    // adds nothing.
    uint64_t accepted_connections() const;
    void reset_connection_count();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace skarv::sandbox
