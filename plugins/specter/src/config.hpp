#pragma once
// The connector's settings, read once in create(). The JSON Schema the host validates
// against is in specter_plugin.cpp (capabilities); this reader checks the same and
// more, so a bad config is refused at create with the field's path.

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

namespace specter {

struct Config {
    std::string base_url = "https://api.specter.se";
    std::string sbm_id;
    std::string api_user_id;
    std::string api_user_key;      // secret
    std::string integration_key;   // secret
    std::map<int, std::string> webshops;   // shop channel -> SBM webshopId (multishop)
    std::string stock_site;                // orders reserve here; names the summed stock
    // The sites the multi-site stock feed's unnamed <stock> elements stand for, in order
    // (guess specter.stock-site-order, docs/guesses.md). Empty: the sites are summed.
    std::vector<std::string> stock_sites;
    std::string orders_as = "order";       // "order" | "invoice"; the request's "as" wins
    std::string customer_numbers = "erp";  // "erp": Specter's series; "shop": the shop's number
    std::map<std::string, std::string> payment_types;   // canonical method -> payTypeIdentifier
    std::string freight_article_no = "frakt";
    std::string rounding_article_no = "discount_rounding";
    std::string invoice_type = "S";
    std::string currency = "SEK";          // of article prices in Specter
    std::string language;                  // optional order/customer language (SE, EN ...)
    bool update_customers = false;         // forceCustomerUpdate on every order
    // pricelists.* through calls guessed from the known API's style (price_lists.hpp):
    // off unless asked for, so a real account never gets a guessed call unasked.
    bool price_lists = false;
    std::chrono::milliseconds timeout{30000};
    // Where Specter calls Skarv on a new invoice (actionNewInvoice): skarv run's
    // /callback/{connection}/{secret}. The last path segment is the secret the route is
    // authenticated by. Empty: no callback is registered, no invoiced events.
    std::string callback_url;   // secret
    std::string callback_secret() const;

    // The webshopId for a shop channel: "" when no multishop mapping is configured (the
    // account's first webshop). nullopt when a mapping exists but not for this channel.
    std::optional<std::string> webshop_for(int channel) const;
    // Every webshop whose feeds and orders this connector looks at; {""} without multishop.
    std::vector<std::string> webshop_ids() const;
    // The webshop whose stock and article feeds are read (they carry the same changes
    // in every webshop).
    std::string catalogue_webshop() const;
};

// Throws skarv::RecordError naming the field ("config.webshops.x: ...").
Config read_config(const boost::json::object& json);

// The payTypeIdentifier codes used when the config names none (research A.5).
std::map<std::string, std::string> default_payment_types();

}  // namespace specter
