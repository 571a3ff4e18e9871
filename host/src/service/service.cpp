#include "skarv/host/service/service.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>
#include <skarv/model/order.hpp>

namespace skarv::host {

Service::Service(SyncRunner& runner, Logger& logger, ServiceOptions options)
    : runner_(runner), logger_(logger), options_(std::move(options)) {
    scheduler_.replace(jobs_for(runner_.config(), system_clock_ms()));
}

Service::~Service() {
    stop();
    wait();
}

uint16_t Service::start() {
    // No SO_REUSEPORT (Poco's ServerSocket(address) sets it): with it a second service
    // binds the same port and the kernel splits the shop's pushes between the two.
    // SO_REUSEADDR stays, so a restart binds at once past the old connections' TIME_WAIT;
    // on Linux it never lets two sockets listen on one port.
    Poco::Net::ServerSocket socket;
    try {
        socket.bind(Poco::Net::SocketAddress(options_.bind, options_.port), true, false);
        socket.listen();
    } catch (const Poco::Exception& e) {
        throw std::runtime_error("cannot listen on " + options_.bind + ":" + std::to_string(options_.port) + ": " +
                                 e.displayText() + " (is another skarv or another program using the port?)");
    }
    port_ = socket.address().port();
    auto params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(8);
    params->setKeepAlive(false);
    params->setThreadIdleTime(Poco::Timespan(0, 200000));   // so stop() is not held up 10 s
    http_ = std::make_unique<Poco::Net::HTTPServer>(make_admin_handler_factory(*this), socket, params);
    http_->start();
    worker_ = std::thread([this] { work(); });
    logger_.log(SKARV_LOG_INFO, "service", "listening on http://" + options_.bind + ":" + std::to_string(port_));
    return port_;
}

void Service::request_reload() {
    reload_requested_ = true;
    // Wake the worker: a trigger of every connection makes it run (and reload) now.
    for (const auto& job : scheduler_.jobs()) scheduler_.trigger(job.connection, std::nullopt);
}

void Service::work() {
    while (!scheduler_.stopped()) {
        auto due = scheduler_.wait_for_due(system_clock_ms);
        if (reload_requested_.exchange(false)) {
            try {
                // Connections or their plans may have changed: schedule what exists now.
                // The jobs are made before the new configuration is applied, so a schedule
                // that cannot work keeps the whole running configuration, jobs and all.
                std::vector<ScheduledJob> jobs;
                runner_.reload([&](const HostConfig& config) { jobs = jobs_for(config, system_clock_ms()); });
                scheduler_.replace(std::move(jobs));
                continue;
            } catch (const std::exception& e) {
                logger_.log(SKARV_LOG_ERROR, "reload", logger_.scrub(e.what()) + " (still running the previous configuration)");
            }
        }
        for (const auto& job : due) {
            if (scheduler_.stopped()) break;
            try {
                runner_.pass({job.connection, job.entity}, options_.transfer);
            } catch (const std::exception& e) {
                logger_.log(SKARV_LOG_ERROR, job.connection + "/" + job.entity, std::string("pass failed: ") + e.what());
            }
            ++passes_;
            try {
                scheduler_.finished(job, system_clock_ms());
            } catch (const std::exception& e) {
                // Checked when the config is loaded; should it happen, one job stops, not the service.
                logger_.log(SKARV_LOG_ERROR, job.connection + "/" + job.entity, std::string("not scheduled again: ") + e.what());
            }
        }
    }
}

void Service::stop() {
    if (stopped_.exchange(true)) return;
    logger_.log(SKARV_LOG_INFO, "service", "stopping: finishing the current batch; queued work stays queued");
    // Stop taking pushes first, so nothing is accepted that will not be queued.
    if (http_) http_->stopAll(false);
    runner_.cancelled()->store(true);
    scheduler_.stop();
}

void Service::wait() {
    if (worker_.joinable()) worker_.join();
}

PushOutcome Service::accept_push(const std::string& connection_name, int channel, const std::string& body,
                                 const boost::json::object& headers) {
    auto lock = runner_.lock_connections();
    ConnectionRuntime* connection = nullptr;
    for (auto& c : runner_.connections())
        if (c->name() == connection_name) connection = c.get();
    if (!connection) return {404, "text/plain", "no connection named " + connection_name + "\n"};
    Endpoint* shop = nullptr;
    for (auto& s : connection->shops())
        if (s.channel == channel) shop = &s;
    if (!shop) return {404, "text/plain", "connection " + connection_name + " has no shop on channel " + std::to_string(channel) + "\n"};

    auto result = shop->instance->call(
        boost::json::object{{"op", "orders.parse_push"}, {"body", body}, {"headers", headers}, {"connection", connection_name},
                            {"channel", channel}});
    if (!result.ok()) {
        auto message = logger_.scrub(result.message());
        logger_.log(SKARV_LOG_WARN, connection_name + "/orders", "push refused: " + message);
        int status = result.status == SKARV_ERR_AUTH ? 401 : result.retryable() ? 503 : 400;
        return {status, "application/json", boost::json::serialize(boost::json::object{{"error", message}})};
    }
    const auto& doc = result.document.as_object();
    const auto* records = doc.if_contains("records");
    if (!records || !records->is_array() || records->get_array().empty()) {
        logger_.log(SKARV_LOG_WARN, connection_name + "/orders", "push refused: it holds no orders");
        return {400, "application/json", R"({"error":"the push holds no orders"})"};
    }
    try {
        for (const auto& record : records->get_array()) {
            auto order = model::read_order(record, "pushed order");
            boost::json::object payload{{"channel", channel}, {"record", record}, {"pushed", true}};
            // Returns once committed and synced; any store failure throws StoreError.
            runner_.store().enqueue(connection_name, "orders", order.order_id, boost::json::serialize(payload),
                                    system_clock_ms());
            logger_.log(SKARV_LOG_INFO, connection_name + "/orders", "pushed order " + order.order_id + " queued");
        }
    } catch (const StoreError& e) {
        // Not stored (disk full, read-only, I/O error, lock timeout): 503 so the shop pushes
        // it again later; nothing is lost. The shop is not told our file's path.
        logger_.log(SKARV_LOG_ERROR, connection_name + "/orders", std::string("push not queued: ") + e.what());
        return {503, "application/json", R"({"error":"the order could not be stored; push it again later"})"};
    } catch (const std::exception& e) {
        // Not queued: answer an error so the shop pushes it again later; nothing is lost.
        logger_.log(SKARV_LOG_ERROR, connection_name + "/orders", std::string("push not queued: ") + e.what());
        return {500, "application/json", boost::json::serialize(boost::json::object{{"error", e.what()}})};
    }
    // Queued durably: now the shop may hear OK, and the transfer starts at once.
    scheduler_.trigger(connection_name, std::string("orders"));
    PushOutcome out;
    if (auto* reply = doc.if_contains("reply"); reply && reply->is_object()) {
        const auto& r = reply->get_object();
        if (auto* s = r.if_contains("status"); s && s->is_int64()) out.status = static_cast<int>(s->get_int64());
        if (auto* c = r.if_contains("content_type"); c && c->is_string()) out.content_type = std::string(c->get_string());
        if (auto* b = r.if_contains("body"); b && b->is_string()) out.body = std::string(b->get_string());
    } else {
        out.body = R"({"status":"queued"})";
    }
    return out;
}

}  // namespace skarv::host
