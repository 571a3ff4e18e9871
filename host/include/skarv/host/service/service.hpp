#pragma once
// Service: Skarv running as a service (`skarv run`): a worker thread that runs each
// connection's entities when the scheduler says so, and one HTTP(S) server (loopback by
// default) for the shop's order push, the admin API, the dashboard and /metrics. The
// listener's settings (TLS, tokens, limits) are the configuration's "http" and "admin"
// blocks (docs/operating.md#the-http-listener).
// stop() is the clean shutdown: no new work, in-flight transfers stop between batches
// (what is not delivered stays in the durable queue), then the threads end.

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "skarv/host/flow/sync_runner.hpp"
#include "skarv/host/service/admin_access.hpp"
#include "skarv/host/service/lease_keeper.hpp"
#include "skarv/host/service/pass_pool.hpp"
#include "skarv/host/service/scheduler.hpp"

namespace Poco {
class ThreadPool;
}
namespace Poco::Net {
class TCPServer;
class HTTPRequestHandlerFactory;
}

namespace skarv::host {

class ConnectionDeadlines;
class TlsListener;

struct ServiceOptions {
    std::string bind = "127.0.0.1";
    uint16_t port = 8710;          // 0 picks a free port
    TransferOptions transfer;
    std::size_t pass_threads = 0;   // passes at once; 0: two a connection, from 2 to 8
};

struct PushOutcome {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
};

class Service {
public:
    Service(SyncRunner& runner, Logger& logger, ServiceOptions options);
    ~Service();

    // Returns the port the HTTP server listens on. Throws std::runtime_error when the
    // listener cannot be set up: plain HTTP on a non-loopback address without
    // http.allow_plain_http, or an unreadable TLS certificate or key.
    uint16_t start();
    void stop();
    void wait();        // until stop() has finished
    // Reload config and plugins between passes (SIGHUP); problems are logged and the
    // running connections go on unchanged.
    void request_reload();

    // The order push: parse with the shop's connector, queue durably, then answer.
    PushOutcome accept_push(const std::string& connection, int channel, const std::string& body,
                            const boost::json::object& headers);
    // Before the body is read: the shop connector judges the push's credentials from the
    // headers alone. An answer (404, 401) means refuse; nullopt means go on and read.
    std::optional<PushOutcome> refuse_push_early(const std::string& connection, int channel,
                                                 const boost::json::object& headers);

    AdminAccess& access() { return access_; }
    bool tls() const { return tls_ != nullptr; }
    int64_t max_push_bytes() const { return max_push_bytes_.load(); }
    int64_t max_admin_bytes() const { return max_admin_bytes_.load(); }
    int64_t body_timeout_ms() const { return body_timeout_ms_.load(); }
    // Connections shut for missing their header or body deadline since the start.
    int64_t connections_cut() const;

    SyncRunner& runner() { return runner_; }
    Scheduler& scheduler() { return scheduler_; }
    // This worker's leases (set once start() has run).
    const LeaseKeeper* leases() const { return leases_.get(); }
    Logger& logger() { return logger_; }
    uint16_t port() const { return port_; }
    int64_t passes_run() const { return passes_.load(); }
    // When this service was made (Unix ms): health's reference for a job that never succeeded.
    int64_t started_ms() const { return started_ms_; }

private:
    void work();
    void run_pass(const ScheduledJob& job);
    void prune_when_due();   // retention, on the scheduler's thread
    void apply_http_settings(const HttpSettings& http);
    void reload_certificate();

    SyncRunner& runner_;
    Logger& logger_;
    ServiceOptions options_;
    Scheduler scheduler_;
    AdminAccess access_;
    std::atomic<int64_t> max_push_bytes_{0};
    std::atomic<int64_t> max_admin_bytes_{0};
    std::atomic<int64_t> body_timeout_ms_{0};
    // Declared before the server, so the server is destroyed first.
    std::unique_ptr<ConnectionDeadlines> deadlines_;
    std::unique_ptr<TlsListener> tls_;
    std::unique_ptr<Poco::ThreadPool> workers_;
    std::unique_ptr<Poco::Net::TCPServer> http_;
    std::thread worker_;                 // waits for due jobs, hands them to the pool
    std::unique_ptr<PassPool> pool_;     // runs them, a lane at a time
    std::unique_ptr<LeaseKeeper> leases_;   // which connections run here; stopped in wait(), after the pool
    int64_t last_prune_ms_ = 0;          // scheduler thread only
    uint16_t port_ = 0;
    std::atomic<int64_t> passes_{0};
    int64_t started_ms_ = system_clock_ms();
    std::atomic<bool> stopped_{false};
    std::atomic<bool> reload_requested_{false};
};

// The admin API and dashboard handler factory (admin_api.cpp).
Poco::Net::HTTPRequestHandlerFactory* make_admin_handler_factory(Service& service);

}  // namespace skarv::host
