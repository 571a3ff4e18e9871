#pragma once
// Service: Skarv running as a service (`skarv run`): a worker thread that runs each
// connection's entities when the scheduler says so, and one HTTP server (loopback by
// default) for the shop's order push, the admin API, the dashboard and /metrics.
// stop() is the clean shutdown: no new work, in-flight transfers stop between batches
// (what is not delivered stays in the durable queue), then the threads end.

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>

#include "skarv/host/flow/sync_runner.hpp"
#include "skarv/host/service/scheduler.hpp"

namespace Poco::Net {
class HTTPServer;
class HTTPRequestHandlerFactory;
}

namespace skarv::host {

struct ServiceOptions {
    std::string bind = "127.0.0.1";
    uint16_t port = 8710;          // 0 picks a free port
    TransferOptions transfer;
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

    uint16_t start();   // returns the port the HTTP server listens on
    void stop();
    void wait();        // until stop() has finished
    // Reload config and plugins between passes (SIGHUP); problems are logged and the
    // running connections go on unchanged.
    void request_reload();

    // The order push: parse with the shop's connector, queue durably, then answer.
    PushOutcome accept_push(const std::string& connection, int channel, const std::string& body,
                            const boost::json::object& headers);

    SyncRunner& runner() { return runner_; }
    Scheduler& scheduler() { return scheduler_; }
    Logger& logger() { return logger_; }
    uint16_t port() const { return port_; }
    int64_t passes_run() const { return passes_.load(); }

private:
    void work();

    SyncRunner& runner_;
    Logger& logger_;
    ServiceOptions options_;
    Scheduler scheduler_;
    std::unique_ptr<Poco::Net::HTTPServer> http_;
    std::thread worker_;
    uint16_t port_ = 0;
    std::atomic<int64_t> passes_{0};
    std::atomic<bool> stopped_{false};
    std::atomic<bool> reload_requested_{false};
};

// The admin API and dashboard handler factory (admin_api.cpp).
Poco::Net::HTTPRequestHandlerFactory* make_admin_handler_factory(Service& service);

}  // namespace skarv::host
