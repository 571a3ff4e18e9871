#include "settlements_api.hpp"

#include <Poco/Base64Encoder.h>
#include <Poco/URI.h>

#include <chrono>
#include <ctime>
#include <sstream>

#include "klarna_rows.hpp"

namespace klarna {

namespace json = boost::json;
using skarv::JsonReader;
using skarv::PluginError;
using skarv::RecordError;
using skarv::model::Money;
using skarv::model::Settlement;

namespace {
std::string encode(const std::string& v) {
    std::string out;
    Poco::URI::encode(v, "&=+?#/:", out);
    return out;
}
std::string utc(int64_t ms, const char* format) {
    std::time_t t = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, format, &tm);
    return buf;
}
}  // namespace

// Payout fields (payments.md §1.3): payment_reference, payout_date (ISO 8601 UTC),
// currency_code, merchant_settlement_type NET | GROSS | GROSS_FEE, totals.settlement_amount
// in minor units. Transaction fields (§1.4): amount, vat_amount in minor units, type,
// detailed_type, order_id, merchant_reference1, capture_id, refund_id, capture_date.
Settlement payout_from_json(const json::value& payout, const json::array& transactions) {
    JsonReader p(payout, "payout");
    Settlement s;
    s.provider = "klarna";
    s.settlement_id = p.string("payment_reference");
    const std::string where = "payout " + s.settlement_id;
    JsonReader named(payout, where);
    s.bank_reference = s.settlement_id;
    s.payout_date = named.string("payout_date").substr(0, 10);
    s.currency = named.string("currency_code");
    const std::string type = named.string("merchant_settlement_type");
    if (type == "NET") s.settlement_type = "net";
    else if (type == "GROSS" || type == "GROSS_FEE") s.settlement_type = "gross";
    else throw RecordError(named.at("merchant_settlement_type"), "expected NET, GROSS or GROSS_FEE, got '" + type + "'");
    s.stated_payout = Money(named.child("totals").integer("settlement_amount"), s.currency);
    for (std::size_t i = 0; i < transactions.size(); ++i) {
        const std::string at = where + ".transactions[" + std::to_string(i) + "]";
        JsonReader t(transactions[i], at);
        if (t.has("currency_code") && t.string("currency_code") != s.currency)
            throw RecordError(t.at("currency_code"), "'" + t.string("currency_code") + "' differs from the payout's " + s.currency);
        KlarnaRow row{t.string("type"),
                      t.string_or("detailed_type", ""),
                      Money(t.integer("amount"), s.currency),
                      Money(t.integer_or("vat_amount", 0), s.currency),
                      t.string_or("capture_id", ""),
                      t.string_or("refund_id", ""),
                      t.string_or("order_id", ""),
                      t.string_or("merchant_reference1", ""),
                      t.string_or("merchant_capture_reference", ""),
                      t.string_or("capture_date", ""),
                      t.string_or("sale_date", "")};
        s.transactions.push_back(to_transaction(row, at));
    }
    assign_transaction_ids(s);
    return skarv::model::checked_settlement(s, where);
}

namespace {
std::string basic(const std::string& user, const std::string& password) {
    std::ostringstream s;
    Poco::Base64Encoder b(s);
    b.rdbuf()->setLineLength(0);
    b << user << ':' << password;
    b.close();
    return "Basic " + s.str();
}
}  // namespace

SettlementsApi::SettlementsApi(ApiConfig config, skarv::HostServices host)
    : config_(std::move(config)),
      host_(host),
      http_(config_.base_url, std::chrono::milliseconds(config_.timeout_ms)),
      authorization_(basic(config_.username, config_.password)) {}

json::value SettlementsApi::get(const std::string& path_and_query, const std::string& what) const {
    auto r = http_.request("GET", path_and_query, "", {{"Authorization", authorization_}, {"Accept", "application/json"}},
                           "application/json", what);
    try {
        return skarv::parse_json(r.body, what);
    } catch (const RecordError& e) {
        throw PluginError::invalid("bad_answer", e.what());
    }
}

json::value SettlementsApi::check() {
    get("/settlements/v1/payouts?size=1", "payout list");
    return json::object{{"ok", true}, {"system", "Klarna Settlements"}};
}

// Klarna's daily flow (payments.md §1.2): list payouts, then each payout's transactions
// by payment_reference. The cursor: {"since": date, "offset": n}; a payout of the last
// date read is read again next time (its day may not be over), booking is by
// settlement_id so that costs nothing.
json::value SettlementsApi::read(const json::object& request) {
    std::string since = config_.start_date;
    int64_t offset = 0;
    if (const auto* c = request.if_contains("cursor"); c && c->is_object()) {
        JsonReader cur(*c, "cursor");
        since = cur.string_or("since", since);
        offset = cur.integer_or("offset", 0);
    }
    if (since.empty()) since = utc(host_.now_ms() - int64_t{30} * 86400000, "%Y-%m-%d");
    int64_t limit = 20;
    if (const auto* l = request.if_contains("limit"); l && l->is_int64()) limit = std::clamp<int64_t>(l->as_int64(), 1, 500);
    // A bare date would mean 00:00:00 (§1.2), so the end is a full date-time.
    const std::string end = utc(host_.now_ms(), "%Y-%m-%dT%H:%M:%SZ");
    auto list = get("/settlements/v1/payouts?start_date=" + encode(since + "T00:00:00Z") + "&end_date=" + encode(end) +
                        "&size=" + std::to_string(limit) + "&offset=" + std::to_string(offset),
                    "payout list");
    json::array records;
    std::string latest = since;
    int64_t count = 0;
    bool more = false;
    try {
        JsonReader body(list, "payout list");
        const auto& payouts = body.value("payouts");
        if (!payouts.is_array()) throw RecordError(body.at("payouts"), "expected an array");
        for (const auto& p : payouts.get_array()) {
            const std::string ref = JsonReader(p, "payout").string("payment_reference");
            json::array transactions;
            for (int64_t at = 0;;) {
                auto page = get("/settlements/v1/transactions?payment_reference=" + encode(ref) + "&size=" +
                                    std::to_string(config_.transactions_page_size) + "&offset=" + std::to_string(at),
                                "transactions of payout " + ref);
                JsonReader pr(page, "transactions of payout " + ref);
                const auto& rows = pr.value("transactions");
                if (!rows.is_array()) throw RecordError(pr.at("transactions"), "expected an array");
                for (const auto& t : rows.get_array()) transactions.push_back(t);
                const int64_t total = pr.child("pagination").integer("total");
                at += static_cast<int64_t>(rows.get_array().size());
                if (rows.get_array().empty() || at >= total) break;
            }
            auto s = payout_from_json(p, transactions);
            if (s.payout_date > latest) latest = s.payout_date;
            records.push_back(json::value_from(s));
            ++count;
        }
        JsonReader pagination = body.child("pagination");
        more = pagination.has("next");
    } catch (const RecordError& e) {
        throw PluginError::invalid("bad_answer", std::string("Klarna: ") + e.what());
    } catch (const PluginError&) {
        throw;
    } catch (const std::exception& e) {
        // An amount at the edge of int64 (std::overflow_error from Money) is a bad answer
        // too, never an unclassified internal error.
        throw PluginError::invalid("bad_answer", std::string("Klarna: ") + e.what());
    }
    json::object cursor = more ? json::object{{"since", since}, {"offset", offset + count}} : json::object{{"since", latest}};
    return json::object{{"records", std::move(records)}, {"cursor", std::move(cursor)}, {"more", more}};
}

}  // namespace klarna
