#include "skarv/sandbox/klarna_emulator.hpp"

#include <Poco/Base64Encoder.h>

#include <sstream>
#include <stdexcept>

#include "wire.hpp"

namespace skarv::sandbox {

namespace json = boost::json;

namespace {
// One row as Klarna lists it. Klarna does not say whether `amount` is signed or whether
// the type carries the sign (research payments.md §1.5 "Open point"); the emulator sends
// magnitudes and signs only CORRECTION, which the docs list as "+/−" (guess
// klarna.amount-sign, docs/guesses.md).
struct KlarnaRow {
    std::string type, detailed_type, capture_id, refund_id, order_id, merchant_reference1, date;
    int64_t amount = 0, vat_amount = 0;
};

std::vector<KlarnaRow> klarna_rows(const SeedPayout& p) {
    std::vector<KlarnaRow> out;
    for (const auto& r : p.rows) {
        if (r.kind == "sale") {
            // Klarna: a FEE row per sale beside the SALE row, same capture_id ("capture_id
            // only present on SALE and FEE rows", payments.md §1.4).
            out.push_back({"SALE", "PURCHASE", r.row_id, "", r.payment_reference, r.order_number, r.date, r.amount, 0});
            out.push_back({"FEE", "PURCHASE_FEE_PERCENTAGE", r.row_id, "", r.payment_reference, r.order_number, r.date, r.fee,
                           r.fee_vat});
        } else if (r.kind == "return") {
            out.push_back({"RETURN", "PURCHASE_RETURN", "", r.row_id, r.payment_reference, r.order_number, r.date, r.amount, 0});
        } else if (r.kind == "fee_correction") {
            out.push_back({"CORRECTION", "FIXED_FEE_CORRECTION_SE", "", "", r.payment_reference, r.order_number, r.date,
                           r.fee, r.fee_vat});
        }
    }
    return out;
}

std::string basic(const std::string& user, const std::string& password) {
    std::ostringstream s;
    Poco::Base64Encoder b(s);
    b.rdbuf()->setLineLength(0);
    b << user << ':' << password;
    b.close();
    return "Basic " + s.str();
}
}  // namespace

struct KlarnaEmulator::Impl {
    explicit Impl(Options o) : options(std::move(o)), seed(generate_seed_data(options.seed)), http("klarna") {
        PayoutSeedOptions po;
        po.provider = "klarna";
        po.today = options.today;
        po.fee_vat_basis_points = 2500;
        payouts = seed_payouts(seed, po);
        add_routes();
        http.set_state_reporter([this] { return state(); });
    }

    // Klarna's errors: {error_code, error_messages[], correlation_id} (payments.md §1.2).
    static HttpReply error(int status, const std::string& code, const std::string& message) {
        return HttpReply::json(json::object{{"error_code", code},
                                            {"error_messages", json::array{json::string(message)}},
                                            {"correlation_id", "emulator-" + code}},
                               status);
    }

    // Basic auth with the merchant's API username and password (payments.md §1.1).
    Handler guarded(Handler h) {
        return [this, h = std::move(h)](const HttpRequest& r) {
            if (r.header("authorization") != basic(options.username, options.password))
                return error(401, "UNAUTHORIZED", "Invalid credentials");   // guess klarna.error-codes
            return h(r);
        };
    }

    // size: default 20, max 500; offset ≥ 0 (payments.md §1.2).
    static std::optional<HttpReply> paging(const HttpRequest& r, int64_t& size, int64_t& offset) {
        if (!wire::integer_param(r, "size", 20, size) || size < 1 || size > 500)
            return error(400, "BAD_VALUE", "size must be an integer 1..500");
        if (!wire::integer_param(r, "offset", 0, offset) || offset < 0)
            return error(400, "BAD_VALUE", "offset must be an integer ≥ 0");
        return std::nullopt;
    }

    static json::object pagination(int64_t count, int64_t total, int64_t offset, int64_t size, const std::string& base) {
        json::object p{{"count", count}, {"total", total}, {"offset", offset}};
        if (offset + count < total) p["next"] = base + "&offset=" + std::to_string(offset + count) + "&size=" + std::to_string(size);
        if (offset > 0) p["prev"] = base + "&offset=" + std::to_string(offset > size ? offset - size : 0) + "&size=" + std::to_string(size);
        return p;
    }

