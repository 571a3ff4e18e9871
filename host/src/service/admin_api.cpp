// The service's HTTP surface. Routes:
//   GET  /                                  the dashboard (signs in with an admin token)
//   GET  /health                            {"status": "ok"|"stopping", "passes": n, "state", "connections"}:
//                                           503 when some connection is failing (health.hpp)
//   GET  /api/health                        the same with each reason in full
//   GET  /api/trends[?hours=N&connection=C] passes, orders, records, failures per hour
//   GET  /api/usage[?month=YYYY-MM]         orders and active SKUs per connection and month
//   POST /login, POST /logout               the dashboard's session cookie
//   GET  /api/session                       who is signed in, and the session's anti-forgery token
//   GET  /metrics                           Prometheus text format
//   GET  /api/connections                   the scheduled jobs
//   POST /api/connections/{name}/run[?entity=E]   run now (409 when another worker holds it)
//   GET  /api/workers                       the workers sharing the database and their leases
//   GET  /api/reports[?limit=N]             latest transfer reports
//   GET  /api/payouts[?limit=N]             payment-provider payouts: booked, refused, waiting (docs/reconciliation.md)
//   GET  /api/search?q=…                    orders, products, SKUs known by a number, e-mail, payment reference
//   GET  /api/trace/{order|product|sku}/{key}   a record's journey (docs/tracing.md)
//   GET  /api/deadletters                   open dead letters
//   GET  /api/deadletters/{id}              one, with its record
//   POST /api/deadletters/{id}/retry        back on the queue (body: corrected payload, optional)
//   POST /push/{connection}/{channel}       the shop's order push (the shop's own credentials)
//   GET|POST /callback/{connection}/{secret} the ERP's callback (erp_callback.hpp; the secret in the path)
// Everything but the push, the callback and /health needs an admin token or a signed-in
// session, and a Host that is the service's own; every state-changing request needs a
// JSON content type or the X-Skarv-CSRF header, and a session's requests the session's
// token in it (docs/operating.md#the-admin-api-tokens-and-sign-in).

#include <sstream>

#include <Poco/Exception.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/URI.h>

#include "dashboard_page.hpp"
#include "connection_deadlines.hpp"
#include "request_body.hpp"
#include "skarv/host/service/admin_tokens.hpp"
#include "skarv/host/service/erp_callback.hpp"
#include "skarv/host/service/health.hpp"
#include "skarv/host/service/request_parameters.hpp"
#include "skarv/host/service/service.hpp"
#include "skarv/host/store/record_journey.hpp"
#include "skarv/host/store/store_json.hpp"
#include <skarv/csv_reader.hpp>

