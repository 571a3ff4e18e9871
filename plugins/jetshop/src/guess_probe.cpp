#include "guess_probe.hpp"

#include "order_query.hpp"
#include "wire_fields.hpp"

namespace jetshop {

namespace json = boost::json;

namespace {

json::object check(const char* guess, const char* verdict, const std::string& seen) {
    return {{"guess", guess}, {"verdict", verdict}, {"seen", seen}};
}

std::string answered(const std::string& call, const skarv::HttpResponse& r) {
    std::string body = r.body.substr(0, 200);
    for (auto& c : body)
        if (c == '\n' || c == '\r') c = ' ';
    return call + " answered " + std::to_string(r.status) + (body.empty() ? "" : " " + body);
}

json::value parsed(const skarv::HttpResponse& r) {
    boost::system::error_code ec;
    json::value v = json::parse(r.body, ec);
    return ec ? json::value(nullptr) : v;
}

// The first row of an OData answer, or null.
const json::object* first_row(const json::value& doc) {
    const auto* rows = doc.is_object() ? array_at(doc.get_object(), "value") : nullptr;
    return rows && !rows->empty() && (*rows)[0].is_object() ? &(*rows)[0].get_object() : nullptr;
}

json::object job_path(NorceClient& client) {
    const std::string api = std::string(kConnect) + "/api/Job/Get?id=0", bare = std::string(kConnect) + "/Job/Get?id=0";
    const auto a = client.send("GET", api, "", {}, "probe norce.job-path");
    const auto b = client.send("GET", bare, "", {}, "probe norce.job-path");
    const std::string seen = answered("GET " + api, a) + "; " + answered("GET " + bare, b);
    if (a.status != 404) return check("norce.job-path", "confirmed", seen);
    if (b.status != 404) return check("norce.job-path", "contradicted", seen);
    return check("norce.job-path", "not_checked", seen + " (neither path tells; GET the job of a real import)");
}

json::object variant_code(NorceClient& client, const std::map<std::string, std::string>& context) {
    const std::string path = std::string(kQuery) + "/Products/Variants?$select=Id,Code&$top=1";
    const auto r = client.send("GET", path, "", context, "probe norce.query-variant-code");
    const std::string seen = answered("GET " + path, r);
    if (r.status == 400) return check("norce.query-variant-code", "contradicted", seen);
    if (r.status != 200) return check("norce.query-variant-code", "not_checked", seen);
    const json::value doc = parsed(r);
    const auto* row = first_row(doc);
    if (!row) return check("norce.query-variant-code", "not_checked", seen + " (no variant to look at)");
    return check("norce.query-variant-code", field(*row, "Code") ? "confirmed" : "contradicted", seen);
}

// A 400 for a $select naming the property says it is not there; a row with it says it is.
json::object selected(NorceClient& client, const char* guess, const std::string& path, const char* property,
                      bool in_skus, const std::map<std::string, std::string>& context) {
    const auto r = client.send("GET", path, "", context, std::string("probe ") + guess);
    const std::string seen = answered("GET " + path, r);
    if (r.status == 400) return check(guess, "contradicted", seen);
    if (r.status != 200) return check(guess, "not_checked", seen);
    const json::value doc = parsed(r);
    const json::object* row = first_row(doc);
    if (row && in_skus) {
        const auto* skus = array_at(*row, "Skus");
        row = skus && !skus->empty() && (*skus)[0].is_object() ? &(*skus)[0].get_object() : nullptr;
    }
    if (!row) return check(guess, "not_checked", seen + " (no row to look at)");
    return check(guess, field(*row, property) ? "confirmed" : "contradicted", seen);
}

json::object order_currency(NorceClient& client, const std::map<std::string, std::string>& context) {
    const std::string path = std::string(kQuery) + "/Orders/Orders?$top=1";
    const auto r = client.send("GET", path, "", context, "probe norce.query-order-currency");
    const std::string seen = answered("GET " + path, r);
    if (r.status != 200) return check("norce.query-order-currency", "not_checked", seen);
    const json::value doc = parsed(r);
    const auto* row = first_row(doc);
    if (!row) return check("norce.query-order-currency", "not_checked", seen + " (no order to look at)");
    const bool has = field(*row, "CurrencyCode") != nullptr;
    return check("norce.query-order-currency", has ? "confirmed" : "contradicted",
                 std::string("GET ") + path + ": the order row " + (has ? "has" : "has no") + " CurrencyCode");
}

// Norce refuses a SendOrderStatus that names no order, so nothing is written.
json::object error_body(NorceClient& client) {
    const std::string path = std::string(kConnect) + "/Order/SendOrderStatus";
    const auto r = client.send("POST", path, "{}", {}, "probe norce.followup-error-body");
    const std::string seen = answered("POST " + path + " {}", r);
    const json::value doc = parsed(r);
    const bool documented = r.status == 400 && doc.is_object() && !text(doc.get_object(), "Description").empty();
    return check("norce.followup-error-body", documented ? "confirmed" : "contradicted", seen);
}

}  // namespace

json::object probe_guesses(NorceClient& client, skarv::HostServices host) {
    const Config& config = client.config();
    const std::map<std::string, std::string> context{{"ApplicationId", std::to_string(config.primary().application_id)}};
    client.tokens().bearer();   // credentials first: every check below needs them
    json::array checks{
        job_path(client), variant_code(client, context), order_currency(client, context), error_body(client),
        selected(client, "norce.query-sku-vat",
                 std::string(kQuery) + "/Products/Products?$top=1&$select=Id&$expand=" + query_value("Skus($select=PartNo,VatRate)"),
                 "VatRate", true, context),
        selected(client, "norce.query-sku-price",
                 std::string(kQuery) + "/Products/ProductSkuPriceLists?$select=PartNo,PriceSale&$top=1", "PriceSale", false,
                 context)};
    const std::pair<const char*, const char*> unchecked[] = {
        {"norce.invoice-currency", "needs an invoice in another currency: it writes"},
        {"norce.followup-idempotency", "needs a second delivery note on an order: it writes"},
        {"norce.importedrow-format", "needs an import with a failing item: it writes"},
        {"norce.field-enum-numbers", "nothing to call: the connector sends names"},
        {"norce.pricelist-application", "needs a price list import: it writes"},
        {"norce.vat-rates", "needs a product import: it writes"},
        {"norce.notify-customer", "needs a follow-up on an order: it writes"},
        {"norce.delivery-carrier", "needs a delivery note: it writes"},
        {"norce.push-discount", "needs an order pushed with a discount"},
        {"norce.push-amount-units", "needs an order pushed with a voucher and a fee"},
        {"norce.query-cash-discount", "needs an order with a voucher on reduced-rate goods"},
        {"norce.quotation-id", "needs a pushed order to compare"},
        {"norce.company-vatno", "needs a B2B order"},
        {"norce.query-payment-ref", "the navigation's name is itself the guess"},
        {"norce.variant-parametrics", "needs a product import: it writes"},
        {"norce.onhand-available", "needs a stock import: it writes"},
        {"norce.query-paging", "needs a tenant with two orders to be conclusive"},
        {"norce.per-item-validation", "needs an import with an invalid item: it writes"},
        {"norce.absent-field-list", "the connector always sends every list; settling it writes"},
        {"norce.job-response-status", "needs an import: it writes; the connector does not read it"},
        {"norce.job-states", "needs an import to watch: it writes; the connector reads only the end states"},
        {"norce.job-parallelism", "needs several imports at once: it writes"},
        {"norce.push-release", "needs a checkout"},
        {"norce.emulator-ids", "configuration, not behaviour"}};
    for (const auto& [guess, why] : unchecked) checks.push_back(check(guess, "not_checked", why));
    for (const auto& c : checks)
        host.info(std::string(c.at("guess").as_string()) + ": " + std::string(c.at("verdict").as_string()));
    return {{"checks", checks}};
}

}  // namespace jetshop
