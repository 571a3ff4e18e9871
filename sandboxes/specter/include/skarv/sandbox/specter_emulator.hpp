#pragma once
// Specter Business Management (SBM) over HTTP on loopback: the classic ASP query-string
// API (getInfo.asp / putInfo.asp) with the v2 per-call MD5 key, Latin-1 text answers
// "1;id;msg" / "0;code;msg" and <APIresponse> XML answers, customers, orders,
// articles with variants, deliveries, invoices, cancellations, the three batch
// change feeds with acknowledge-by-batch, and price lists (guess specter.price-lists, docs/guesses.md). See sandboxes/specter/README.md.
//
// Control endpoints besides the frame's (JSON bodies; also under /_specter/control/ while
// the frame keeps every /_control/ path to itself, see README):
//   POST /_control/deliver  {orderNo, trackingNo?, deliveryDate?, rows?: [{articleNo, quantity}]}
//   POST /_control/invoice  {orderNo, typeInvoice?}
//   POST /_control/cancel   {orderNo, reason?}
//   POST /_control/stock    {article, site?, qty}
//   POST /_control/article  {articleNo, name?, priceExVat? (öre), buyPrice?, vatPercent?,
//                            barCode?, productWeight?, mainArticleNo?}
//   POST /_control/pricelist {priceListId, name?, currency?, customerGroupId?,
//                            prices?: {articleNo: öre}}   (guess specter.price-lists)

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/json.hpp>

#include "skarv/sandbox/http_emulator.hpp"
#include "skarv/sandbox/seed_data.hpp"
#include "skarv/sandbox/specter_model.hpp"

namespace skarv::sandbox {

class SpecterEmulator {
public:
    struct Options {
        SeedOptions seed;
        bool load_seed = true;                 // articles and stock from SeedData
        std::string sbm_id = "1001";
        std::string api_user_id = "skarv";
        std::string api_user_key = "skarv-api-user-key";
        std::string integration_key = "skarv-integration-key";
        // SBM shop ids for multishop; empty = one per seed channel, "1".."channels".
        std::vector<std::string> webshop_ids;
        // Stock sites; empty = the seed's warehouses (or "1" without a seed).
        std::vector<std::string> stock_sites;
        // The article number the shop uses for freight rows (SPECTER_SHIPPING_REF).
        std::string freight_article_no = "frakt";
        // Order rows must name an existing article (freight/discount/gift wrap excepted).
        bool require_existing_articles = true;
        // Most items one feed batch carries (responseMaxLimit); a request may ask for fewer.
        int response_max_limit = 100;
        // Date stamped on orders, deliveries and invoices; empty = today (UTC).
        std::string today;
        int first_customer_id = 10001;
        int first_order_no = 50001;
        int first_invoice_no = 70001;
        int first_delivery_no = 90001;
        // Answer every guess that the connector's probe checks the other way round
        // (docs/guesses.md, "Specter"), so the probe's "contradicted" path can be tested.
        bool contradict_guesses = false;
    };

    explicit SpecterEmulator(Options options);
    ~SpecterEmulator();
    SpecterEmulator(const SpecterEmulator&) = delete;
    SpecterEmulator& operator=(const SpecterEmulator&) = delete;

    uint16_t start(uint16_t port = 0);
    void stop();
    std::string base_url() const;
    HttpEmulator& http();
    const Options& options() const;

    // The key a client must send for a call whose call-specific value is `call_value`
    // (customerId, batchNo, ...; Latin-1 bytes): md5(IntegrationKey + md5(ApiUserKey + sbmId + X)).
    std::string key_for(const std::string& call_value) const;

    // What GET /_control/state answers.
    boost::json::value state() const;

    std::vector<SpecterCustomer> customers() const;
    std::vector<SpecterOrder> orders() const;
    std::optional<SpecterOrder> order(const std::string& order_no) const;
    // webshop_id empty = the default webshop.
    std::optional<SpecterOrder> order_by_external_no(const std::string& external_order_no,
                                                     const std::string& webshop_id = "") const;
    std::vector<SpecterArticle> articles() const;
    std::optional<SpecterArticle> article(const std::string& article_no) const;
    std::vector<SpecterDelivery> deliveries() const;
    std::vector<SpecterInvoice> invoices() const;
    std::vector<SpecterCancellation> cancellations() const;
    // The batch number open on a feed, if any.
    std::optional<std::string> open_batch(SpecterFeed feed, const std::string& webshop_id = "") const;
    // Items waiting in a feed (including those in the open batch).
    std::size_t pending(SpecterFeed feed, const std::string& webshop_id = "") const;

    // The callback URLs called so far, oldest first, after waiting up to wait_ms for
    // those still queued.
    std::vector<SpecterCallback> callbacks_sent(int wait_ms = 0) const;

    // ERP-side changes, as the control endpoints make them; they feed the change feeds.
    // Throw std::invalid_argument (unknown order/article/site) or std::logic_error
    // (the order cannot take it: cancelled, already invoiced, nothing left to deliver).
    std::string deliver(const std::string& order_no, const std::string& tracking_no,
                        const std::vector<std::pair<std::string, int>>& rows = {});
    std::string invoice(const std::string& order_no);
    void cancel(const std::string& order_no, const std::string& reason = "");
    void set_stock(const std::string& article_no, const std::string& site, int quantity);
    // A Specter user changes an article's price (öre ex VAT), as POST /_control/article.
    void set_article_price(const std::string& article_no, int64_t price_ex_vat);

    // Price lists (guess specter.price-lists, docs/guesses.md). A Specter user sets one price of a list (minor
    // units ex VAT), as POST /_control/pricelist; the list must exist.
    std::vector<SpecterPriceList> price_lists() const;
    std::optional<SpecterPriceList> price_list(const std::string& price_list_id) const;
    void set_list_price(const std::string& price_list_id, const std::string& article_no, int64_t price_ex_vat);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace skarv::sandbox
