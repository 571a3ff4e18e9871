#include "feed_batches.hpp"

#include <random>

namespace specter {

const char* FeedBatches::fetch_action() const {
    switch (feed_) {
        case Feed::stock: return "getArticleExternalNeedUpdate";
        case Feed::article_info: return "getArticleInfoExternalNeedUpdate";
        case Feed::orders: return "getOrdersExternalNeedUpdate";
        case Feed::price_lists: return "getPriceListExternalNeedUpdate";   // guess specter.price-lists, docs/guesses.md
    }
    return "";
}

const char* FeedBatches::ack_action() const {
    switch (feed_) {
        case Feed::stock: return "updateArticlesFromBatch";
        case Feed::article_info: return "updateArticleInfosFromBatch";
        case Feed::orders: return "updateOrdersFromBatch";
        case Feed::price_lists: return "updatePriceListsFromBatch";   // guess specter.price-lists, docs/guesses.md
    }
    return "";
}

std::optional<std::string> quoted_batch(const std::string& message) {
    // [SEEN] Prestaworks takes it from explode("'"): the first quoted part.
    auto open = message.find('\'');
    if (open == std::string::npos) return std::nullopt;
    auto close = message.find('\'', open + 1);
    if (close == std::string::npos || close == open + 1) return std::nullopt;
    return message.substr(open + 1, close - open - 1);
}

std::string FeedBatches::fresh_batch_no() const {
    // Unique per fetch, like Prestaworks' md5(microtime()); the random part keeps two
    // instances started in the same millisecond apart.
    std::random_device rd;
    std::uniform_int_distribution<uint32_t> dist;
    char tail[9];
    std::snprintf(tail, sizeof tail, "%08x", dist(rd));
    return "skarv" + std::to_string(host_.now_ms()) + tail;
}

Answer FeedBatches::fetch_once(const std::string& webshop, const std::string& batch_no, int64_t limit,
                               const Fields& extra) const {
    Fields fields{{"batchNo", batch_no}};
    if (!webshop.empty()) fields.emplace_back("webshopId", webshop);
    if (limit > 0) fields.emplace_back("responseMaxLimit", std::to_string(limit));
    fields.insert(fields.end(), extra.begin(), extra.end());
    // [SEEN] the feeds answer XML with useXML=2 (API description v2.45; Prestaworks).
    return api_.get(fetch_action(), batch_no, fields, webshop.empty() ? "" : "webshop " + webshop, kXml);
}

FeedBatch FeedBatches::fetch(const std::string& webshop, const std::optional<std::string>& recorded, int64_t limit,
                             const Fields& extra) const {
    FeedBatch out;
    out.webshop = webshop;
    out.batch_no = fresh_batch_no();
    out.answer = fetch_once(webshop, out.batch_no, limit, extra);
    if (!out.answer.ok && out.answer.code == code::open_batch) {
        auto open = quoted_batch(out.answer.message);
        if (!open) throw refusal(out.answer, fetch_action(), "open batch without a batch number");
        if (recorded && *open == *recorded) {
            host_.info(std::string(fetch_action()) + ": batch " + *open + " was recorded but not acknowledged; acknowledging it now");
            acknowledge(webshop, *open);
            out.answer = fetch_once(webshop, out.batch_no, limit, extra);
        } else {
            host_.info(std::string(fetch_action()) + ": batch " + *open + " is open and was never recorded; delivering it again");
            out.batch_no = *open;
            out.redelivered = true;
            out.answer = fetch_once(webshop, out.batch_no, limit, extra);
        }
    }
    require_ok(out.answer, fetch_action(), webshop.empty() ? "" : "webshop " + webshop);
    out.more = child_text(out.answer.xml ? out.answer.xml->documentElement() : nullptr, "moreInfoToFetch") == "1";
    return out;
}

void FeedBatches::acknowledge(const std::string& webshop, const std::string& batch_no) const {
    Fields fields{{"batchNo", batch_no}};
    if (!webshop.empty()) fields.emplace_back("webshopId", webshop);
    auto answer = api_.get(ack_action(), batch_no, fields, "batch " + batch_no);
    if (!answer.ok && answer.code == code::open_batch) {
        host_.warn(std::string(ack_action()) + ": batch " + batch_no +
                   " is not the open one; the open batch was never recorded and is left for the next read");
        return;
    }
    require_ok(answer, ack_action(), "batch " + batch_no);
}

std::optional<std::string> recorded_batch(const boost::json::value& cursor, const std::string& webshop) {
    if (!cursor.is_object()) return std::nullopt;
    auto* batches = cursor.get_object().if_contains("batches");
    if (!batches || !batches->is_object()) return std::nullopt;
    auto* b = batches->get_object().if_contains(webshop);
    if (!b || !b->is_string()) return std::nullopt;
    return std::string(b->get_string());
}

boost::json::object batches_cursor(const std::vector<FeedBatch>& batches) {
    boost::json::object per_webshop;
    for (const auto& b : batches) per_webshop[b.webshop] = b.batch_no;
    return {{"batches", std::move(per_webshop)}};
}

void acknowledge_cursor(const FeedBatches& feed, const boost::json::value& cursor) {
    if (!cursor.is_object()) throw skarv::PluginError::invalid("bad_cursor", "ack: the cursor names no batch");
    auto* batches = cursor.get_object().if_contains("batches");
    if (!batches || !batches->is_object()) throw skarv::PluginError::invalid("bad_cursor", "ack: the cursor names no batch");
    for (const auto& [webshop, batch] : batches->get_object())
        if (batch.is_string()) feed.acknowledge(std::string(webshop), std::string(batch.get_string()));
}

}  // namespace specter
