#include "pass_watcher.hpp"

#include <stdexcept>

#include <boost/json.hpp>

#include "http_client.hpp"

namespace skarv::bench {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

namespace {

// The newest transfer reports, {"reports": [...]}.
json::value reports(HttpClient& service, const std::string& token) {
    auto a = service.request("GET", "/api/reports?limit=50", "", token);
    if (a.status != 200) throw std::runtime_error("GET /api/reports answered " + std::to_string(a.status) + ": " + a.body);
    return a.json();
}

}  // namespace

PassWatcher::PassWatcher(const std::string& service_url, const std::string& token, const std::string& connection,
                         const std::string& entity)
    : url_(service_url), token_(token), entity_(entity) {
    HttpClient service(url_);
    const auto before = reports(service, token_);
    for (const auto& r : before.at("reports").as_array())
        if (r.at("entity").as_string() == entity_)
            last_report_before_ = std::max(last_report_before_, r.at("id").to_number<int64_t>());
    triggered_ = Clock::now();
    auto a = service.request("POST", "/api/connections/" + connection + "/run?entity=" + entity, "", token_);
    if (a.status != 202)
        throw std::runtime_error("triggering the " + entity + " pass answered " + std::to_string(a.status) + ": " + a.body);
    thread_ = std::thread([this] { watch(); });
}

PassWatcher::~PassWatcher() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
}

void PassWatcher::watch() {
    try {
        HttpClient service(url_);
        while (!stop_) {
            const auto now = reports(service, token_);
            for (const auto& r : now.at("reports").as_array()) {
                if (r.at("entity").as_string() != entity_ || r.at("id").to_number<int64_t>() <= last_report_before_ ||
                    r.at("ended_at").is_null())
                    continue;
                wall_s_ = std::chrono::duration<double>(Clock::now() - triggered_).count();
                for (const char* k : {"considered", "created", "updated", "unchanged", "skipped", "failed"})
                    if (auto* v = r.as_object().if_contains(k)) counts_[k] = v->to_number<int64_t>();
                ended_ = true;
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    } catch (const std::exception& e) {
        error_ = e.what();
        ended_ = true;
    }
}

bool PassWatcher::wait(std::chrono::seconds limit) {
    const auto until = Clock::now() + limit;
    while (!ended_ && Clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    return ended_ && error_.empty();
}

void wait_for_startup_passes(const std::string& service_url, const std::string& token, std::chrono::seconds limit) {
    HttpClient service(service_url);
    const auto until = Clock::now() + limit;
    for (;;) {
        auto a = service.request("GET", "/api/connections", "", token);
        if (a.status != 200)
            throw std::runtime_error("GET /api/connections answered " + std::to_string(a.status) + ": " + a.body);
        bool all_ran = true;
        const auto doc = a.json();
        for (const auto& j : doc.at("jobs").as_array()) all_ran = all_ran && j.at("last_run_ms").to_number<int64_t>() > 0;
        if (all_ran) return;
        if (Clock::now() > until) throw std::runtime_error("the service's start-up passes did not all end in time");
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
}

}  // namespace skarv::bench
