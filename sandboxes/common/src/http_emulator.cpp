#include "skarv/sandbox/http_emulator.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <stdexcept>

#include <Poco/Exception.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/StreamCopier.h>
#include <Poco/ThreadPool.h>
#include <Poco/Timespan.h>
#include <Poco/URI.h>

namespace skarv::sandbox {

// ---------------------------------------------------------------- request / reply

std::string HttpRequest::param(const std::string& name, const std::string& fallback) const {
    auto it = query.find(name);
    return it == query.end() ? fallback : it->second;
}

std::string HttpRequest::header(const std::string& lower_name, const std::string& fallback) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? fallback : it->second;
}

HttpReply HttpReply::json(const boost::json::value& v, int status) {
    HttpReply r;
    r.status = status;
    r.body = boost::json::serialize(v);
    return r;
}

HttpReply HttpReply::text(std::string body, int status, std::string content_type) {
    HttpReply r;
    r.status = status;
    r.content_type = std::move(content_type);
    r.body = std::move(body);
    return r;
}

boost::json::value to_json(const LogEntry& e) {
    boost::json::object o;
    o["seq"] = e.seq;
    o["method"] = e.method;
    o["path"] = e.path;
    o["query"] = e.query;
    o["status"] = e.status;
    if (e.fault.empty()) {
        o["fault"] = nullptr;
    } else {
        o["fault"] = e.fault;
    }
    o["elapsed_ms"] = e.elapsed_ms;
    return o;
}

// ---------------------------------------------------------------- implementation

