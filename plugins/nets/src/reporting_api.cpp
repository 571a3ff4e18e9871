#include "reporting_api.hpp"

#include <Poco/URI.h>

#include <chrono>
#include <ctime>

#include "payout_details.hpp"

namespace nets {

namespace json = boost::json;
using skarv::JsonReader;
using skarv::PluginError;
using skarv::RecordError;

namespace {
std::string utc_date(int64_t ms) {
    std::time_t t = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}
std::string encode(const std::string& v) {
    std::string out;
    Poco::URI::encode(v, "&=+?#/:", out);
    return out;
}
}  // namespace

ReportingApi::ReportingApi(ApiConfig config, skarv::HostServices host)
    : config_(std::move(config)), host_(host), http_(config_.base_url, std::chrono::milliseconds(config_.timeout_ms)) {}

// "Authorization: <secret API key>", the raw key (payments.md §3.1).
json::value ReportingApi::get(const std::string& path_and_query, const std::string& what) const {
    auto r = http_.request("GET", path_and_query, "", {{"Authorization", config_.secret_key}, {"Accept", "application/json"}},
                           "application/json", what);
    try {
        return skarv::parse_json(r.body, what);
    } catch (const RecordError& e) {
        throw PluginError::invalid("bad_answer", e.what());
    }
}

json::value ReportingApi::check() {
    const std::string today = utc_date(host_.now_ms());
    get("/report/v1/payouts?fromDate=" + today + "&toDate=" + today + "&pageSize=1", "payout list");
    return json::object{{"ok", true}, {"system", "Nets Easy reporting"}};
}

// GET /report/v1/payouts?fromDate&toDate&pageNumber&pageSize → {numberOfPayouts, payouts[]},
// then GET /report/v1/payouts/{id}?pageNumber&pageSize for the actions (payments.md §3.3).
// Cursor {"since": date, "page": n}; the last date read is read again next time.
json::value ReportingApi::read(const json::object& request) {
    std::string since = config_.start_date;
    int64_t page = 0;
    if (const auto* c = request.if_contains("cursor"); c && c->is_object()) {
        JsonReader cur(*c, "cursor");
        since = cur.string_or("since", since);
        page = cur.integer_or("page", 0);
    }
    if (since.empty()) since = utc_date(host_.now_ms() - int64_t{30} * 86400000);
    int64_t size = config_.page_size;
    if (const auto* l = request.if_contains("limit"); l && l->is_int64()) size = std::clamp<int64_t>(l->as_int64(), 1, config_.page_size);
    const std::string today = utc_date(host_.now_ms());
    auto list = get("/report/v1/payouts?fromDate=" + encode(since) + "&toDate=" + encode(today) + "&pageNumber=" +
                        std::to_string(page) + "&pageSize=" + std::to_string(size),
                    "payout list");
    json::array records;
    std::string latest = since;
    bool more = false;
    try {
        JsonReader body(list, "payout list");
        const auto& payouts = body.value("payouts");
        if (!payouts.is_array()) throw RecordError(body.at("payouts"), "expected an array");
        for (const auto& p : payouts.get_array()) {
            const std::string id = JsonReader(p, "payout").string("id");
            const std::string where = "payout " + id;
            json::array actions;
            json::value first;
            for (int64_t n = 0;; ++n) {
                auto d = get("/report/v1/payouts/" + encode(id) + "?pageNumber=" + std::to_string(n) + "&pageSize=" +
                                 std::to_string(config_.page_size),
                             where);
                JsonReader dr(d, where);
                const auto& a = dr.value("paymentActions");
                if (!a.is_array()) throw RecordError(dr.at("paymentActions"), "expected an array");
                for (const auto& x : a.get_array()) actions.push_back(x);
                if (n == 0) first = d;
                if (a.get_array().empty() || static_cast<int64_t>(actions.size()) >= dr.integer("numberOfPaymentActions")) break;
            }
            auto s = payout_from_json(first, actions, where);
            if (s.payout_date > latest) latest = s.payout_date;
            records.push_back(json::value_from(s));
        }
        more = (page + 1) * size < body.integer("numberOfPayouts");
    } catch (const RecordError& e) {
        throw PluginError::invalid("bad_answer", std::string("Nets: ") + e.what());
    } catch (const PluginError&) {
        throw;
    } catch (const std::exception& e) {
        // An amount at the edge of int64 (std::overflow_error from Money) is a bad answer
        // too, never an unclassified internal error.
        throw PluginError::invalid("bad_answer", std::string("Nets: ") + e.what());
    }
    json::object cursor = more ? json::object{{"since", since}, {"page", page + 1}} : json::object{{"since", latest}};
    return json::object{{"records", std::move(records)}, {"cursor", std::move(cursor)}, {"more", more}};
}

}  // namespace nets
