#pragma once
// The connector's configuration, read once at create. The JSON Schema the host checks
// is in visma_plugin.cpp (kCapabilities); README.md shows an example.

#include <map>
#include <optional>
#include <string>

#include <boost/json.hpp>

#include <skarv/model/vat.hpp>

namespace visma {

enum class DocumentKind { order, invoice };
enum class CustomerNumbers { erp_series, shop };
enum class Availability { disposable, in_stock };

struct PriceLists {
    std::string base;                                  // the article's own PRICE belongs here
    std::map<std::string, std::string> by_group;       // customer group -> code
    std::map<int, std::string> by_channel;             // channel -> code
};

struct Config {
    std::string adk_library;          // Adk.dll, or the emulator's .so
    std::string system_path;          // Visma's "Gemensamma filer" folder (AdkOpen's first argument)
    std::string company_path;
    std::string user;
    std::string password;             // never logged, never in a message
    DocumentKind orders_as = DocumentKind::order;
    CustomerNumbers customer_numbers = CustomerNumbers::erp_series;
    std::string article_number = "{sku}";   // {sku}, {article}, {n}
    PriceLists price_lists;
    std::map<skarv::model::VatRateBp, std::string> vat_codes;        // row VAT_CODE per rate
    std::map<skarv::model::VatRateBp, std::string> accounting_codes; // article ACCOUNTING_CODE per rate
    std::string freight_article;      // "" = the head's CARGO_AMOUNT
    std::string discount_article;     // "" = a text row without article
    std::string warehouse = "VISMA";  // the warehouse code stock is reported under
    Availability available_from = Availability::disposable;
    int64_t low_stock_threshold = 0;
    bool only_webshop_articles = true;
    std::string tracking_field;       // "", "TEXT1", "TEXT2", "TEXT3", "LOCAL_REMARK"
    bool capture_on_invoice = false;

    // The price list for a customer: group first, then channel, then the base list.
    std::string price_list_for(const std::optional<std::string>& group, int channel) const;
    // The article number of variant `n` (1-based) of `article`, whose SKU is `sku`.
    std::string article_number_for(const std::string& article, const std::string& sku, int n) const;
    const std::string& vat_code(skarv::model::VatRateBp rate, const std::string& what) const;
    std::string accounting_code(skarv::model::VatRateBp rate) const;
    skarv::model::VatRateBp rate_of_accounting_code(const std::string& code) const;
};

// Throws skarv::RecordError naming the key ("config.orders_as: expected ...").
Config read_config(const boost::json::object& json);

}  // namespace visma
