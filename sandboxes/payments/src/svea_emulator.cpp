#include "skarv/sandbox/svea_emulator.hpp"

#include <openssl/evp.h>
#include <Poco/Base64Encoder.h>

#include <sstream>
#include <stdexcept>

#include "wire.hpp"

namespace skarv::sandbox {

namespace json = boost::json;

std::string svea_authorization(const std::string& merchant_id, const std::string& secret, const std::string& body,
                               const std::string& timestamp) {
    const std::string message = body + secret + timestamp;
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(message.data(), message.size(), digest, &length, EVP_sha512(), nullptr);
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

int64_t SveaEmulator::client_id(const std::string& currency) { return currency == "SEK" ? 58702 : currency == "EUR" ? 58703 : 58704; }

struct SveaEmulator::Impl {
    explicit Impl(Options o) : options(std::move(o)), seed(generate_seed_data(options.seed)), http("svea") {
        PayoutSeedOptions po;
        po.provider = "svea";
        po.today = options.today;
        po.fee_basis_points = 190;
        po.fixed_fee_minor = 300;
        po.fee_vat_basis_points = 2500;   // invoice adm fee 25 % (webpay-common VatType, payments.md §4.4)
        payouts = seed_payouts(seed, po);
        add_routes();
        http.set_state_reporter([this] { return state(); });
    }

    // Errors: Svea's Payment Admin API shape is not in the research; {"Code","Message"}
    // is guess svea.error-shape.
    static HttpReply error(int status, const std::string& code, const std::string& message) {
        return HttpReply::json(json::object{{"Code", code}, {"Message", message}}, status);
    }

    // Headers Authorization (token) + Timestamp (payments.md §4.1); the token's format is
    // Svea Checkout's (guess svea.auth).
    Handler guarded(Handler h) {
        return [this, h = std::move(h)](const HttpRequest& r) {
            const std::string ts = r.header("timestamp");
            if (ts.empty()) return error(401, "Unauthorized", "Timestamp header is missing");
            if (r.header("authorization") != svea_authorization(options.merchant_id, options.secret, r.body, ts))
                return error(401, "Unauthorized", "Authorization is not valid");
            return h(r);
        };
    }

    // One report row (webpay-common reconciliation2 ClientReportRow, payments.md §4.1).
    // Sign of a credit's amounts: negative (guess svea.credit-sign).
    static json::object row_json(const SeedPayout& p, const SeedPayoutRow& r) {
        const bool credit = r.kind == "return", correction = r.kind == "fee_correction";
        const int64_t nominal = credit ? -r.amount : r.amount;
        const int64_t fee = correction ? -r.fee : r.fee, vat = correction ? -r.fee_vat : r.fee_vat;
        json::array fees;
        if (fee != 0)
            fees.push_back({{"sveaPaidAmount", -(fee + vat)},
                            {"amountExcludingVat", fee},
                            {"type", correction ? "Correction" : "Admin"},
                            {"vatAmount", vat},
                            {"vatPercent", vat ? 25 : 0}});
        return {{"sveaCustomerId", 1000 + static_cast<int64_t>(r.order_number.size())},
                {"customerName", r.known_order ? "Kund " + r.order_number : "Okänd kund"},
                {"externalOrderNo", r.order_number},
                {"orderDate", r.date},
                {"sveaInvoiceNo", correction ? "" : "9" + r.order_number},
                {"sveaOrderNo", correction ? "" : "7" + r.order_number},
                {"sveaCheckoutId", r.payment_reference},
                {"nominalAmount", correction ? 0 : nominal},
                {"sveaPaidAmount", (correction ? 0 : nominal) - fee - vat},
                {"totalFeeAmountExcludingVat", fee},
                {"totalFeeVatAmount", vat},
                {"paymentType", "Invoice"},
                {"currency", p.currency},
                {"destinationCurrency", p.currency},
                {"exchangeRate", 1},
                {"comment", ""},
                {"deliveryId", r.row_id},
                {"rowType", credit ? "Credit" : correction ? "Manual" : "Order"},
                {"fees", std::move(fees)},
                {"reconciliationDate", p.date}};
    }

    json::object client_report(const SeedPayout& p) const {
        json::array rows;
        for (const auto& r : p.rows) rows.push_back(row_json(p, r));
        json::object payment{{"sveaPaidAmountExcludingWithholding", p.total()},
                             {"sveaPaidAmountIncludingWithholding", p.total()},
                             {"openingBalanceDebt", 0},
                             {"closingBalanceDebt", 0},
                             {"nominalAmount", p.sales() - p.returns()},
                             {"feeAmountExcludingVat", p.fees()},
                             {"feeVatAmount", p.fee_vat()},
                             {"numberOfRows", rows.size()},
                             {"currency", p.currency},
                             {"vatGroups", json::array{}}};
        return {{"clientId", client_id(p.currency)},
                {"recipientTaxId", "556677-8899"},
                {"recipientBankAccountNo", "5491-0000003"},
                {"recipientBankAccountType", "BankGiro"},
                {"reconciliationDate", p.date},
                {"paymentReport", std::move(payment)},
                {"rows", std::move(rows)}};
    }

    json::value report(const std::string& date) const {
        json::array clients;
        std::size_t rows = 0;
        for (const auto& p : payouts)
            if (p.date == date) {
                clients.push_back(client_report(p));
                rows += p.rows.size();
            }
        return json::object{{"totalNrOfRows", rows}, {"clientReports", std::move(clients)}};
    }

    void add_routes() {
        http.route("GET", "/api/v2/reports", guarded([this](const HttpRequest& r) {
            const std::string date = r.param("date");
            if (!wire::iso_date(date)) return error(400, "InvalidDate", "date must be YYYY-MM-DD, not '" + date + "'");
            const std::string w = r.param("includeWithholding", "false");
            if (w != "true" && w != "false")
                return error(400, "InvalidIncludeWithholding", "includeWithholding must be true or false");
            return HttpReply::json(report(date));
        }));
    }

    json::value state() const {
        json::array list;
        for (const auto& p : payouts) list.push_back(client_report(p));
        return json::object{{"reports", std::move(list)}};
    }

    Options options;
    SeedData seed;
    std::vector<SeedPayout> payouts;
    HttpEmulator http;
};

SveaEmulator::SveaEmulator(Options options) : impl_(std::make_unique<Impl>(std::move(options))) {}
SveaEmulator::~SveaEmulator() { stop(); }
uint16_t SveaEmulator::start(uint16_t port) { return impl_->http.start(port); }
void SveaEmulator::stop() { impl_->http.stop(); }
std::string SveaEmulator::base_url() const { return impl_->http.base_url(); }
HttpEmulator& SveaEmulator::http() { return impl_->http; }
const SveaEmulator::Options& SveaEmulator::options() const { return impl_->options; }
const std::vector<SeedPayout>& SveaEmulator::payouts() const { return impl_->payouts; }
json::value SveaEmulator::report(const std::string& date) const { return impl_->report(date); }

}  // namespace skarv::sandbox
namespace skarv::sandbox { const SeedData& SveaEmulator::seed() const { return impl_->seed; } }
