// specter: the Specter Business Management (SBM) connector. Shop orders go in as
// customers and orders (or invoices), order status comes out of the order change feed,
// and articles, prices and stock go the ways Specter allows. The op-by-op mapping to
// Specter's calls is in README.md.

#include <ctime>

#include <skarv/plugin.hpp>

#include "api_client.hpp"
#include "callback_events.hpp"
#include "catalogue.hpp"
#include "config.hpp"
#include "order_writer.hpp"
#include "price_lists.hpp"
#include "probe.hpp"
#include "status_feed.hpp"

namespace specter {

class SpecterPlugin : public skarv::Plugin {
public:
    SpecterPlugin(const boost::json::object& config, skarv::HostServices host)
        : Plugin(host), config_(read_config(config)), api_(config_), orders_(api_, host), status_(api_, host),
          catalogue_(api_, host), price_lists_(api_, host, catalogue_.articles()), callbacks_(api_, host) {}

    boost::json::value check() override {
        // checkAccountSettings is Specter's own account check, keyed over today's date.
        std::string date = today();
        auto answer = api_.get("checkAccountSettings", date, {{"date", date}}, "account check");
        require_ok(answer, "checkAccountSettings", "account check");
        // With a callback_url, invoices come by Specter's actionNewInvoice callback.
        callbacks_.register_callbacks(date);
        return boost::json::object{{"ok", true}, {"system", "Specter"}, {"sbm_id", config_.sbm_id}};
    }

    boost::json::value call(const std::string& op, const boost::json::object& request) override {
        if (op == "orders.write") return orders_.write(request);
        if (op == "callback.parse") return callbacks_.parse(request);
        if (op == "probe") return probe(api_);
        if (op == "orders.find") return orders_.find(skarv::JsonReader(request, "request").string("order_id"));
        if (op == "status.read") {
            callbacks_.ensure_registered(today());
            return status_.read(request);
        }
        if (op == "status.ack") return status_.ack(request);
        if (op == "products.read") return catalogue_.read_products(request);
        if (op == "products.ack") return catalogue_.ack_products(request);
        if (op == "products.write") return catalogue_.write_products(request);
        if (op == "prices.write") return catalogue_.write_prices(request);
        if (op == "prices.read") return catalogue_.read_prices(request);
        if (op == "prices.ack") return catalogue_.ack_prices(request);
        if (op == "stock.read") return catalogue_.read_stock(request);
        if (op == "stock.ack") return catalogue_.ack_stock(request);
        if (op == "pricelists.read" || op == "pricelists.write" || op == "pricelists.ack") {
            // No public Specter call for price lists is known; the ones used are guesses.
            if (!config_.price_lists)
                throw skarv::PluginError(SKARV_ERR_UNSUPPORTED, "unsupported",
                                         "operation '" + op + "' is not supported: no public Specter call for price lists is "
                                         "known; \"price_lists\": true uses guessed ones (docs/guesses.md, specter.price-lists)");
            if (op == "pricelists.read") return price_lists_.read(request);
            if (op == "pricelists.ack") return price_lists_.ack(request);
            return price_lists_.write(request);
        }
        // stock.write: Specter is master of stock and never takes it from the shop
        // (research A.7, Krokedil). orders.read, status.write: Specter is the ERP side
        // only. See README.
        throw skarv::PluginError::unsupported(op);
    }

private:
    std::string today() const {
        std::time_t t = static_cast<std::time_t>(host().now_ms() / 1000);
        if (t == 0) t = std::time(nullptr);
        std::tm tm{};
        gmtime_r(&t, &tm);
        char buf[11];
        std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
        return buf;
    }

    Config config_;
    ApiClient api_;
    OrderWriter orders_;
    StatusFeed status_;
    Catalogue catalogue_;
    PriceLists price_lists_;
    CallbackEvents callbacks_;
};

}  // namespace specter

namespace {
// What the host shows and validates: the entities and the config schema (README lists
// the same keys with an example).
constexpr const char* kCapabilities = R"json({
  "system": "Specter Business Management",
  "entities": {"orders": ["write", "find"], "status": ["read", "ack", "callback"], "products": ["read", "write", "ack"],
               "prices": ["read", "write", "ack"], "stock": ["read", "ack"],
               "pricelists": ["read", "write", "ack"]},
  "config_schema": {
    "type": "object",
    "additionalProperties": false,
    "required": ["sbm_id", "api_user_id", "api_user_key", "integration_key"],
    "properties": {
      "base_url": {"type": "string", "minLength": 8, "description": "Specter's API, default https://api.specter.se"},
      "sbm_id": {"type": ["string", "integer"], "description": "The account's sbmId"},
      "api_user_id": {"type": ["string", "integer"], "description": "apiUserId of the API user"},
      "api_user_key": {"type": "string", "minLength": 1, "writeOnly": true, "description": "ApiUserKey (Nyckel)"},
      "integration_key": {"type": "string", "minLength": 1, "writeOnly": true, "description": "IntegrationKey (Nyckel2, API v2)"},
      "webshops": {"type": "object", "description": "shop channel -> SBM webshopId, for multishop",
                   "additionalProperties": {"type": ["string", "integer"]}},
      "stock_site": {"type": ["string", "integer"], "description": "stocksiteid orders reserve from; stock.read reports the sum over all sites under this name"},
      "stock_sites": {"type": "array", "items": {"type": "string", "minLength": 1}, "description": "the account's stock sites in the order Specter's multi-site stock feed lists them (a guess, docs/guesses.md specter.stock-site-order); set: stock.read reports each site, for stock profiles"},
      "orders_as": {"type": "string", "enum": ["order", "invoice"], "description": "shop orders become orders or invoices; the request's \"as\" wins"},
      "customer_numbers": {"type": "string", "enum": ["erp", "shop"], "description": "customer numbers from Specter's series, or the shop's"},
      "payment_types": {"type": "object", "description": "payment method -> payTypeIdentifier (klarna: KG, nets: DP, svea: SCH ...)",
                        "additionalProperties": {"type": "string", "minLength": 1}},
      "freight_article_no": {"type": "string", "minLength": 1, "description": "article number of freight rows, default frakt"},
      "rounding_article_no": {"type": "string", "minLength": 1, "description": "article number of the rounding row, default discount_rounding"},
      "invoice_type": {"type": "string", "minLength": 1, "description": "typeInvoice of newInvoiceSubmit, default S"},
      "currency": {"type": "string", "minLength": 3, "description": "currency of article prices in Specter, default SEK"},
      "language": {"type": "string", "description": "language sent with customers and orders (SE, EN ...)"},
      "update_customers": {"type": "boolean", "description": "forceCustomerUpdate: overwrite an existing customer from the order"},
      "price_lists": {"type": "boolean", "default": false, "description": "sync price lists through guessed Specter calls (no public one is known; docs/guesses.md, specter.price-lists); off: pricelists.* are unsupported"},
      "timeout_ms": {"type": "integer", "minimum": 100, "description": "HTTP timeout, default 30000"},
      "callback_url": {"type": "string", "writeOnly": true, "description": "skarv run's /callback/<connection>/<secret> as Specter reaches it; registered as actionNewInvoice by check"}
    }
  }
})json";
}  // namespace

SKARV_PLUGIN(specter::SpecterPlugin, "specter", "0.1.0", SKARV_KIND_CONNECTOR, kCapabilities)
