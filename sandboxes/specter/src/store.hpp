#pragma once
// Everything the emulated Specter account holds, behind one mutex. Each operation is
// one call that checks and changes under the lock and hands back copies, so HTTP
// handlers never see a half-made change. Operations throw ApiError; the members are
// implemented in the file of their concept (customers.cpp, orders.cpp, ...).

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "skarv/sandbox/seed_data.hpp"
#include "skarv/sandbox/specter_emulator.hpp"
#include "skarv/sandbox/specter_model.hpp"

namespace skarv::sandbox::specter {

inline constexpr std::size_t feed_count = 4;

struct FeedItem {
    std::string key;        // article no or order no
    uint64_t seq = 0;       // the change it reports; a later change keeps it pending
    std::size_t aux = 0;    // orders: deliveries the answer showed
};

struct OpenBatch {
    std::string batch_no;
    std::vector<FeedItem> items;
};

struct FeedQueue {
    std::map<std::string, uint64_t> pending;   // key -> seq of its latest change
    std::optional<OpenBatch> open;
};

struct State {
    std::vector<std::string> webshops;
    std::vector<std::string> sites;
    std::map<std::string, SpecterCustomer> customers;
    std::map<std::string, SpecterOrder> orders;
    std::map<std::string, SpecterArticle> articles;
    std::map<std::string, SpecterPriceList> price_lists;
    std::vector<SpecterInvoice> invoices;
    std::vector<SpecterCancellation> cancellations;
    std::map<std::string, std::array<FeedQueue, feed_count>> feeds;   // per webshop
    std::map<std::string, std::map<std::string, std::string>> callbacks;   // webshop -> name -> URL
    uint64_t next_seq = 1;
    int next_customer = 0;
    int next_order = 0;
    int next_invoice = 0;
    int next_delivery = 0;
    int next_article_id = 1;
};

struct CustomerInput {
    std::string customer_id;   // update this one (IdentifyByCustomerId)
    std::string organizational_form;
    std::string name;
    std::string email;
    std::string org_no;
    std::map<std::string, std::string> fields;
    bool force_update = false;
    bool ignore_email = false;
    bool ignore_org_no = false;
};

struct CustomerOutcome {
    std::string customer_id;
    std::string what;   // "created", "updated", "exists"
};

struct OrderRowInput {
    int row_no = 0;
    std::string article_no;
    std::string name;
    std::string comment;
    int64_t unit_price_ex_vat_e4 = 0;
    int quantity = 0;
    int vat_rate_bp = -1;   // -1: not sent
};

struct OrderInput {
    std::string webshop_id;
    std::string customer_id;
    std::string external_order_no;
    bool ignore_external_order_no_control = false;
    std::string currency;
    std::string stock_site;
    std::vector<OrderRowInput> rows;
    std::map<std::string, std::string> fields;
};

struct ArticleInput {
    std::string article_no;
    std::optional<std::string> name;
    std::optional<int64_t> price_ex_vat;
    std::optional<int64_t> buy_price;
    std::optional<int> vat_rate_bp;
    std::optional<std::string> bar_code;
    std::optional<std::string> weight_kg;
    std::optional<std::string> main_article_no;
    std::optional<std::pair<std::string, int>> stock;   // site -> on hand, when creating stock
};

struct ArticleOutcome {
    int created = 0;
    int updated = 0;
    int skipped = 0;   // existing, and no forceArticleUpdate
};

// One newPriceListSubmit (or a change made in Specter): the head fields that were
// sent, and prices to set.
struct PriceListInput {
    std::string price_list_id;
    std::optional<std::string> name;
    std::optional<std::string> currency;
    std::optional<std::string> customer_group_id;
    std::vector<std::pair<std::string, int64_t>> prices;   // article no -> minor units
};

struct PriceListOutcome {
    bool list_created = false;
    bool list_updated = false;
    int created = 0;     // prices
    int updated = 0;
    int unchanged = 0;
};

struct DeliveryInput {
    std::string order_no;
    std::string date;
    std::string tracking_no;
    std::vector<std::pair<std::string, int>> rows;   // empty = all that is left
};

// One feed answer: copies of what its items report.
struct FeedBatch {
    SpecterFeed feed = SpecterFeed::stock;
    std::string batch_no;              // empty when nothing was pending
    std::vector<SpecterArticle> articles;
    std::vector<SpecterOrder> orders;
    std::vector<SpecterPriceList> price_lists;
    std::vector<bool> deliveries_updated;   // per order
    std::vector<std::string> sites;
    bool more = false;                 // items remain beyond this batch
    int limit = 0;
};

class Store {
public:
    explicit Store(const SpecterEmulator::Options& options);

    const SpecterEmulator::Options& options() const { return options_; }
    std::string today() const;

    // "" = the default webshop; throws unknown_webshop.
    std::string resolve_webshop(const std::string& requested) const;

    CustomerOutcome submit_customer(const CustomerInput& input);

    std::string submit_order(const OrderInput& input);
    std::optional<SpecterOrder> order_by_external_no(const std::string& webshop,
                                                     const std::string& external_order_no) const;

    // from_erp: a change made in Specter itself, reported on the article-info feed.
    ArticleOutcome submit_articles(const std::vector<ArticleInput>& inputs, bool force, bool from_erp);
    void set_stock(const std::string& article_no, const std::string& site, int quantity);

    // from_erp: made in Specter itself, reported on the price-list feed. The shop's own
    // submissions are not echoed, like its articles.
    PriceListOutcome submit_price_list(const PriceListInput& input, bool from_erp);

    SpecterDelivery deliver(const DeliveryInput& input);
    SpecterInvoice invoice(const std::string& order_no, const std::string& type);
    SpecterInvoice find_invoice(const std::string& invoice_no) const;
    SpecterCancellation cancel(const std::string& order_no, const std::string& reason);

    FeedBatch fetch(SpecterFeed feed, const std::string& webshop, const std::string& batch_no, int limit);
    // Answers how many items were acknowledged.
    std::size_t acknowledge(SpecterFeed feed, const std::string& webshop, const std::string& batch_no);
    // clearArticleBatch: forget the open batch and queue every stock article again.
    void resend_all_stock(const std::string& webshop);

    // keep_unsent: a callback not named in `urls` stays as it was.
    void register_callbacks(const std::string& webshop, std::map<std::string, std::string> urls, bool keep_unsent);
    // Where callback URLs go once filled in; set before the server starts.
    void set_callback_sink(std::function<void(std::string url)> sink);

    State snapshot() const;

private:
    void load_seed(const SeedData& seed);
    // Under the lock: queue a change of `key` on `feed` for one webshop, or all when empty.
    void touch_locked(SpecterFeed feed, const std::string& key, const std::string& webshop = "");
    // Under the lock: hand the registered callback `name` of one webshop (or all when
    // empty) to the sink, placeholders replaced by `vars`.
    void callback_locked(const std::string& webshop, const std::string& name,
                         const std::map<std::string, std::string>& vars);
    SpecterOrder& order_locked(const std::string& order_no);
    std::string site_or_default_locked(const std::string& site) const;

    SpecterEmulator::Options options_;
    mutable std::mutex mutex_;
    State state_;
    std::function<void(std::string)> callback_sink_;
};

}  // namespace skarv::sandbox::specter
