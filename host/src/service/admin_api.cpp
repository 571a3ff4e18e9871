// The service's HTTP surface. Routes:
//   GET  /                                  the dashboard
//   GET  /health                            {"status": "ok"|"stopping", "passes": n}
//   GET  /metrics                           Prometheus text format
//   GET  /api/connections                   the scheduled jobs
//   POST /api/connections/{name}/run[?entity=E]   run now
//   GET  /api/reports[?limit=N]             latest transfer reports
//   GET  /api/deadletters                   open dead letters
//   GET  /api/deadletters/{id}              one, with its record
//   POST /api/deadletters/{id}/retry        back on the queue (body: corrected payload, optional)
//   POST /push/{connection}/{channel}       the shop's order push
//   GET|POST /callback/{connection}/{secret} the ERP's callback (erp_callback.hpp)
// Bound to loopback by default: put a reverse proxy with TLS and authentication in front
// before exposing it (docs/operating.md).

#include <sstream>

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include "dashboard_page.hpp"
#include "skarv/host/service/erp_callback.hpp"
#include "skarv/host/service/request_parameters.hpp"
#include "skarv/host/service/service.hpp"
#include "skarv/host/store/store_json.hpp"

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
    return m.str();
}

std::vector<std::string> split_path(const std::string& path) {
    std::vector<std::string> parts;
    std::stringstream in(path);
    for (std::string p; std::getline(in, p, '/');)
        if (!p.empty()) parts.push_back(p);
    return parts;
}

class AdminHandler : public Poco::Net::HTTPRequestHandler {
public:
    explicit AdminHandler(Service& service) : service_(service) {}

    void handleRequest(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& res) override {
        try {
            route(req, res);
        } catch (const std::exception& e) {
            send(res, 500, boost::json::object{{"error", service_.logger().scrub(e.what())}});
        }
    }

private:
    void route(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& res) {
        Poco::URI uri(req.getURI());
        auto parts = split_path(uri.getPath());
        const auto& method = req.getMethod();
        auto param = [&](const std::string& name) -> std::optional<std::string> {
            for (const auto& [k, v] : uri.getQueryParameters())
                if (k == name) return v;
            return std::nullopt;
        };
        auto& store = service_.runner().store();

        if (method == "GET" && parts.empty()) return send_text(res, 200, "text/html; charset=utf-8", kDashboardPage);
        if (method == "GET" && parts == std::vector<std::string>{"health"})
            return send(res, 200, {{"status", service_.scheduler().stopped() ? "stopping" : "ok"}, {"passes", service_.passes_run()}});
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
            if (method == "POST" && parts[1] == "connections" && parts.size() == 4 && parts[3] == "run") {
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
                    std::string body;
                    Poco::StreamCopier::copyToString(req.stream(), body);
                    std::optional<std::string> payload;
                    if (!body.empty()) {
                        boost::system::error_code ec;
                        boost::json::parse(body, ec);
                        if (ec) return send(res, 400, {{"error", "corrected payload is not valid JSON: " + ec.message()}});
                        payload = body;
                    }
                    auto work = store.replay_dead_letter(id, payload, system_clock_ms());
                    service_.scheduler().trigger(letter->connection, letter->entity);
                    return send(res, 202, {{"queued", work}});
                }
            }
        }
        if (method == "POST" && parts.size() == 3 && parts[0] == "push") {
            std::string body;
            Poco::StreamCopier::copyToString(req.stream(), body);
            boost::json::object headers;
            for (const auto& [k, v] : req) {
                std::string lower = k;
                for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                headers[lower] = v;
            }
            auto channel = parse_decimal(parts[2], 1, INT32_MAX);
            if (!channel) return send(res, 404, {{"error", "channel must be a number"}});
            auto out = service_.accept_push(parts[1], static_cast<int>(*channel), body, headers);
            return send_text(res, out.status, out.content_type, out.body);
        }
        if ((method == "GET" || method == "POST") && parts.size() == 3 && parts[0] == "callback") {
            std::string body;
            Poco::StreamCopier::copyToString(req.stream(), body);
            auto out = accept_erp_callback(service_, parts[1], parts[2], uri.getRawQuery(), body);
            return send_text(res, out.status, out.content_type, out.body);
        }
        send(res, 404, {{"error", "no such route: " + method + " " + uri.getPath()}});
    }

    static void send_text(Poco::Net::HTTPServerResponse& res, int status, const std::string& type, const std::string& body) {
        // With its reason phrase: setStatus alone leaves "OK" on every answer.
        res.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
        res.setContentType(type);
        res.setContentLength(static_cast<std::streamsize>(body.size()));
        res.send() << body;
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