    json::object payout_json(const SeedPayout& p) const {
        // sale − return − fee + fee_correction − tax = settlement (payments.md §1.5); the
        // tax is the VAT on fees net of the VAT given back with a correction.
        int64_t correction = 0, fee = 0, tax = 0;
        for (const auto& r : p.rows) {
            if (r.kind == "fee_correction") correction += r.fee, tax -= r.fee_vat;
            if (r.kind == "sale") fee += r.fee, tax += r.fee_vat;
        }
        json::object totals{{"sale_amount", p.sales()},        {"return_amount", p.returns()}, {"reversal_amount", 0},
                            {"fee_amount", fee},               {"fee_correction_amount", correction},
                            {"fee_refund_amount", 0},          {"tax_amount", tax},            {"tax_refund_amount", 0},
                            {"commission_amount", 0},          {"charge_amount", 0},           {"credit_amount", 0},
                            {"holdback_amount", 0},            {"release_amount", 0},          {"repay_amount", 0},
                            {"deposit_amount", 0},             {"opening_debt_balance_amount", 0},
                            {"closing_debt_balance_amount", 0}, {"settlement_amount", p.total()}};
        return {{"payment_reference", p.id},
                {"payout_date", p.date + "T10:00:00Z"},
                {"currency_code", p.currency},
                {"currency_code_of_registration_country", "SEK"},
                {"merchant_settlement_type", "NET"},
                {"merchant_id", options.merchant_id},
                {"transactions", "/settlements/v1/transactions?payment_reference=" + p.id},
                {"totals", std::move(totals)}};
    }

    json::object transaction_json(const SeedPayout& p, const KlarnaRow& r) const {
        json::object t{{"amount", r.amount},
                       {"capture_id", r.capture_id},
                       {"merchant_reference1", r.merchant_reference1},
                       {"merchant_reference2", ""},
                       {"sale_date", r.date + "T08:00:00Z"},
                       {"type", r.type},
                       {"detailed_type", r.detailed_type},
                       {"capture_date", r.date + "T09:00:00Z"},
                       {"payment_reference", p.id},
                       {"order_id", r.order_id},
                       {"payout", "/settlements/v1/payouts/" + p.id},
                       {"refund_id", r.refund_id},
                       {"short_order_id", r.order_id.substr(0, 8)},
                       {"merchant_capture_reference", ""},
                       {"merchant_refund_reference", ""},
                       {"currency_code", p.currency},
                       {"purchase_country", p.currency == "SEK" ? "SE" : "FI"},
                       {"vat_rate", r.vat_amount ? 2500 : 0},
                       {"vat_amount", r.vat_amount}};
        return t;
    }

    const SeedPayout* find(const std::string& ref) const {
        for (const auto& p : payouts)
            if (p.id == ref) return &p;
        return nullptr;
    }

    void add_routes() {
        http.route("GET", "/settlements/v1/payouts", guarded([this](const HttpRequest& r) {
            int64_t size = 0, offset = 0;
            if (auto bad = paging(r, size, offset)) return *bad;
            // start_date/end_date are ISO 8601 date-times; a bare date means 00:00:00 (payments.md §1.2).
            std::string from = r.param("start_date"), to = r.param("end_date");
            for (const auto& [name, v] : {std::pair{"start_date", from}, std::pair{"end_date", to}})
                if (!v.empty() && !wire::iso_date_time(v))
                    return error(400, "BAD_VALUE", std::string(name) + " must be an ISO 8601 date-time");
            const std::string currency = r.param("currency_code");
            std::vector<const SeedPayout*> hit;
            for (const auto& p : payouts) {
                const std::string at = p.date + "T10:00:00Z";
                if ((from.empty() || at >= wire::full_date_time(from)) && (to.empty() || at <= wire::full_date_time(to)) &&
                    (currency.empty() || currency == p.currency))
                    hit.push_back(&p);
            }
            json::array page;
            for (int64_t i = offset; i < static_cast<int64_t>(hit.size()) && i < offset + size; ++i)
                page.push_back(payout_json(*hit[static_cast<std::size_t>(i)]));
            const int64_t count = static_cast<int64_t>(page.size());
            return HttpReply::json(json::object{
                {"payouts", std::move(page)},
                {"pagination", pagination(count, static_cast<int64_t>(hit.size()), offset, size,
                                          "/settlements/v1/payouts?start_date=" + from + "&end_date=" + to)}});
        }));
        http.route_prefix("GET", "/settlements/v1/payouts/", guarded([this](const HttpRequest& r) {
            const auto* p = find(r.path.substr(std::string("/settlements/v1/payouts/").size()));
            if (!p) return error(404, "NOT_FOUND", "No payout with that payment reference");
            return HttpReply::json(payout_json(*p));
        }));
        http.route("GET", "/settlements/v1/transactions", guarded([this](const HttpRequest& r) {
            int64_t size = 0, offset = 0;
            if (auto bad = paging(r, size, offset)) return *bad;
            const std::string ref = r.param("payment_reference"), order = r.param("order_id");
            std::vector<json::object> all;
            for (const auto& p : payouts) {
                if (!ref.empty() && p.id != ref) continue;
                for (const auto& row : klarna_rows(p))
                    if (order.empty() || row.order_id == order) all.push_back(transaction_json(p, row));
            }
            json::array page;
            for (int64_t i = offset; i < static_cast<int64_t>(all.size()) && i < offset + size; ++i)
                page.push_back(all[static_cast<std::size_t>(i)]);
            const int64_t count = static_cast<int64_t>(page.size());
            return HttpReply::json(json::object{
                {"transactions", std::move(page)},
                {"pagination", pagination(count, static_cast<int64_t>(all.size()), offset, size,
                                          "/settlements/v1/transactions?payment_reference=" + ref)}});
        }));
        http.route("GET", "/settlements/v1/reports/payout-with-transactions", guarded([this](const HttpRequest& r) {
            const auto ref = r.param("payment_reference");
            if (ref.empty()) return error(400, "BAD_VALUE", "payment_reference is required");
            if (!find(ref)) return error(404, "NOT_FOUND", "No payout with that payment reference");
            return HttpReply::text(csv_report(ref), 200, "text/csv");
        }));
    }