namespace {

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string upper(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

HttpReply error_reply(int status, const std::string& message) {
    boost::json::object o;
    o["error"] = message;
    return HttpReply::json(o, status);
}

struct Route {
    std::string method;   // upper case, or "*"
    std::string path;     // exact path or prefix
    bool prefix = false;
    Handler handler;
};

// What the request handler decided to do with the connection.
struct Outcome {
    HttpReply reply;
    bool drop = false;
    bool control = false;
    std::string fault;
};

struct Core {
    explicit Core(std::string n) : name(std::move(n)) {}

    std::string name;
    std::vector<Route> routes;
    FaultPlan fault_plan;

    std::mutex reporter_mutex;
    std::function<boost::json::value()> reporter;

    mutable std::mutex log_mutex;
    std::deque<LogEntry> log;
    std::size_t log_capacity = 1000;
    uint64_t next_seq = 1;

    std::atomic<uint16_t> port{0};
    // TCP connections accepted (since construction or the last reset): how a test sees
    // whether clients reuse their connections.
    std::atomic<uint64_t> accepted_connections{0};

    // Sleeping latency faults wake early when the server stops.
    std::mutex stop_mutex;
    std::condition_variable stop_cv;
    bool stopping = false;

    std::unique_ptr<Poco::ThreadPool> pool;
    std::unique_ptr<Poco::Net::HTTPServer> server;

    void record(const HttpRequest& req, int status, const std::string& fault, int64_t elapsed_ms) {
        std::lock_guard lock(log_mutex);
        LogEntry e;
        e.seq = next_seq++;
        e.method = req.method;
        e.path = req.path;
        e.query = req.raw_query;
        e.status = status;
        e.fault = fault;
        e.elapsed_ms = elapsed_ms;
        log.push_back(std::move(e));
        while (log.size() > log_capacity) log.pop_front();
    }

    void sleep_ms(int ms) {
        std::unique_lock lock(stop_mutex);
        stop_cv.wait_for(lock, std::chrono::milliseconds(ms), [this] { return stopping; });
    }

    HttpReply dispatch(const HttpRequest& req) {
        const Route* path_match = nullptr;
        auto try_routes = [&](bool prefix) -> const Route* {
            for (const auto& r : routes) {
                if (r.prefix != prefix) continue;
                bool path_ok = prefix ? req.path.compare(0, r.path.size(), r.path) == 0 : req.path == r.path;
                if (!path_ok) continue;
                if (r.method == "*" || r.method == req.method) return &r;
                if (!path_match) path_match = &r;
            }
            return nullptr;
        };
        const Route* route = try_routes(false);
        if (!route) route = try_routes(true);
        if (!route) {
            if (path_match) return error_reply(405, "method " + req.method + " not allowed on " + req.path);
            return error_reply(404, "no route for " + req.method + " " + req.path);
        }
        try {
            return route->handler(req);
        } catch (const std::exception& e) {
            return error_reply(500, std::string("emulator handler failed: ") + e.what());
        } catch (...) {
            return error_reply(500, "emulator handler failed");
        }
    }

    HttpReply control(const HttpRequest& req) {
        if (req.path == "/_control/state") {
            if (req.method != "GET") return error_reply(405, "use GET on /_control/state");
            std::function<boost::json::value()> rep;
            {
                std::lock_guard lock(reporter_mutex);
                rep = reporter;
            }
            if (!rep) {
                boost::json::object o;
                o["name"] = name;
                return HttpReply::json(o);
            }
            try {
                return HttpReply::json(rep());
            } catch (const std::exception& e) {
                return error_reply(500, std::string("state reporter failed: ") + e.what());
            }
        }
        if (req.path == "/_control/faults") {
            if (req.method == "GET") {
                boost::json::array a;
                for (const auto& r : fault_plan.rules()) a.push_back(to_json(r));
                return HttpReply::json(a);
            }
            if (req.method == "DELETE") {
                auto n = fault_plan.rules().size();
                fault_plan.clear();
                boost::json::object o;
                o["cleared"] = n;
                return HttpReply::json(o);
            }
            if (req.method == "POST") {
                boost::system::error_code ec;
                boost::json::value v = boost::json::parse(req.body, ec);
                if (ec) return error_reply(400, "malformed JSON in fault rule: " + ec.message());
                try {
                    if (v.is_array()) {
                        std::vector<FaultRule> parsed;
                        boost::json::array out;
                        for (const auto& item : v.get_array()) parsed.push_back(fault_rule_from_json(item));
                        for (auto& r : parsed) {
                            out.push_back(to_json(r));
                            fault_plan.add(std::move(r));
                        }
                        return HttpReply::json(out, 201);
                    }
                    FaultRule r = fault_rule_from_json(v);
                    fault_plan.add(r);
                    return HttpReply::json(to_json(r), 201);
                } catch (const std::invalid_argument& e) {
                    return error_reply(400, e.what());
                }
            }
            return error_reply(405, "use GET, POST or DELETE on /_control/faults");
        }
        if (req.path == "/_control/connections") {
            if (req.method == "GET") {
                boost::json::object o;
                o["accepted"] = accepted_connections.load();
                return HttpReply::json(o);
            }
            if (req.method == "DELETE") {
                boost::json::object o;
                o["cleared"] = accepted_connections.exchange(0);
                return HttpReply::json(o);
            }
            return error_reply(405, "use GET or DELETE on /_control/connections");
        }
        if (req.path == "/_control/log") {
            if (req.method == "GET") {
                boost::json::array a;
                std::lock_guard lock(log_mutex);
                for (const auto& e : log) a.push_back(to_json(e));
                return HttpReply::json(a);
            }
            if (req.method == "DELETE") {
                std::lock_guard lock(log_mutex);
                boost::json::object o;
                o["cleared"] = log.size();
                log.clear();
                return HttpReply::json(o);
            }
            return error_reply(405, "use GET or DELETE on /_control/log");
        }
        // An emulator's own control routes (e.g. POST /_control/orders): dispatched like
        // any route, but never faulted and never logged.
        HttpReply r = dispatch(req);
        if (r.status == 404 && r.body.find("no route for") != std::string::npos) {
            return error_reply(404, "no control endpoint " + req.path +
                                        " (the frame has /_control/state, /_control/faults, /_control/log, "
                                        "/_control/connections)");
        }
        return r;
    }

    Outcome handle(const HttpRequest& req) {
        Outcome out;
        if (req.path.rfind("/_control/", 0) == 0) {
            out.control = true;
            out.reply = control(req);
            return out;
        }
        auto rule = fault_plan.take(req.method, req.path);
        if (!rule) {
            out.reply = dispatch(req);
            return out;
        }
        out.fault = fault_kind_name(rule->kind);
        switch (rule->kind) {
            case FaultKind::latency:
                // after_handler: the effect is there at once, the answer comes late (a
                // client that gives up or dies in between never learns of the create).
                if (rule->after_handler) {
                    out.reply = dispatch(req);
                    sleep_ms(rule->latency_ms);
                } else {
                    sleep_ms(rule->latency_ms);
                    out.reply = dispatch(req);
                }
                break;
            case FaultKind::malformed: {
                out.reply = dispatch(req);
                out.reply.body.resize(out.reply.body.size() / 2);
                break;
            }
            case FaultKind::server_error: {
                if (rule->after_handler) dispatch(req);
                boost::json::object o;
                o["error"] = "injected fault";
                o["status"] = rule->status;
                out.reply = HttpReply::json(o, rule->status);
                break;
            }
            case FaultKind::rate_limit: {
                if (rule->after_handler) dispatch(req);
                boost::json::object o;
                o["error"] = "too many requests (injected)";
                o["retry_after_s"] = rule->retry_after_s;
                out.reply = HttpReply::json(o, rule->status);
                out.reply.headers["Retry-After"] = std::to_string(rule->retry_after_s);
                break;
            }
            case FaultKind::drop:
                if (rule->after_handler) dispatch(req);
                out.drop = true;
                break;
        }
        return out;
    }
};

class RequestHandler : public Poco::Net::HTTPRequestHandler {
public:
    explicit RequestHandler(Core* impl) : impl_(impl) {}

    void handleRequest(Poco::Net::HTTPServerRequest& preq, Poco::Net::HTTPServerResponse& resp) override {
        auto started = std::chrono::steady_clock::now();
        HttpRequest req;
        req.method = upper(preq.getMethod());
        bool bad_uri = false;
        try {
            Poco::URI uri(preq.getURI());
            req.path = uri.getPath();
            req.raw_query = uri.getRawQuery();
            for (auto& kv : uri.getQueryParameters()) req.query.emplace(kv.first, kv.second);
        } catch (const Poco::Exception&) {
            bad_uri = true;
            req.path = preq.getURI();
        }
        if (req.path.empty()) req.path = "/";
        for (auto it = preq.begin(); it != preq.end(); ++it) req.headers[lower(it->first)] = it->second;
        Poco::StreamCopier::copyToString(preq.stream(), req.body);

        Outcome out;
        if (bad_uri) {
            out.reply = error_reply(400, "malformed request URI");
        } else {
            out = impl_->handle(req);
        }

        auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::steady_clock::now() - started)
                           .count();
        if (!out.control) impl_->record(req, out.drop ? 0 : out.reply.status, out.fault, elapsed);

        if (out.drop) {
            resp.setKeepAlive(false);
            try {
                static_cast<Poco::Net::HTTPServerRequestImpl&>(preq).socket().shutdown();
            } catch (const Poco::Exception&) {
                // Already gone; nothing to drop.
            }
            return;
        }

        const HttpReply& r = out.reply;
        resp.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(r.status));
        if (!r.content_type.empty()) resp.setContentType(r.content_type);
        for (const auto& [k, v] : r.headers) resp.set(k, v);
        resp.sendBuffer(r.body.data(), r.body.size());
    }

private:
    Core* impl_;
};

