#pragma once
// Articles, prices and stock. In Specter every variant is an article of its own linked
// to its main article (huvudartikel, research A.7); canonically it is a product with
// variants. Products and prices go in with newArticleSubmit; products and prices come
// out of the article-info feed (through ArticleJournal, which both share) and stock out
// of the stock feed, each acknowledged only in <entity>.ack, after the host has handed
// the page on.

#include <boost/json.hpp>
#include <skarv/plugin.hpp>

#include "article_journal.hpp"
#include "feed_batches.hpp"

namespace specter {

class Catalogue {
public:
    Catalogue(const ApiClient& api, skarv::HostServices host)
        : api_(api), host_(host), journal_(api, host), stock_(api, host, Feed::stock) {}

    boost::json::object read_products(const boost::json::object& request) const;
    boost::json::object write_products(const boost::json::object& request) const;
    boost::json::object write_prices(const boost::json::object& request) const;
    boost::json::object read_prices(const boost::json::object& request) const;
    boost::json::object ack_prices(const boost::json::object& request) const;
    boost::json::object read_stock(const boost::json::object& request) const;
    boost::json::object ack_products(const boost::json::object& request) const;
    boost::json::object ack_stock(const boost::json::object& request) const;

    // Which articles are main articles with variants: price lists need to know too.
    const ArticleJournal& articles() const { return journal_; }

private:
    // One newArticleSubmit of up to 100 articles (Prestaworks' batch size); returns the
    // answer's message ("<n> created, <n> updated, <n> skipped"). Without `overwrite`
    // (forceArticleUpdate) Specter creates only the articles it does not have.
    std::string submit_articles(const std::vector<Fields>& articles, const std::string& what, bool overwrite) const;

    const ApiClient& api_;
    skarv::HostServices host_;
    ArticleJournal journal_;
    FeedBatches stock_;
    // product/<main> caches: on a first sync none exist yet, and read_products need not
    // ask for each product (skarv/state_presence.hpp).
    mutable skarv::KeysWrittenUnder cached_products_{"product/"};
};

// "123.45", "123,4500", "25.00" -> minor units (2 decimals), rounded half away from zero.
std::optional<int64_t> parse_amount(const std::string& text);

}  // namespace specter