    // The CSV payout report (payments.md §1.5): transaction fields by name, the first ten
    // in Continia's order, amounts as decimals, `;` as separator (EKM's guide), the
    // payout's summary fields repeated on each row (guess klarna.csv-layout).
    std::string csv_report(const std::string& ref) const {
        const auto* p = find(ref);
        if (!p) throw std::invalid_argument("no Klarna payout " + ref);
        std::string out = "\xEF\xBB\xBF";
        out += "type;capture_date;sale_date;order_id;short_order_id;capture_id;merchant_reference1;merchant_reference2;"
               "amount;posting_currency;refund_id;purchase_country;tax_rate;tax_amount;detailed_type;"
               "merchant_capture_reference;payment_reference;payout_date;merchant_settlement_type;total_settlement_amount\r\n";
        for (const auto& r : klarna_rows(*p)) {
            out += r.type + ";" + r.date + "T09:00:00Z;" + r.date + "T08:00:00Z;" + r.order_id + ";" + r.order_id.substr(0, 8) +
                   ";" + r.capture_id + ";" + r.merchant_reference1 + ";;" + wire::decimal(r.amount) + ";" + p->currency + ";" +
                   r.refund_id + ";" + (p->currency == "SEK" ? "SE" : "FI") + ";" + (r.vat_amount ? "25.00" : "0.00") + ";" +
                   wire::decimal(r.vat_amount) + ";" + r.detailed_type + ";;" + p->id + ";" + p->date + "T10:00:00Z;NET;" +
                   wire::decimal(p->total()) + "\r\n";
        }
        return out;
    }

    json::value state() const {
        json::array list;
        for (const auto& p : payouts) {
            auto o = payout_json(p);
            json::array rows;
            for (const auto& r : klarna_rows(p)) rows.push_back(transaction_json(p, r));
            o["transaction_rows"] = std::move(rows);
            list.push_back(std::move(o));
        }
        return json::object{{"payouts", std::move(list)}};
    }

    Options options;
    SeedData seed;
    std::vector<SeedPayout> payouts;
    HttpEmulator http;
};

KlarnaEmulator::KlarnaEmulator(Options options) : impl_(std::make_unique<Impl>(std::move(options))) {}
KlarnaEmulator::~KlarnaEmulator() { stop(); }
uint16_t KlarnaEmulator::start(uint16_t port) { return impl_->http.start(port); }
void KlarnaEmulator::stop() { impl_->http.stop(); }
std::string KlarnaEmulator::base_url() const { return impl_->http.base_url(); }
HttpEmulator& KlarnaEmulator::http() { return impl_->http; }
const KlarnaEmulator::Options& KlarnaEmulator::options() const { return impl_->options; }
const std::vector<SeedPayout>& KlarnaEmulator::payouts() const { return impl_->payouts; }
const SeedData& KlarnaEmulator::seed() const { return impl_->seed; }
std::string KlarnaEmulator::csv_report(const std::string& ref) const { return impl_->csv_report(ref); }

}  // namespace skarv::sandbox
