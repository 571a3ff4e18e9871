// The batch change feeds (stock, article info, orders). The client names a batch,
// gets what is pending, and acknowledges the batch; only then do the items leave the
// queue. One batch per feed and webshop may be open: asking for another is error 99.

#include <algorithm>

#include "api_actions.hpp"
#include "api_error.hpp"
#include "decimal.hpp"

namespace skarv::sandbox::specter {

namespace {

ApiError open_batch_error(const std::string& open) {
    // [SEEN] clients take the open batch from explode("'") at index 1 in one place and
    // index 3 in another; quoting it twice satisfies both.
    return ApiError(error_code::open_batch, "Batch '" + open + "' is still open, acknowledge batch '" + open +
                                                "' before fetching a new one");
}

}  // namespace

FeedBatch Store::fetch(SpecterFeed feed, const std::string& webshop, const std::string& batch_no, int limit) {
    std::lock_guard lock(mutex_);
    FeedQueue& q = state_.feeds[webshop][static_cast<std::size_t>(feed)];
    if (q.open && q.open->batch_no != batch_no) throw open_batch_error(q.open->batch_no);
    FeedBatch out;
    out.feed = feed;
    out.sites = state_.sites;
    out.limit = limit;
    if (!q.open) {
        std::vector<std::pair<uint64_t, std::string>> by_age;
        for (const auto& [key, seq] : q.pending) by_age.emplace_back(seq, key);
        std::sort(by_age.begin(), by_age.end());
        if (by_age.empty()) return out;   // nothing pending: no batch is opened
        OpenBatch batch{batch_no, {}};
        for (const auto& [seq, key] : by_age) {
            if (static_cast<int>(batch.items.size()) >= limit) break;
            FeedItem item{key, seq, 0};
            if (feed == SpecterFeed::orders) {
                auto o = state_.orders.find(key);
                if (o != state_.orders.end()) item.aux = o->second.deliveries.size();
            }
            batch.items.push_back(std::move(item));
        }
        q.open = std::move(batch);
    }
    // guess specter.batch-idempotent, docs/guesses.md: fetching the open batch again (same batchNo) answers its items as they are
    // now, so a client whose answer was lost can simply ask again.
    out.batch_no = q.open->batch_no;
    out.more = q.pending.size() > q.open->items.size();
    for (const auto& item : q.open->items) {
        if (feed == SpecterFeed::orders) {
            auto o = state_.orders.find(item.key);
            if (o == state_.orders.end()) continue;
            out.orders.push_back(o->second);
            out.deliveries_updated.push_back(item.aux > o->second.deliveries_acknowledged);
        } else if (feed == SpecterFeed::price_lists) {
            auto l = state_.price_lists.find(item.key);
            if (l != state_.price_lists.end()) out.price_lists.push_back(l->second);
        } else {
            auto a = state_.articles.find(item.key);
            if (a != state_.articles.end()) out.articles.push_back(a->second);
        }
    }
    return out;
}

std::size_t Store::acknowledge(SpecterFeed feed, const std::string& webshop, const std::string& batch_no) {
    std::lock_guard lock(mutex_);
    FeedQueue& q = state_.feeds[webshop][static_cast<std::size_t>(feed)];
    // guess specter.batch-idempotent, docs/guesses.md: acknowledging when nothing is open succeeds with nothing done, so a client
    // may ack after an empty fetch, or ack twice after a lost answer.
    if (!q.open) return 0;
    if (q.open->batch_no != batch_no) throw open_batch_error(q.open->batch_no);
    std::size_t n = 0;
    for (const auto& item : q.open->items) {
        auto it = q.pending.find(item.key);
        // Changed again since the batch was fetched: stays pending for the next batch.
        if (it != q.pending.end() && it->second == item.seq) q.pending.erase(it);
        if (feed == SpecterFeed::orders) {
            auto o = state_.orders.find(item.key);
            if (o != state_.orders.end())
                o->second.deliveries_acknowledged = std::max(o->second.deliveries_acknowledged, item.aux);
        }
        ++n;
    }
    q.open.reset();
    return n;
}

void Store::resend_all_stock(const std::string& webshop) {
    std::lock_guard lock(mutex_);
    state_.feeds[webshop][static_cast<std::size_t>(SpecterFeed::stock)].open.reset();
    for (const auto& [no, a] : state_.articles)
        if (a.keeps_stock) touch_locked(SpecterFeed::stock, no, webshop);
}

namespace {

std::string stock_text(const FeedBatch& b) {
    // [SEEN] CR-separated lines "specterArticleId;articleNo;noOfItems;batchId".
    std::string out;
    for (const auto& a : b.articles) {
        if (!out.empty()) out += '\r';
        out += std::to_string(a.id) + ";" + a.article_no + ";" + std::to_string(a.available_total()) + ";" +
               b.batch_no;
    }
    return out;
}

std::string stock_xml(const FeedBatch& b, bool per_site) {
    auto article = [](const std::string& no, int qty) {
        return "<article>" + xml_elem("articleNo", no) + xml_elem("noItemsAv", std::to_string(qty)) + "</article>";
    };
    std::string x = "<stockChanges>";
    if (per_site) {
        // [SEEN] one <stock> per stock site, none named: Prestaworks reads no attribute
        // and sums an article over the sites.
        for (const auto& site : b.sites) {
            x += "<stock><articles>";
            for (const auto& a : b.articles) x += article(a.article_no, a.available(site));
            x += "</articles></stock>";
        }
    } else {
        x += "<stock><articles>";
        for (const auto& a : b.articles) x += article(a.article_no, a.available_total());
        x += "</articles></stock>";
    }
    x += "</stockChanges>";
    x += xml_elem("moreInfoToFetch", b.more ? "1" : "0");
    return x;
}

std::string article_info_xml(const FeedBatch& b) {
    // [SEEN] price, EAN, weight and buy price as attributes; articleNo and name as children.
    // guess specter.article-vat, docs/guesses.md: the vatPercent attribute.
    std::string x = "<articles>";
    for (const auto& a : b.articles) {
        x += "<article" + xml_attr("buyPrice", format_decimal(a.buy_price, 2)) +
             xml_attr("priceExclVat", format_decimal(a.price_ex_vat, 2)) + xml_attr("barCode", a.bar_code) +
             xml_attr("productWeight", a.weight_kg) + xml_attr("vatPercent", format_decimal(a.vat_rate_bp, 2)) +
             ">" + xml_elem("articleNo", a.article_no) + xml_elem("name", a.name);
        // guess specter.main-article-no, docs/guesses.md: the variant link, named like the submit field.
        if (!a.main_article_no.empty()) x += xml_elem("mainArticleNo", a.main_article_no);
        x += "</article>";
    }
    x += "</articles>";
    x += xml_elem("responseMaxLimit", std::to_string(b.limit));
    return x;
}

// guess specter.price-lists, docs/guesses.md: the whole list, head as attributes like the article-info feed, name as a child,
// each price as <price articleNo priceExclVat>.
std::string price_lists_xml(const FeedBatch& b) {
    std::string x = "<priceLists>";
    for (const auto& l : b.price_lists) {
        x += "<priceList" + xml_attr("priceListId", l.price_list_id) + xml_attr("currency", l.currency) +
             xml_attr("customerGroupId", l.customer_group_id) + ">" + xml_elem("name", l.name) + "<prices>";
        for (const auto& [article, price] : l.prices)
            x += "<price" + xml_attr("articleNo", article) + xml_attr("priceExclVat", format_decimal(price, 2)) + "/>";
        x += "</prices></priceList>";
    }
    x += "</priceLists>";
    x += xml_elem("moreInfoToFetch", b.more ? "1" : "0");
    return x;
}

std::string orders_xml(const FeedBatch& b) {
    std::string x = "<orders>";
    for (std::size_t i = 0; i < b.orders.size(); ++i) x += order_xml(b.orders[i], b.deliveries_updated[i]);
    x += "</orders>";
    x += xml_elem("moreInfoToFetch", b.more ? "1" : "0");
    return x;
}

}  // namespace

Answer fetch_feed(const Call& call, SpecterFeed feed) {
    std::string webshop = call.store.resolve_webshop(call.params.text("webshopId"));
    std::string batch_no = required(call.params, "batchNo");
    int limit = call.store.options().response_max_limit;
    if (call.params.has("responseMaxLimit"))
        limit = std::clamp(parse_int("responseMaxLimit", call.params.text("responseMaxLimit")), 1, limit);
    FeedBatch b = call.store.fetch(feed, webshop, batch_no, limit);
    std::size_t n = feed == SpecterFeed::orders        ? b.orders.size()
                    : feed == SpecterFeed::price_lists ? b.price_lists.size()
                                                       : b.articles.size();
    Answer a = Answer::success(batch_no, std::to_string(n) + " items");
    a.has_text_body = true;
    switch (feed) {
        case SpecterFeed::stock:
            a.text_body = stock_text(b);
            a.xml_body = stock_xml(b, call.params.flag("getMultipleStocksites"));
            break;
        case SpecterFeed::article_info: a.xml_body = article_info_xml(b); break;
        case SpecterFeed::orders: a.xml_body = orders_xml(b); break;
        case SpecterFeed::price_lists: a.xml_body = price_lists_xml(b); break;
    }
    return a;
}

Answer acknowledge_feed(const Call& call, SpecterFeed feed) {
    std::string webshop = call.store.resolve_webshop(call.params.text("webshopId"));
    std::string batch_no = required(call.params, "batchNo");
    std::size_t n = call.store.acknowledge(feed, webshop, batch_no);
    return Answer::success(batch_no, n == 0 ? "Nothing to acknowledge" : std::to_string(n) + " items acknowledged");
}

Answer clear_article_batch(const Call& call) {
    std::string webshop = call.store.resolve_webshop(call.params.text("webshopId"));
    call.store.resend_all_stock(webshop);
    return Answer::success(call.params.text("batchNo"), "Stock batch cleared");
}

}  // namespace skarv::sandbox::specter
