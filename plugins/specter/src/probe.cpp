#include "probe.hpp"

#include <Poco/AutoPtr.h>
#include <Poco/DOM/DOMParser.h>
#include <Poco/DOM/Document.h>
#include <Poco/Exception.h>

#include <skarv/text_encoding.hpp>

namespace specter {

namespace {

// A key no call can have: md5 is 32 hex digits.
constexpr const char* kWrongKey = "00000000000000000000000000000000";

boost::json::object check(const char* guess, bool confirmed, const std::string& seen) {
    return {{"guess", guess}, {"verdict", confirmed ? "confirmed" : "contradicted"}, {"seen", seen}};
}
boost::json::object not_checked(const char* guess, const char* why) {
    return {{"guess", guess}, {"verdict", "not_checked"}, {"seen", why}};
}

std::string shown(const skarv::HttpResponse& r) {
    std::string body = skarv::text::latin1_to_utf8(r.body.substr(0, 160));
    for (auto& c : body)
        if (c == '\r' || c == '\n') c = ' ';
    return "HTTP " + std::to_string(r.status) + " '" + body + (r.body.size() > 160 ? "…'" : "'");
}

bool text_refusal(const skarv::HttpResponse& r, const std::string& code = "") {
    if (r.status != 200 || r.body.rfind("0;", 0) != 0) return false;
    return code.empty() || r.body.rfind("0;" + code + ";", 0) == 0;
}

}  // namespace

boost::json::object probe(const ApiClient& api) {
    boost::json::array checks;
    auto attempt = [&](const char* guess, auto&& run) {
        try {
            checks.push_back(run());
        } catch (const std::exception& e) {
            checks.push_back(check(guess, false, std::string("the call failed: ") + e.what()));
        }
    };
    // No look-up by the shop's order number exists, and an unknown action is refused as
    // "0;<code>;<message>" text. A correct key, so only the action can be refused.
    attempt("specter.unknown-action", [&] {
        auto r = api.raw(false, "getOrderByExternalOrderNo", api_key(api.config(), "skarv-probe"),
                         {{"externalOrderNo", "skarv-probe"}}, kText);
        return check("specter.unknown-action", text_refusal(r), "getOrderByExternalOrderNo answered " + shown(r));
    });
    // A wrong key is code 3 (the connector reports 2 and 3 as an authentication problem).
    attempt("specter.error-codes", [&] {
        auto r = api.raw(false, "checkAccountSettings", kWrongKey, {{"date", "2000-01-01"}}, kText);
        return check("specter.error-codes", text_refusal(r, "3"), "checkAccountSettings with a wrong key answered " + shown(r));
    });
    // useXML=2 where the record shows no XML answers text.
    attempt("specter.xml-elsewhere", [&] {
        auto r = api.raw(false, "checkAccountSettings", kWrongKey, {{"date", "2000-01-01"}}, kXml);
        return check("specter.xml-elsewhere", text_refusal(r), "checkAccountSettings with useXML=2 answered " + shown(r));
    });
    // A feed's XML declares its encoding and holds <APIresponse> under its root. The
    // wrong key keeps the feed's batch closed.
    attempt("specter.xml-document", [&] {
        auto r = api.raw(false, "getArticleExternalNeedUpdate", kWrongKey, {{"batchNo", "skarv-probe"}}, kXml);
        bool declared = r.body.rfind("<?xml", 0) == 0 && r.body.substr(0, 80).find("ISO-8859-1") != std::string::npos;
        bool well_formed = false;
        if (declared) try {
                Poco::XML::DOMParser parser;
                Poco::AutoPtr<Poco::XML::Document> doc = parser.parseString(r.body);   // the caller releases it
                well_formed = !children(doc->documentElement(), "APIresponse").empty();
            } catch (const Poco::Exception&) {
            }
        return check("specter.xml-document", declared && well_formed,
                     "getArticleExternalNeedUpdate with useXML=2 answered " + shown(r));
    });
    checks.push_back(not_checked("specter.duplicate-refusal", "needs an order written twice"));
    checks.push_back(not_checked("specter.callback-fields-kept", "changes the account's callback settings"));
    checks.push_back(not_checked("specter.callback-retry", "needs an invoice callback that fails"));
    checks.push_back(not_checked("specter.customer-unforced", "needs a customer written twice"));
    checks.push_back(not_checked("specter.customer-number", "writes a customer"));
    checks.push_back(not_checked("specter.one-invoice", "needs an order invoiced in Specter"));
    checks.push_back(not_checked("specter.invoice-source", "needs an invoice callback"));
    checks.push_back(not_checked("specter.delivery-tracking", "needs a delivery written"));
    checks.push_back(not_checked("specter.row-rounding", "needs an order written"));
    checks.push_back(not_checked("specter.row-vat-default", "needs an order written"));
    checks.push_back(not_checked("specter.batch-idempotent", "opens and acknowledges a feed batch"));
    checks.push_back(not_checked("specter.available-stock", "reads the stock feed, which opens a batch"));
    checks.push_back(not_checked("specter.stock-site-order", "reads the stock feed, which opens a batch"));
    checks.push_back(not_checked("specter.article-vat", "reads the article-info feed, which opens a batch"));
    checks.push_back(not_checked("specter.main-article-no", "needs articles written"));
    checks.push_back(not_checked("specter.article-submit-answer", "writes articles"));
    checks.push_back(not_checked("specter.article-number-refusal", "writes an article"));
    checks.push_back(not_checked("specter.update-keeps-price", "writes articles"));
    checks.push_back(not_checked("specter.article-placeholder", "needs a stock callback"));
    checks.push_back(not_checked("specter.feeds-per-webshop", "opens feed batches"));
    checks.push_back(not_checked("specter.price-lists", "the guessed calls would open a batch or write a list"));
    return {{"checks", std::move(checks)}};
}

}  // namespace specter
