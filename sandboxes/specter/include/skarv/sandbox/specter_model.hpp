#pragma once
// What the Specter emulator holds, as plain values: tests read these through the typed
// helpers of SpecterEmulator, and GET /_control/state shows the same as JSON.
// Text is UTF-8 here (the wire is Latin-1); money is in öre (minor units) as int64.

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace skarv::sandbox {

// The three batch change feeds Specter keeps per webshop.
enum class SpecterFeed {
    stock,          // getArticleExternalNeedUpdate / updateArticlesFromBatch
    article_info,   // getArticleInfoExternalNeedUpdate / updateArticleInfosFromBatch
    orders,         // getOrdersExternalNeedUpdate / updateOrdersFromBatch
    price_lists,    // guess specter.price-lists, docs/guesses.md
};

// "stock", "article_info", "orders", "price_lists".
std::string specter_feed_name(SpecterFeed feed);

struct SpecterCustomer {
    std::string customer_id;           // Specter's customer number
    std::string organizational_form;   // "P" private person, "C" company
    std::string name;                  // company name, or "first last"
    std::string email;
    std::string org_no;
    // Every other field of newCustomerSubmit as received (firstName, city, ...).
    std::map<std::string, std::string> fields;
};

enum class SpecterRowKind { article, freight, discount, gift_wrap };
std::string specter_row_kind_name(SpecterRowKind kind);

struct SpecterOrderRow {
    int row_no = 0;                    // the n of articleNo_n
    std::string article_no;
    std::string name;
    std::string comment;
    SpecterRowKind kind = SpecterRowKind::article;
    int64_t unit_price_ex_vat_e4 = 0;  // unit price excl. VAT in 1/10000 of the currency unit
    int quantity = 0;
    int vat_rate_bp = 0;               // 2500 = 25 %
    int delivered = 0;
    int64_t total_ex_vat = 0;          // öre: unit price x quantity, rounded half away from zero
    int64_t vat = 0;                   // öre: total_ex_vat x rate, rounded the same way
    int64_t total_inc_vat = 0;         // total_ex_vat + vat
};

struct SpecterDelivery {
    std::string delivery_no;
    std::string order_no;
    std::string date;
    std::string tracking_no;
    std::vector<std::pair<std::string, int>> rows;   // article no -> quantity delivered
};

struct SpecterOrder {
    std::string order_no;              // Specter's order number
    std::string webshop_id;
    std::string customer_id;
    std::string external_order_no;     // the web shop's order number
    std::string currency;
    std::string stock_site;
    std::string created_date;          // YYYY-MM-DD
    int status_id = 1;                 // 5 = cancelled (makulerad)
    std::string delivery_status = "N"; // N none, P partly, D delivered
    std::vector<SpecterOrderRow> rows;
    int64_t total_ex_vat = 0;
    int64_t vat = 0;
    int64_t total_inc_vat = 0;
    int64_t freight_ex_vat = 0;
    int64_t discount_ex_vat = 0;       // negative
    std::vector<SpecterDelivery> deliveries;
    std::vector<std::string> invoice_nos;
    // Deliveries already acknowledged in the order feed, for <deliveries updated="1">.
    std::size_t deliveries_acknowledged = 0;
    // Every other header field of newOrderSubmit as received (payTypeIdentifier, ...).
    std::map<std::string, std::string> fields;

    bool cancelled() const { return status_id == 5; }
};

struct SpecterArticle {
    int id = 0;                        // specterArticleId of the stock feed
    std::string article_no;
    std::string name;
    std::string main_article_no;       // set on a variant: its huvudartikel
    int64_t price_ex_vat = 0;          // öre
    int64_t buy_price = 0;             // öre
    int vat_rate_bp = 2500;
    std::string bar_code;
    std::string weight_kg;             // as sent, e.g. "0.250"
    bool keeps_stock = true;           // false for a main article with variants
    std::map<std::string, int> on_hand;    // stock site -> items in stock
    std::map<std::string, int> reserved;   // stock site -> ordered, not yet delivered
    int available(const std::string& site) const;
    int available_total() const;
};

// guess specter.price-lists, docs/guesses.md: Specter has "several price lists, e.g. for resellers" and customers
// carry a customerGroupId (research A.7, A.4), but no public call shows them. Here a
// list has a code of the client's choosing, belongs to at most one customer group, and
// prices articles ex VAT in its own currency, one price per article.
struct SpecterPriceList {
    std::string price_list_id;         // e.g. "2", "ÅF"
    std::string name;
    std::string currency = "SEK";
    std::string customer_group_id;     // "" = no group; else a whole number
    std::map<std::string, int64_t> prices;   // article no -> price ex VAT, minor units
};

struct SpecterInvoice {
    std::string invoice_no;
    std::string order_no;
    std::string type;                  // "S"
    std::string date;
    int64_t total_ex_vat = 0;
    int64_t vat = 0;
    int64_t total_inc_vat = 0;
};

struct SpecterCancellation {
    std::string order_no;
    std::string date;
    std::string reason;
};

// One call of a callback URL registered with checkAccountSettings.
struct SpecterCallback {
    std::string url;
    int status = 0;       // 0 when the receiver could not be reached
    std::string error;
};

}  // namespace skarv::sandbox