// Counts every connection the listener accepts, before any request is read from it; it
// refuses none.
class ConnectionCounter : public Poco::Net::TCPServerConnectionFilter {
public:
    explicit ConnectionCounter(Core* impl) : impl_(impl) {}
    bool accept(const Poco::Net::StreamSocket&) override {
        impl_->accepted_connections.fetch_add(1);
        return true;
    }

private:
    Core* impl_;
};

class HandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit HandlerFactory(Core* impl) : impl_(impl) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
        return new RequestHandler(impl_);
    }

private:
    Core* impl_;
};

}  // namespace

struct HttpEmulator::Impl : Core {
    using Core::Core;
};

// ---------------------------------------------------------------- HttpEmulator

HttpEmulator::HttpEmulator(std::string name) : impl_(std::make_unique<Impl>(std::move(name))) {}

HttpEmulator::~HttpEmulator() {
    try {
        stop();
    } catch (...) {
    }
}

void HttpEmulator::route(const std::string& method, const std::string& path, Handler handler) {
    if (impl_->server) throw std::logic_error("HttpEmulator::route after start()");
    impl_->routes.push_back(Route{upper(method), path, false, std::move(handler)});
}

void HttpEmulator::route_prefix(const std::string& method, const std::string& prefix, Handler handler) {
    if (impl_->server) throw std::logic_error("HttpEmulator::route_prefix after start()");
    impl_->routes.push_back(Route{upper(method), prefix, true, std::move(handler)});
}

