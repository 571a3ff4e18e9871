#include "payment_admin_api.hpp"

#include <openssl/evp.h>
#include <Poco/Base64Encoder.h>

#include <chrono>
#include <ctime>
#include <sstream>

#include "reconciliation_report.hpp"

namespace svea {

namespace json = boost::json;
using skarv::JsonReader;
using skarv::PluginError;
using skarv::RecordError;

std::string authorization(const std::string& merchant_id, const std::string& secret, const std::string& body,
                          const std::string& timestamp) {
    const std::string message = body + secret + timestamp;
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(message.data(), message.size(), digest, &length, EVP_sha512(), nullptr) != 1)
        throw PluginError::retryable("crypto", "SHA-512 failed");
    static const char* hex = "0123456789ABCDEF";
    std::string h;
    for (unsigned i = 0; i < length; ++i) h += {hex[digest[i] >> 4], hex[digest[i] & 15]};
    std::ostringstream s;
    Poco::Base64Encoder b(s);
    b.rdbuf()->setLineLength(0);
    b << merchant_id << ':' << h;
    b.close();
    return "Svea " + s.str();
}

namespace {
std::string utc(int64_t ms, const char* format) {
    std::time_t t = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, format, &tm);
    return buf;
}
std::string next_day(const std::string& date) {
    using namespace std::chrono;
    year_month_day ymd{year{std::stoi(date.substr(0, 4))}, month{static_cast<unsigned>(std::stoi(date.substr(5, 2)))},
                       day{static_cast<unsigned>(std::stoi(date.substr(8, 2)))}};
    year_month_day next{sys_days{ymd} + days{1}};
    char out[32];
    std::snprintf(out, sizeof out, "%04d-%02u-%02u", static_cast<int>(next.year()), static_cast<unsigned>(next.month()),
                  static_cast<unsigned>(next.day()));
    return out;
}
}  // namespace

PaymentAdminApi::PaymentAdminApi(ApiConfig config, skarv::HostServices host)
    : config_(std::move(config)), host_(host), http_(config_.base_url, std::chrono::milliseconds(config_.timeout_ms)) {}

// GET /api/v2/reports?date={Date}&includeWithholding={bool}, headers Authorization and
// Timestamp (payments.md §4.1).
json::value PaymentAdminApi::report(const std::string& date) const {
    const std::string timestamp = utc(host_.now_ms(), "%Y-%m-%d %H:%M:%S");
    auto r = http_.request("GET",
                           "/api/v2/reports?date=" + date + "&includeWithholding=" + (config_.include_withholding ? "true" : "false"),
                           "",
                           {{"Authorization", authorization(config_.merchant_id, config_.secret, "", timestamp)},
                            {"Timestamp", timestamp},
                            {"Accept", "application/json"}},
                           "application/json", "report of " + date);
    try {
        return skarv::parse_json(r.body, "report of " + date);
    } catch (const RecordError& e) {
        throw PluginError::invalid("bad_answer", e.what());
    }
}

json::value PaymentAdminApi::check() {
    report(utc(host_.now_ms(), "%Y-%m-%d"));
    return json::object{{"ok", true}, {"system", "Svea Payment Admin"}};
}

// Cursor {"date": the next day to read}. Today's report is read again next time: the day
// is not over.
json::value PaymentAdminApi::read(const json::object& request) {
    const std::string today = utc(host_.now_ms(), "%Y-%m-%d");
    std::string date = config_.start_date;
    if (const auto* c = request.if_contains("cursor"); c && c->is_object()) date = JsonReader(*c, "cursor").string_or("date", date);
    if (date.empty()) date = utc(host_.now_ms() - int64_t{30} * 86400000, "%Y-%m-%d");
    if (!skarv::model::is_iso_date(date)) throw PluginError::invalid("bad_cursor", "cursor.date: expected YYYY-MM-DD");
    if (date > today) date = today;
    json::array records;
    try {
        for (const auto& s : read_report(report(date), "Svea report of " + date)) records.push_back(json::value_from(s));
    } catch (const RecordError& e) {
        throw PluginError::invalid("bad_answer", e.what());
    } catch (const PluginError&) {
        throw;
    } catch (const std::exception& e) {
        // An amount at the edge of int64 (std::overflow_error from Money).
        throw PluginError::invalid("bad_answer", std::string("Svea report of ") + date + ": " + e.what());
    }
    const bool more = date < today;
    return json::object{{"records", std::move(records)},
                        {"cursor", json::object{{"date", more ? next_day(date) : today}}},
                        {"more", more}};
}

}  // namespace svea
