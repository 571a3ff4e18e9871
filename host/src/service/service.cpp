#include "skarv/host/service/service.hpp"

#include <signal.h>

#include <algorithm>

#include <Poco/Exception.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/IPAddress.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/ThreadPool.h>
#include <skarv/model/order.hpp>

#include "connection_deadlines.hpp"
#include "tls_listener.hpp"

namespace skarv::host {

Service::Service(SyncRunner& runner, Logger& logger, ServiceOptions options)
    : runner_(runner), logger_(logger), options_(std::move(options)) {
    scheduler_.replace(jobs_for(runner_.config(), system_clock_ms()));
}

Service::~Service() {
    stop();
    wait();
}

namespace {

std::vector<std::string> connection_names(const HostConfig& config) {
    std::vector<std::string> names;
    for (const auto& c : config.connections) names.push_back(c.name);
    return names;
}

bool is_loopback(const std::string& bind) {
    if (bind == "localhost") return true;
    Poco::Net::IPAddress address;
    return Poco::Net::IPAddress::tryParse(bind, address) && address.isLoopback();
}

}  // namespace

void Service::apply_http_settings(const HttpSettings& http) {
    access_.configure(http, options_.bind);
    max_push_bytes_ = http.max_push_bytes;
    max_admin_bytes_ = http.max_admin_bytes;
    body_timeout_ms_ = http.body_timeout_ms;
    if (http.admin_tokens.empty())
        logger_.log(SKARV_LOG_WARN, "service",
                    "no admin tokens configured: the admin API and the dashboard refuse every request "
                    "(make one with `skarv token new`, docs/operating.md)");
}

void Service::reload_certificate() {
    const auto& http = runner_.config().http;
    if (!tls_) {
        if (!http.tls_certificate.empty())
            logger_.log(SKARV_LOG_WARN, "service", "http.tls was added: HTTPS starts at the next start, not on reload");
        return;
    }
    if (http.tls_certificate.empty()) {
        logger_.log(SKARV_LOG_WARN, "service", "http.tls was removed: the listener keeps TLS until the next start");
        return;
    }
    try {
        tls_->reload(http.tls_certificate, http.tls_key);
        logger_.log(SKARV_LOG_INFO, "service", "TLS certificate reloaded from " + http.tls_certificate.string());
    } catch (const std::exception& e) {
        logger_.log(SKARV_LOG_ERROR, "service", logger_.scrub(e.what()) + " (still serving the previous certificate)");
    }
}

uint16_t Service::start() {
    const auto& http = runner_.config().http;
    bool https = !http.tls_certificate.empty();
    if (!https && !is_loopback(options_.bind) && !http.allow_plain_http)
        throw std::runtime_error("refusing plain HTTP on " + options_.bind +
                                 ", which is not a loopback address: give http.tls a certificate and key, or, behind a "
                                 "proxy that terminates TLS, set http.allow_plain_http (docs/operating.md)");
    // A client that hangs up while its answer is written must cost an error, not the
    // process (the default action of SIGPIPE).
    ::signal(SIGPIPE, SIG_IGN);
    apply_http_settings(http);
    if (https) tls_ = std::make_unique<TlsListener>(http.tls_certificate, http.tls_key);

    Poco::Net::SocketAddress address(options_.bind, options_.port);
    // A deep backlog: a burst of connections waits in the kernel instead of being refused.
    constexpr int kBacklog = 1024;
    auto socket = [&]() -> Poco::Net::ServerSocket {
        if (https) return Poco::Net::SecureServerSocket(tls_->context());
        return Poco::Net::ServerSocket();
    }();
    // No SO_REUSEPORT (Poco's ServerSocket(address) sets it): with it a second service
    // binds the same port and the kernel splits the shop's pushes between the two.
    // SO_REUSEADDR stays, so a restart binds at once past the old connections' TIME_WAIT;
    // on Linux it never lets two sockets listen on one port.
    try {
        socket.bind(address, true, false);
        socket.listen(kBacklog);
    } catch (const Poco::Exception& e) {
        throw std::runtime_error("cannot listen on " + options_.bind + ":" + std::to_string(options_.port) + ": " +
                                 e.displayText() + " (is another skarv or another program using the port?)");
    }
    port_ = socket.address().port();
    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(http.workers);
    params->setMaxQueued(http.queue);
    params->setKeepAlive(false);
    params->setThreadIdleTime(Poco::Timespan(0, 200000));   // so stop() is not held up 10 s
    // Each read's own timeout; the deadlines below bound the whole header and body.
    params->setTimeout(Poco::Timespan(http.header_timeout_ms * 1000));
    deadlines_ = std::make_unique<ConnectionDeadlines>(http.workers, std::chrono::milliseconds(http.crowded_header_timeout_ms));
    workers_ = std::make_unique<Poco::ThreadPool>(2, http.workers, 60);
    http_ = std::make_unique<Poco::Net::TCPServer>(
        make_deadline_connection_factory(*deadlines_, std::chrono::milliseconds(http.header_timeout_ms), params,
                                         make_admin_handler_factory(*this)),
        *workers_, socket, params);
    http_->start();
    // Two lanes a connection, bounded: enough for every lane of a few connections at once.
    const std::size_t pass_threads =
        options_.pass_threads ? options_.pass_threads : std::clamp<std::size_t>(2 * runner_.config().connections.size(), 2, 8);
    // Leases before the first pass: on PostgreSQL only the connections this worker holds run
    // here (lease_keeper.hpp); the transfers claim queued work in this worker's name.
    leases_ = std::make_unique<LeaseKeeper>(runner_.store(), logger_, runner_.config().workers, runner_.store().on_postgresql());
    options_.transfer.worker = leases_->worker_id();
    options_.transfer.claim_ms = leases_->lease_ms();
    pool_ = std::make_unique<PassPool>(pass_threads, [this](const ScheduledJob& job) { run_pass(job); });
    leases_->start(connection_names(runner_.config()),
                   {[this](const std::string& c) { scheduler_.trigger(c, std::nullopt); },
                    [this](const std::string& c, const std::string& entity) {
                        // Pushes and ERP callbacks: the order lane. A catalogue retry waits for its
                        // own schedule, or a 50k pass would run again after itself.
                        if (lane_of(entity) == Lane::orders) scheduler_.trigger(c, entity);
                    },
                    [this](const std::string& c) { return pool_->busy_with(c); }});
    if (leases_->shared())
        logger_.log(SKARV_LOG_INFO, "workers", "worker " + leases_->worker_id() + " holds " +
                                                   std::to_string(leases_->held().size()) + " of " +
                                                   std::to_string(runner_.config().connections.size()) + " connection(s)");
    worker_ = std::thread([this] { work(); });
    logger_.log(SKARV_LOG_INFO, "service", std::string("listening on ") + (https ? "https://" : "http://") + options_.bind +
                                               ":" + std::to_string(port_));
    return port_;
}

int64_t Service::connections_cut() const { return deadlines_ ? deadlines_->cut_count() : 0; }

void Service::request_reload() {
    reload_requested_ = true;
    // Wake the worker: a trigger of every connection makes it run (and reload) now.
    for (const auto& job : scheduler_.jobs()) scheduler_.trigger(job.connection, std::nullopt);
}

void Service::work() {
    while (!scheduler_.stopped()) {
        auto due = scheduler_.wait_for_due(system_clock_ms);
        if (reload_requested_.exchange(false)) {
            bool reloaded = false;
            try {
                // Connections or their plans may have changed: schedule what exists now.
                // The jobs are made before the new configuration is applied, so a schedule
                // that cannot work keeps the whole running configuration, jobs and all.
                std::vector<ScheduledJob> jobs;
                runner_.reload([&](const HostConfig& config) { jobs = jobs_for(config, system_clock_ms()); });
                scheduler_.replace(std::move(jobs));
                leases_->set_connections(connection_names(runner_.config()));
                apply_http_settings(runner_.config().http);
                reloaded = true;
            } catch (const std::exception& e) {
                logger_.log(SKARV_LOG_ERROR, "reload", logger_.scrub(e.what()) + " (still running the previous configuration)");
            }
            // A renewed certificate is picked up even when the rest of the file has a problem.
            reload_certificate();
            if (reloaded) continue;
        }
        for (const auto& job : due) {
            if (scheduler_.stopped()) break;
            // Another worker's connection (or ours with the lease about to end): not here.
            // Its jobs run again when this worker takes the lease (the keeper triggers them).
            if (!leases_->holds(job.connection)) {
                scheduler_.finished(job, system_clock_ms());
                continue;
            }
            pool_->submit(job);
        }
        prune_when_due();
    }
}

void Service::prune_when_due() {
    // At start, then hourly: the scheduler wakes at least once a minute.
    constexpr int64_t kEveryMs = 60 * 60 * 1000;
    const int64_t now = system_clock_ms();
    if (last_prune_ms_ && now - last_prune_ms_ < kEveryMs) return;
    last_prune_ms_ = now;
    try {
        const auto before = runner_.store().file_bytes();
        auto pruned = runner_.store().prune(runner_.config().retention, now);
        if (pruned.reports + pruned.events + pruned.dead_letters + pruned.order_state == 0) return;
        logger_.log(SKARV_LOG_INFO, "retention",
                    "pruned " + std::to_string(pruned.reports) + " report(s), " + std::to_string(pruned.events) +
                        " event(s), " + std::to_string(pruned.dead_letters) + " replayed dead letter(s), " +
                        std::to_string(pruned.order_state) + " idle per-order state entr(ies); state file " +
                        std::to_string(before) + " -> " + std::to_string(runner_.store().file_bytes()) + " bytes");
    } catch (const std::exception& e) {
        logger_.log(SKARV_LOG_ERROR, "retention", std::string("pruning failed (tried again in an hour): ") + e.what());
    }
}

void Service::run_pass(const ScheduledJob& job) {
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

void Service::stop() {
    if (stopped_.exchange(true)) return;
    logger_.log(SKARV_LOG_INFO, "service", "stopping: finishing the current batch; queued work stays queued");
    // Stop taking pushes first, so nothing is accepted that will not be queued. Requests
    // still being read are cut; ones being handled finish and answer.
    if (http_) http_->stop();
    if (deadlines_) deadlines_->cut_reading();
    if (workers_) workers_->joinAll();
    runner_.cancelled()->store(true);
    scheduler_.stop();
    if (pool_) pool_->stop();
}

void Service::wait() {
    if (worker_.joinable()) worker_.join();
    pool_.reset();   // joins the passes still running (cancelled: they stop between batches)
    if (leases_) leases_->stop();   // no pass runs any more: the leases go back at once
}

std::optional<PushOutcome> Service::refuse_push_early(const std::string& connection_name, int channel,
                                                      const boost::json::object& headers) {
    auto lock = runner_.lock_connections();
    for (auto& c : runner_.order_connections()) {
        if (c->name() != connection_name) continue;
        for (auto& shop : c->shops()) {
            if (shop.channel != channel) continue;
            // The connector checks credentials before it parses (protocol.md); an empty
            // body with good credentials fails as unparsable, which is not a refusal here.
            auto result = shop.instance->call(boost::json::object{{"op", "orders.parse_push"}, {"body", ""},
                                                                  {"headers", headers}, {"credentials_only", true},
                                                                  {"connection", connection_name}, {"channel", channel}});
            if (result.status != SKARV_ERR_AUTH) return std::nullopt;
            auto message = logger_.scrub(result.message());
            logger_.log(SKARV_LOG_WARN, connection_name + "/orders", "push refused before its body was read: " + message);
            return PushOutcome{401, "application/json", boost::json::serialize(boost::json::object{{"error", message}})};
        }
        return PushOutcome{404, "text/plain", "connection " + connection_name + " has no shop on channel " + std::to_string(channel) + "\n"};
    }
    return PushOutcome{404, "text/plain", "no connection named " + connection_name + "\n"};
}

PushOutcome Service::accept_push(const std::string& connection_name, int channel, const std::string& body,
                                 const boost::json::object& headers) {
    auto lock = runner_.lock_connections();
    ConnectionRuntime* connection = nullptr;
    for (auto& c : runner_.order_connections())
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
            Store::WriteBatch both(runner_.store(), "queueing work");
            runner_.store().enqueue(connection_name, "orders", order.order_id, boost::json::serialize(payload),
                                    system_clock_ms());
            record_order_journey(runner_.store(), connection_name, record, journey_step::pushed,
                                 "pushed by " + shop->label + " (channel " + std::to_string(channel) + "); queued", system_clock_ms());
            both.commit();
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