void HttpEmulator::set_state_reporter(std::function<boost::json::value()> reporter) {
    std::lock_guard lock(impl_->reporter_mutex);
    impl_->reporter = std::move(reporter);
}

uint16_t HttpEmulator::start(uint16_t port) {
    if (impl_->server) throw std::logic_error("HttpEmulator '" + impl_->name + "' already started");
    {
        std::lock_guard lock(impl_->stop_mutex);
        impl_->stopping = false;
    }
    Poco::Net::ServerSocket socket;
    // SO_REUSEADDR for quick restarts, but never SO_REUSEPORT: a busy port must fail.
    socket.bind(Poco::Net::SocketAddress("127.0.0.1", port), true, false);
    socket.listen(128);
    uint16_t bound = socket.address().port();

    auto params = new Poco::Net::HTTPServerParams;
    // Poco serves a connection on one thread for as long as it is kept alive, idle
    // included, and clients keep theirs (two per Norce connector instance); a test with
    // dozens of instances must not wait for idle connections to time out.
    params->setMaxThreads(128);
    params->setMaxQueued(256);
    params->setKeepAlive(true);
    params->setKeepAliveTimeout(Poco::Timespan(5, 0));
    // No cap on the requests one connection may carry (0 is Poco's "unlimited", and its
    // default, said here because a cap would cut a long pass's connection at request N
    // and show up as extra connections in the counts tests make).
    params->setMaxKeepAliveRequests(0);
    params->setTimeout(Poco::Timespan(30, 0));
    params->setServerName("skarv-sandbox-" + impl_->name);
    // Poco's dispatcher threads wait this long for work before they see a stop; the
    // default (10 s) made stop() take 10 s whenever several connections had been open.
    params->setThreadIdleTime(Poco::Timespan(0, 200000));

    impl_->pool = std::make_unique<Poco::ThreadPool>(2, 128, 60);
    impl_->server = std::make_unique<Poco::Net::HTTPServer>(new HandlerFactory(impl_.get()), *impl_->pool,
                                                            socket, params);
    impl_->server->setConnectionFilter(new ConnectionCounter(impl_.get()));
    impl_->server->start();
    impl_->port = bound;
    return bound;
}

void HttpEmulator::stop() {
    if (!impl_->server) return;
    {
        std::lock_guard lock(impl_->stop_mutex);
        impl_->stopping = true;
    }
    impl_->stop_cv.notify_all();
    impl_->server->stopAll(true);
    impl_->server.reset();
    impl_->pool->joinAll();
    impl_->pool.reset();
}

uint16_t HttpEmulator::port() const { return impl_->port; }

std::string HttpEmulator::base_url() const { return "http://127.0.0.1:" + std::to_string(impl_->port.load()); }

const std::string& HttpEmulator::name() const { return impl_->name; }

FaultPlan& HttpEmulator::faults() { return impl_->fault_plan; }

std::vector<LogEntry> HttpEmulator::request_log() const {
    std::lock_guard lock(impl_->log_mutex);
    return {impl_->log.begin(), impl_->log.end()};
}

uint64_t HttpEmulator::accepted_connections() const { return impl_->accepted_connections.load(); }

void HttpEmulator::reset_connection_count() { impl_->accepted_connections = 0; }

void HttpEmulator::clear_log() {
    std::lock_guard lock(impl_->log_mutex);
    impl_->log.clear();
}

void HttpEmulator::set_log_capacity(std::size_t capacity) {
    std::lock_guard lock(impl_->log_mutex);
    impl_->log_capacity = std::max<std::size_t>(1, capacity);
    while (impl_->log.size() > impl_->log_capacity) impl_->log.pop_front();
}

}  // namespace skarv::sandbox