namespace skarv::host {
namespace {

std::string prometheus_label(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        if (c == '\n') { out += "\\n"; continue; }
        out += c;
    }
    return out;
}

std::string entity_labels(const std::string& connection, const std::string& entity) {
    return "connection=\"" + prometheus_label(connection) + "\",entity=\"" + prometheus_label(entity) + "\"";
}

std::string seconds_text(int64_t ms) {
    std::ostringstream out;
    out << static_cast<double>(ms) / 1000.0;
    return out.str();
}

// Health, pass durations and usage (docs/operating.md#metrics).
void health_metrics(std::ostringstream& m, Service& service) {
    auto& store = service.runner().store();
    const auto now = system_clock_ms();
    const auto health = assess_jobs(store, service.scheduler().jobs(), now, service.started_ms());
    m << "# HELP skarv_health_state 1 for the state each connection and entity is in (ok, late, failing).\n"
         "# TYPE skarv_health_state gauge\n";
    for (const auto& h : health)
        for (auto state : {HealthState::ok, HealthState::late, HealthState::failing})
            m << "skarv_health_state{" << entity_labels(h.connection, h.entity) << ",state=\"" << to_string(state) << "\"} "
              << (h.state == state ? 1 : 0) << "\n";
    m << "# HELP skarv_last_success_timestamp_seconds When the last pass without a failure ended (Unix time).\n"
         "# TYPE skarv_last_success_timestamp_seconds gauge\n";
    for (const auto& h : health)
        if (h.last_success_at)
            m << "skarv_last_success_timestamp_seconds{" << entity_labels(h.connection, h.entity) << "} "
              << *h.last_success_at / 1000 << "\n";
    m << "# HELP skarv_schedule_interval_seconds The time the schedule expects between two passes.\n"
         "# TYPE skarv_schedule_interval_seconds gauge\n";
    for (const auto& h : health)
        m << "skarv_schedule_interval_seconds{" << entity_labels(h.connection, h.entity) << "} " << h.interval_ms / 1000 << "\n";
    m << "# HELP skarv_oldest_queued_age_seconds How long the oldest record in the work queue has waited (0: none).\n"
         "# TYPE skarv_oldest_queued_age_seconds gauge\n";
    for (const auto& h : health)
        m << "skarv_oldest_queued_age_seconds{" << entity_labels(h.connection, h.entity) << "} "
          << h.oldest_queued_age_ms.value_or(0) / 1000 << "\n";
    m << "# HELP skarv_error_ratio Failed records and reads over records and reads, in the last "
      << HealthRules::kRecentPasses << " passes.\n# TYPE skarv_error_ratio gauge\n";
    for (const auto& h : health)
        m << "skarv_error_ratio{" << entity_labels(h.connection, h.entity) << "} " << h.error_rate << "\n";

    m << "# HELP skarv_pass_duration_seconds How long transfer passes took.\n# TYPE skarv_pass_duration_seconds histogram\n";
    const auto& bounds = Store::pass_duration_bounds_ms();
    for (const auto& d : store.pass_durations()) {
        const auto labels = entity_labels(d.connection, d.entity);
        for (std::size_t i = 0; i < bounds.size(); ++i)
            m << "skarv_pass_duration_seconds_bucket{" << labels << ",le=\"" << seconds_text(bounds[i]) << "\"} "
              << d.cumulative[i] << "\n";
        m << "skarv_pass_duration_seconds_bucket{" << labels << ",le=\"+Inf\"} " << d.cumulative.back() << "\n";
        m << "skarv_pass_duration_seconds_sum{" << labels << "} " << seconds_text(d.sum_ms) << "\n";
        m << "skarv_pass_duration_seconds_count{" << labels << "} " << d.cumulative.back() << "\n";
    }

    // This month only: one series a connection, and a month's figure only grows.
    const auto month = usage_month(now);
    const auto usage = store.usage(month);
    m << "# HELP skarv_usage_orders Orders transferred to the ERP this calendar month (UTC), each counted once.\n"
         "# TYPE skarv_usage_orders gauge\n";
    for (const auto& u : usage)
        m << "skarv_usage_orders{connection=\"" << prometheus_label(u.connection) << "\",month=\"" << u.month << "\"} "
          << u.orders << "\n";
    m << "# HELP skarv_usage_active_skus SKUs written at least once this calendar month (UTC).\n"
         "# TYPE skarv_usage_active_skus gauge\n";
    for (const auto& u : usage)
        m << "skarv_usage_active_skus{connection=\"" << prometheus_label(u.connection) << "\",month=\"" << u.month << "\"} "
          << u.active_skus << "\n";
    m << "# HELP skarv_usage_count_failures_total Usage counts the store failed to record (the transfers went on).\n"
         "# TYPE skarv_usage_count_failures_total counter\nskarv_usage_count_failures_total "
      << store.usage_count_failures() << "\n";
}

std::string metrics_text(Service& service) {
    std::ostringstream m;
    auto totals = service.runner().store().totals();
    m << "# HELP skarv_records_total Records handled by transfers, by outcome.\n# TYPE skarv_records_total counter\n";
    for (const auto& t : totals) {
        auto labels = "connection=\"" + prometheus_label(t.connection) + "\",entity=\"" + prometheus_label(t.entity) + "\"";
        for (auto [outcome, n] : {std::pair{"created", t.created}, {"updated", t.updated}, {"unchanged", t.unchanged},
                                  {"skipped", t.skipped}, {"failed", t.failed}})
            m << "skarv_records_total{" << labels << ",outcome=\"" << outcome << "\"} " << n << "\n";
    }
    m << "# HELP skarv_passes_total Transfer passes run.\n# TYPE skarv_passes_total counter\n";
    for (const auto& t : totals)
        m << "skarv_passes_total{connection=\"" << prometheus_label(t.connection) << "\",entity=\""
          << prometheus_label(t.entity) << "\"} " << t.passes << "\n";
    m << "# HELP skarv_read_failures_total Reads from a source that failed (no records to count).\n"
         "# TYPE skarv_read_failures_total counter\n";
    for (const auto& t : totals)
        m << "skarv_read_failures_total{connection=\"" << prometheus_label(t.connection) << "\",entity=\""
          << prometheus_label(t.entity) << "\"} " << t.read_failures << "\n";
    m << "# HELP skarv_queue_depth Records waiting in the work queue (retries, pushed orders).\n# TYPE skarv_queue_depth gauge\n";
    for (const auto& t : totals)
        m << "skarv_queue_depth{connection=\"" << prometheus_label(t.connection) << "\",entity=\""
          << prometheus_label(t.entity) << "\"} " << t.queued << "\n";
    m << "# HELP skarv_dead_letters Open dead letters.\n# TYPE skarv_dead_letters gauge\n";
    for (const auto& t : totals)
        m << "skarv_dead_letters{connection=\"" << prometheus_label(t.connection) << "\",entity=\""
          << prometheus_label(t.entity) << "\"} " << t.dead_letters << "\n";
    if (const auto* leases = service.leases(); leases && leases->shared()) {
        // Several workers: this one's share, and how many the database counts alive.
        const auto live = service.runner().store().live_workers(system_clock_ms(), leases->lease_ms()).size();
        m << "# HELP skarv_worker_leases Connections this worker holds the lease of.\n# TYPE skarv_worker_leases gauge\n"
          << "skarv_worker_leases " << leases->held().size() << "\n"
          << "# HELP skarv_workers_live Workers sharing the state database with a fresh heartbeat.\n"
             "# TYPE skarv_workers_live gauge\n"
          << "skarv_workers_live " << live << "\n";
    }
    health_metrics(m, service);
    return m.str();
}

std::vector<std::string> split_path(const std::string& path) {
    std::vector<std::string> parts;
    std::stringstream in(path);
    for (std::string p; std::getline(in, p, '/');)
        if (!p.empty()) parts.push_back(p);
    return parts;
}

constexpr const char* kSessionCookie = "skarv_session";
constexpr const char* kCsrfHeader = "X-Skarv-CSRF";
constexpr int64_t kLoginBodyLimit = 4096;

std::string lowercase(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool is_json(const Poco::Net::HTTPServerRequest& req) {
    auto type = lowercase(req.getContentType());
    return type == "application/json" || type.rfind("application/json;", 0) == 0;
}

// Who is asking: an admin token's holder, through a bearer token or a session.
struct Caller {
    std::string holder;
    std::optional<AdminSession> session;   // set when signed in through the dashboard
    std::string session_id;
};

class AdminHandler : public Poco::Net::HTTPRequestHandler {
public:
    explicit AdminHandler(Service& service) : service_(service) {}

    void handleRequest(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& res) override {
        // The headers are in: the header deadline is over, a body gets its own.
        ConnectionDeadlines::clear_current();
        try {
            route(req, res);
        } catch (const Poco::SyntaxException&) {
            // A stray '%' in the path or the query (e.g. ?q=100% typed by hand, not encoded).
            send(res, 400, {{"error", "the request's URI is malformed: a '%' must be followed by two hex digits (%25 is '%')"}});
        } catch (const std::exception& e) {
            send(res, 500, boost::json::object{{"error", service_.logger().scrub(e.what())}});
        }
    }

private:
    void route(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& res) {
        Poco::URI uri(req.getURI());
        auto parts = split_path(uri.getPath());
        const auto& method = req.getMethod();

        // The shop's push has its own per-shop credentials and arrives under the shop's
        // public name for this host, so neither the admin token nor the Host rule applies.
        if (parts.size() == 3 && parts[0] == "push") {
            if (method != "POST") return send(res, 405, {{"error", "the push is a POST"}});
            return push(req, res, parts[1], parts[2]);
        }
        // The ERP's callback: authenticated by the secret in its path, which the ERP
        // connector checks; its body is bounded like a push's.
        if (parts.size() == 3 && parts[0] == "callback") {
            if (method != "GET" && method != "POST") return send(res, 405, {{"error", "the callback is a GET or a POST"}});
            auto body = read_request_body(req, service_.max_push_bytes(), std::chrono::milliseconds(service_.body_timeout_ms()));
            if (body.outcome != RequestBody::Outcome::read) return refuse_body(req, res, body.outcome);
            auto out = accept_erp_callback(service_, parts[1], parts[2], uri.getRawQuery(), body.text);
            return send_text(res, out.status, out.content_type, out.body);
        }
        if (!service_.access().host_allowed(req.getHost(), req.serverAddress().host().toString()))
            return send(res, 421, {{"error", "this service does not answer to the host name '" + req.getHost() +
                                                 "'; list it in admin.hosts if it is this service's own"}});
        if (method == "GET" && parts.empty()) return dashboard(res);
        if (method == "GET" && parts == std::vector<std::string>{"health"}) return health(res, false);

        const bool changes_state = method != "GET" && method != "HEAD";
        if (changes_state) {
            // A page on another site can send a form or a text/plain fetch without asking;
            // it cannot send a JSON content type or a custom header without CORS, which
            // this service never grants.
            if (!is_json(req) && !req.has(kCsrfHeader))
                return send(res, 415, {{"error", std::string("a state-changing request needs Content-Type: application/json "
                                                             "or an ") + kCsrfHeader + " header"}});
            if (req.has("Origin") && !origin_allowed(req))
                return send(res, 403, {{"error", "cross-origin request refused"}});
        }
        if (method == "POST" && parts == std::vector<std::string>{"login"}) return login(req, res);

        auto caller = identify(req);
        if (!caller) {
            res.set("WWW-Authenticate", "Bearer realm=\"skarv\"");
            return send(res, 401, {{"error", service_.access().has_tokens()
                                                 ? "sign in with an admin token (Authorization: Bearer, or the dashboard)"
                                                 : "no admin tokens are configured: make one with `skarv token new` "
                                                   "(docs/operating.md)"}});
        }
        if (changes_state && caller->session &&
            !same_secret_text(req.get(kCsrfHeader, ""), caller->session->csrf))
            return send(res, 403, {{"error", std::string("missing or wrong anti-forgery token (") + kCsrfHeader + ")"}});

        if (method == "POST" && parts == std::vector<std::string>{"logout"}) {
            if (caller->session) service_.access().close_session(caller->session_id);
            res.set("Set-Cookie", session_cookie("", 0));
            return send(res, 200, {{"signed_out", true}});
        }
        if (method == "GET" && parts == std::vector<std::string>{"api", "session"}) {
            boost::json::object who{{"holder", caller->holder}};
            if (caller->session) who["csrf"] = caller->session->csrf;
            return send(res, 200, who);
        }
        api(req, res, uri, parts);
    }

    // "null" (a sandboxed frame, a file) and anything unparsable count as foreign.
    bool origin_allowed(const Poco::Net::HTTPServerRequest& req) {
        try {
            return service_.access().host_allowed(Poco::URI(req.get("Origin")).getAuthority(),
                                                  req.serverAddress().host().toString());
        } catch (const Poco::Exception&) {
            return false;
        }
    }

    std::optional<Caller> identify(const Poco::Net::HTTPServerRequest& req) {
        auto authorization = req.get("Authorization", "");
        if (authorization.size() > 7 && lowercase(authorization.substr(0, 7)) == "bearer ") {
            auto token = service_.access().token(authorization.substr(7));
            if (!token) return std::nullopt;
            return Caller{token->name, std::nullopt, ""};
        }
        Poco::Net::NameValueCollection cookies;
        req.getCookies(cookies);
        auto id = cookies.get(kSessionCookie, "");
        auto session = service_.access().session(id, system_clock_ms());
        if (!session) return std::nullopt;
        return Caller{session->holder, session, id};
    }

    std::string session_cookie(const std::string& id, int64_t max_age_s) const {
        // HttpOnly: no script reads it; SameSite=Strict: no other site's page sends it.
        return std::string(kSessionCookie) + "=" + id + "; Path=/; Max-Age=" + std::to_string(max_age_s) +
               "; HttpOnly; SameSite=Strict" + (service_.tls() ? "; Secure" : "");
    }

    void login(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& res) {
        auto body = read_request_body(req, kLoginBodyLimit, std::chrono::milliseconds(service_.body_timeout_ms()));
        if (body.outcome != RequestBody::Outcome::read) return refuse_body(req, res, body.outcome);
        boost::system::error_code ec;
        auto doc = boost::json::parse(body.text, ec);
        const boost::json::value* token = !ec && doc.is_object() ? doc.get_object().if_contains("token") : nullptr;
        if (!token || !token->is_string()) return send(res, 400, {{"error", "expected {\"token\": \"...\"}"}});
        auto found = service_.access().token(token->get_string());
        if (!found) {
            service_.logger().log(SKARV_LOG_WARN, "admin", "sign-in refused: unknown token (from " +
                                                              req.clientAddress().host().toString() + ")");
            return send(res, 401, {{"error", "unknown token"}});
        }
        auto now = system_clock_ms();
        auto id = service_.access().open_session(*found, now);
        auto session = service_.access().session(id, now);
        service_.logger().log(SKARV_LOG_INFO, "admin", found->name + " signed in to the dashboard");
        res.set("Set-Cookie", session_cookie(id, (session->expires_ms - now) / 1000));
        send(res, 200, {{"holder", session->holder}, {"csrf", session->csrf}});
    }

    // Anyone may read /health (monitors have no token), so there a failing reason stops
    // before the error text, which can name customers and orders; /api/health has it all.
    void health(Poco::Net::HTTPServerResponse& res, bool full_reasons) {
        const auto now = system_clock_ms();
        const auto all = assess_jobs(service_.runner().store(), service_.scheduler().jobs(), now, service_.started_ms());
        boost::json::array connections;
        for (const auto& h : all) {
            auto o = to_json(h, now);
            if (!full_reasons && h.state == HealthState::failing) o["reason"] = h.reason.substr(0, h.reason.find(':'));
            else if (full_reasons) o["reason"] = service_.logger().scrub(h.reason);
            connections.push_back(std::move(o));
        }
        const auto worst = worst_state(all);
        send(res, worst == HealthState::failing ? 503 : 200,
             {{"status", service_.scheduler().stopped() ? "stopping" : "ok"},
              {"passes", service_.passes_run()},
              {"state", to_string(worst)},
              {"connections", std::move(connections)}});
    }

    void dashboard(Poco::Net::HTTPServerResponse& res) {
        // No framing by other sites (clickjacking the retry button), no foreign scripts.
        res.set("Content-Security-Policy",
                "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; "
                "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
        res.set("X-Frame-Options", "DENY");
        res.set("Referrer-Policy", "no-referrer");
        res.set("Cache-Control", "no-store");
        send_text(res, 200, "text/html; charset=utf-8", kDashboardPage);
    }

    void refuse_body(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& res, RequestBody::Outcome outcome) {
        // The rest of the body is not read: the connection closes after this answer.
        res.setKeepAlive(false);
        if (outcome == RequestBody::Outcome::too_large) send(res, 413, {{"error", "request body too large"}});
        else send(res, 400, {{"error", "request body incomplete"}});
        finish_refusal(req);
    }

    void push(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& res, const std::string& connection,
              const std::string& channel_text) {
        // Strictly digits: stoi read "1abc" as channel 1.
        auto parsed = parse_decimal(channel_text, 1, INT32_MAX);
        if (!parsed) return send(res, 404, {{"error", "channel must be a number"}});
        int channel = static_cast<int>(*parsed);
        auto limit = service_.max_push_bytes();
        if (declared_too_large(req, limit)) return refuse_body(req, res, RequestBody::Outcome::too_large);
        boost::json::object headers;
        for (const auto& [k, v] : req) headers[lowercase(k)] = v;
        if (auto refused = service_.refuse_push_early(connection, channel, headers)) {
            res.setKeepAlive(false);
            send_text(res, refused->status, refused->content_type, refused->body);
            return finish_refusal(req);
        }
        auto body = read_request_body(req, limit, std::chrono::milliseconds(service_.body_timeout_ms()));
        if (body.outcome != RequestBody::Outcome::read) return refuse_body(req, res, body.outcome);
        auto out = service_.accept_push(connection, channel, body.text, headers);
        send_text(res, out.status, out.content_type, out.body);
    }

    void api(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& res, const Poco::URI& uri,
             const std::vector<std::string>& parts) {
        const auto& method = req.getMethod();
        auto param = [&](const std::string& name) -> std::optional<std::string> {
            for (const auto& [k, v] : uri.getQueryParameters())
                if (k == name) return v;
            return std::nullopt;
        };
        auto& store = service_.runner().store();

        if (method == "GET" && parts == std::vector<std::string>{"metrics"})
            return send_text(res, 200, "text/plain; version=0.0.4", metrics_text(service_));
        if (parts.size() >= 2 && parts[0] == "api") {
            if (method == "GET" && parts[1] == "connections" && parts.size() == 2) {
                boost::json::array jobs;
                for (const auto& j : service_.scheduler().jobs())
                    jobs.push_back({{"connection", j.connection}, {"entity", j.entity}, {"next_due_ms", j.next_due_ms},
                                    {"last_run_ms", j.last_run_ms},
                                    {"schedule", j.cron ? j.cron->expression() : std::to_string(j.interval_ms / 1000) + "s"}});
                return send(res, 200, {{"jobs", jobs}});
            }
            if (method == "GET" && parts[1] == "workers" && parts.size() == 2) {
                // Several workers on one PostgreSQL database: who is alive, who holds what.
                const auto* leases = service_.leases();
                const int64_t now = system_clock_ms();
                boost::json::array workers, held;
                const int64_t lease_ms = leases ? leases->lease_ms() : 0;
                for (const auto& w : store.live_workers(now, lease_ms))
                    workers.push_back({{"worker", w.worker}, {"host", w.host}, {"pid", w.pid}, {"version", w.version},
                                       {"started_at", w.started_at}, {"heartbeat_at", w.heartbeat_at}});
                for (const auto& l : store.leases())
                    held.push_back({{"connection", l.connection}, {"holder", l.holder}, {"expires_at", l.expires_at},
                                    {"acquired_at", l.acquired_at}});
                return send(res, 200, {{"this_worker", leases ? leases->worker_id() : ""},
                                       {"shared", leases && leases->shared()},
                                       {"lease_ms", lease_ms},
                                       {"workers", workers},
                                       {"leases", held}});
            }
            if (method == "POST" && parts[1] == "connections" && parts.size() == 4 && parts[3] == "run") {
                // Only the lease holder runs a connection: asked here, it would do nothing.
                if (const auto* leases = service_.leases(); leases && !leases->holds(parts[2])) {
                    for (const auto& l : store.leases())
                        if (l.connection == parts[2])
                            return send(res, 409, {{"error", "connection " + parts[2] + " runs on another worker; ask that one"},
                                                   {"holder", l.holder}});
                }
                bool ok = service_.scheduler().trigger(parts[2], param("entity"));
                return ok ? send(res, 202, {{"triggered", parts[2]}})
                          : send(res, 404, {{"error", "no such connection or entity"}});
            }
            if (method == "GET" && parts[1] == "reports") {
                auto limit = param("limit") ? parse_decimal(*param("limit"), 1, 100000) : 20;
                if (!limit) return send(res, 400, {{"error", "limit must be a number from 1 to 100000"}});
                boost::json::array list;
                for (const auto& r : store.reports(static_cast<int>(*limit))) list.push_back(to_json(r));
                return send(res, 200, {{"reports", list}});
            }
            if (method == "GET" && parts[1] == "health" && parts.size() == 2) return health(res, true);
            if (method == "GET" && parts[1] == "trends" && parts.size() == 2) {
                auto hours = param("hours") ? parse_decimal(*param("hours"), 1, 24 * 31) : 72;
                if (!hours) return send(res, 400, {{"error", "hours must be a number from 1 to 744"}});
                const auto now = system_clock_ms();
                const auto since = (now / 3600000 - *hours + 1) * 3600000;
                boost::json::array list;
                for (const auto& t : store.hourly_trends(since, param("connection").value_or("")))
                    list.push_back({{"hour_ms", t.hour_start}, {"passes", t.passes}, {"orders", t.orders},
                                    {"records", t.records}, {"failures", t.failures}});
                return send(res, 200, {{"since_ms", since}, {"until_ms", now}, {"hours", list}});
            }
            if (method == "GET" && parts[1] == "usage" && parts.size() == 2) {
                auto month = param("month").value_or("");
                if (!month.empty() && !valid_usage_month(month))
                    return send(res, 400, {{"error", "month must be YYYY-MM, e.g. 2026-12"}});
                boost::json::array list;
                for (const auto& u : store.usage(month))
                    list.push_back({{"connection", u.connection}, {"month", u.month}, {"orders", u.orders},
                                    {"active_skus", u.active_skus}});
                return send(res, 200, {{"month", month}, {"current_month", usage_month(system_clock_ms())},
                                       {"usage", list}});
            }
            if (method == "GET" && parts[1] == "payouts" && parts.size() == 2) {
                auto limit = param("limit") ? parse_decimal(*param("limit"), 1, 100000) : 50;
                if (!limit) return send(res, 400, {{"error", "limit must be a number from 1 to 100000"}});
                boost::json::array list;
                for (const auto& p : store.payouts("", static_cast<int>(*limit))) list.push_back(to_json(p, false));
                return send(res, 200, {{"payouts", list}});
            }
            if (method == "GET" && parts[1] == "search" && parts.size() == 2) return search(res, param("q"));
            if (method == "GET" && parts[1] == "trace" && parts.size() == 4) return trace(res, parts[2], parts[3]);
            if (method == "GET" && parts[1] == "deadletters" && parts.size() == 2) {
                boost::json::array list;
                for (const auto& d : store.dead_letters()) list.push_back(to_json(d, false));
                return send(res, 200, {{"dead_letters", list}});
            }
            if (parts[1] == "deadletters" && parts.size() >= 3) {
                auto parsed = parse_decimal(parts[2], 1, INT64_MAX);
                if (!parsed) return send(res, 404, {{"error", "no dead letter " + parts[2] + " (ids are numbers)"}});
                int64_t id = *parsed;
                auto letter = store.dead_letter(id);
                if (!letter) return send(res, 404, {{"error", "no dead letter #" + parts[2]}});
                if (method == "GET" && parts.size() == 3) return send(res, 200, to_json(*letter, true));
                if (method == "POST" && parts.size() == 4 && parts[3] == "retry") {
                    auto body = read_request_body(req, service_.max_admin_bytes(),
                                                  std::chrono::milliseconds(service_.body_timeout_ms()));
                    if (body.outcome != RequestBody::Outcome::read) return refuse_body(req, res, body.outcome);
                    std::optional<std::string> payload;
                    if (!body.text.empty()) {
                        boost::system::error_code ec;
                        boost::json::parse(body.text, ec);
                        if (ec) return send(res, 400, {{"error", "corrected payload is not valid JSON: " + ec.message()}});
                        payload = body.text;
                    }
                    auto work = store.replay_dead_letter(id, payload, system_clock_ms());
                    service_.scheduler().trigger(letter->connection, letter->entity);
                    return send(res, 202, {{"queued", work}});
                }
            }
        }
        send(res, 404, {{"error", "no such route: " + method + " " + uri.getPath()}});
    }

    // What a search or a trace is asked for: refused, saying why, when it cannot be a key
    // (too long to be one, not UTF-8 text). Never echoed back: the answer names it only
    // when it is fit to show.
    static std::optional<std::string> refuse_query(const std::string& q, const char* what) {
        constexpr std::size_t kMaxQuery = 200;
        if (q.empty()) return std::string("give ") + what;
        if (q.size() > kMaxQuery)
            return std::string(what) + " is too long (" + std::to_string(q.size()) + " bytes; a key has at most " +
                   std::to_string(kMaxQuery) + ")";
        if (csv_detail::first_invalid_utf8(q) != std::string_view::npos) return std::string(what) + " is not UTF-8 text";
        return std::nullopt;
    }

    void search(Poco::Net::HTTPServerResponse& res, const std::optional<std::string>& raw) {
        auto q = raw.value_or("");
        while (!q.empty() && std::isspace(static_cast<unsigned char>(q.back()))) q.pop_back();
        while (!q.empty() && std::isspace(static_cast<unsigned char>(q.front()))) q.erase(0, 1);
        if (auto why = refuse_query(q, "a search (?q=: a shop or ERP order number, an e-mail, a payment reference, a SKU)"))
            return send(res, 400, {{"error", *why}});
        boost::json::array matches;
        for (const auto& m : service_.runner().store().search_records(q, 50)) matches.push_back(to_json(m));
        send(res, 200, {{"query", q}, {"matches", std::move(matches)}});
    }

    void trace(Poco::Net::HTTPServerResponse& res, const std::string& kind_word, const std::string& key) {
        auto kind = subject_kind(kind_word);
        if (kind.empty() || kind == "pricelist")
            return send(res, 404, {{"error", "a trace is of an order, a product or a sku"}});
        if (auto why = refuse_query(key, "the record's key")) return send(res, 400, {{"error", *why}});
        auto journeys = find_journeys(service_.runner().store(), {kind, key});
        if (journeys.empty())
            return send(res, 404, {{"error", "no " + kind + " " + key + " is known: nothing was read, pushed or written under that "
                                                 "key (or by that ERP number, e-mail or payment reference) within the retention"}});
        boost::json::array list;
        for (const auto& j : journeys) list.push_back(to_json(j));
        send(res, 200, {{"journeys", std::move(list)}});
    }

    static void send_text(Poco::Net::HTTPServerResponse& res, int status, const std::string& type, const std::string& body) {
        res.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
        res.setContentType(type);
        res.setContentLength(static_cast<std::streamsize>(body.size()));
        res.set("X-Content-Type-Options", "nosniff");
        // Flushed here: a refusal shuts the sending side right after (finish_refusal).
        res.send() << body << std::flush;
    }
    static void send(Poco::Net::HTTPServerResponse& res, int status, const boost::json::object& doc) {
        send_text(res, status, "application/json", boost::json::serialize(doc));
    }

    Service& service_;
};

class AdminFactory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit AdminFactory(Service& s) : service_(s) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
        return new AdminHandler(service_);
    }

private:
    Service& service_;
};

}  // namespace

Poco::Net::HTTPRequestHandlerFactory* make_admin_handler_factory(Service& service) { return new AdminFactory(service); }

}  // namespace skarv::host
