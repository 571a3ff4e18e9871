#pragma once
// Price lists, both ways, against calls guessed in the style of Specter's known API:
// no public source shows one (research A.7: "Specific price-list endpoints: [NOT
// FOUND]"), only that Specter has "several price lists, e.g. for resellers" and that
// customers carry a customerGroupId. So this runs only with "price_lists": true in the
// config; docs/guesses.md, specter.price-lists, lists every guessed name.
//
//  - pricelists.read: the feed getPriceListExternalNeedUpdate (guess specter.price-lists, docs/guesses.md), each changed list
//    whole, acknowledged with updatePriceListsFromBatch only in pricelists.ack,
//    after the host has recorded the page (FeedBatches, like stock).
//  - pricelists.write: newPriceListSubmit, the list head and up to 100 prices a
//    call, numbered like articles.
// Canonically: code = priceListId, customer_group = customerGroupId, prices ex VAT in
// minor units of the list's currency.

#include <boost/json.hpp>
#include <skarv/plugin.hpp>

#include "article_journal.hpp"
#include "feed_batches.hpp"

namespace specter {

class PriceLists {
public:
    PriceLists(const ApiClient& api, skarv::HostServices host, const ArticleJournal& articles)
        : api_(api), host_(host), articles_(articles), feed_(api, host, Feed::price_lists) {}

    boost::json::object read(const boost::json::object& request) const;
    boost::json::object ack(const boost::json::object& request) const;
    boost::json::object write(const boost::json::object& request) const;

private:
    const ApiClient& api_;
    skarv::HostServices host_;
    const ArticleJournal& articles_;   // which articles are main articles with variants
    FeedBatches feed_;
};

}  // namespace specter
