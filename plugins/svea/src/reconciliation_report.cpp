#include "reconciliation_report.hpp"

namespace svea {

using skarv::JsonReader;
using skarv::RecordError;
using skarv::model::Money;
using skarv::model::Settlement;
using skarv::model::SettlementTransaction;

namespace {
// Ids come as numbers or strings (clientId is a number in the stored example, §4.1).
std::string id_text(const JsonReader& r, std::string_view key) {
    if (!r.has(key)) return {};
    const auto& v = r.value(key);
    if (v.is_string()) return std::string(v.get_string());
    return std::to_string(r.integer(key));
}
}  // namespace

// Fields from Svea's own reconciliation2 model in sveawebpay/webpay-common (payments.md
// §4.1): ClientReport clientId, reconciliationDate, paymentReport, rows; the payment report's
// sveaPaidAmountExcludingWithholding is the payout; ClientReportRow externalOrderNo (the
// shop's order number), sveaCheckoutId, nominalAmount, totalFeeAmountExcludingVat,
// totalFeeVatAmount, rowType, deliveryId, fees[]; amounts in minor units. Where `rows`
// sits and the sign of a Credit are guesses (svea.report-layout, svea.credit-sign).
std::vector<Settlement> read_report(const boost::json::value& report, const std::string& where) {
    JsonReader doc(report, where);
    std::vector<Settlement> out;
    const auto reports = doc.list<int>("clientReports", [&](const boost::json::value& c, const std::string& at) {
        JsonReader cr(c, at);
        Settlement s;
        s.provider = "svea";
        const std::string client = id_text(cr, "clientId");
        if (client.empty()) throw RecordError(cr.at("clientId"), "required");
        s.payout_date = cr.string("reconciliationDate").substr(0, 10);
        s.settlement_id = client + "-" + s.payout_date;
        JsonReader pr = cr.child("paymentReport");
        s.currency = pr.string("currency");
        s.stated_payout = Money(pr.integer("sveaPaidAmountExcludingWithholding"), s.currency);
        auto rows = cr.list<SettlementTransaction>("rows", [&](const boost::json::value& rv, const std::string& rat) {
            JsonReader r(rv, rat);
            SettlementTransaction t;
            const std::string type = r.string("rowType");
            const int64_t nominal = r.integer("nominalAmount");
            t.fee = Money(r.integer_or("totalFeeAmountExcludingVat", 0), s.currency);
            t.vat_on_fee = Money(r.integer_or("totalFeeVatAmount", 0), s.currency);
            bool fee_correction = false;
            for (const auto& f : r.list<std::string>("fees", [](const boost::json::value& fv, const std::string& fat) {
                     return JsonReader(fv, fat).string("type");
                 }))
                fee_correction |= f == "Correction";
            auto signed_as = [&](int sign) {
                Money m(nominal, s.currency);
                if (m.minor() < 0) m = -m;   // throws overflow_error on INT64_MIN, caught by the caller
                return sign > 0 ? m : -m;
            };
            if (type == "Order") t.type = "sale", t.amount = signed_as(+1);
            else if (type == "Credit") t.type = "refund", t.amount = signed_as(-1);
            else if (type == "Regression") t.type = "reversal", t.amount = signed_as(-1);
            else if (type == "Cost") t.type = "charge", t.amount = signed_as(-1);
            else if (type == "Kickback") t.type = "commission", t.amount = signed_as(+1);
            else if (type == "Deposit") t.type = "deposit", t.amount = signed_as(+1);
            else if (type == "Manual" && nominal == 0 && fee_correction) t.type = "fee_correction", t.amount = Money::zero(s.currency);
            else if (type == "Manual") t.type = "correction", t.amount = Money(nominal, s.currency);
            else throw RecordError(r.at("rowType"), "unsupported row type '" + type + "'");
            t.order_id = r.string_or("externalOrderNo", "");
            t.payment_reference = id_text(r, "sveaCheckoutId");
            t.transaction_id = r.string_or("deliveryId", "");
            if (t.transaction_id.empty()) t.transaction_id = type + ":" + t.order_id + ":" + rat.substr(rat.rfind('['));
            t.date = r.string_or("orderDate", s.payout_date).substr(0, 10);
            t.provider_type = type + (r.has("paymentType") ? "/" + r.string("paymentType") : "");
            if (r.has("currency") && r.string("currency") != s.currency)
                throw RecordError(r.at("currency"), "'" + r.string("currency") + "' differs from the payout's " + s.currency);
            return t;
        });
        s.transactions = std::move(rows);
        out.push_back(skarv::model::checked_settlement(s, at));
        return 0;
    });
    (void)reports;
    return out;
}

std::vector<Settlement> read_report_file(const std::string& text, const std::string& file_name) {
    return read_report(skarv::parse_json(text, file_name), file_name);
}

}  // namespace svea
