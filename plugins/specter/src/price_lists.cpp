#include "price_lists.hpp"

#include <regex>

#include <skarv/model/price.hpp>
#include <skarv/protocol.hpp>

#include "catalogue.hpp"
#include "order_rows.hpp"

namespace specter {

namespace pr = skarv::protocol;
using skarv::model::Money;

namespace {

boost::json::object failed(std::size_t index, const std::string& id, const std::string& code, const std::string& message) {
    return {{"index", index}, {"id", id}, {"outcome", pr::kFailed},
            {"error", {{"code", code}, {"message", message}, {"retryable", false}}}};
}

// What one newPriceListSubmit answered: "Price list created|updated|unchanged, <n> prices
// created, <n> updated, <n> unchanged" (guess specter.price-lists, docs/guesses.md). Anything else
// counts as a change, so an unexpected wording never claims "unchanged".
struct SubmitCounts {
    bool list_created = false;
    bool changed = true;
};
SubmitCounts counts_of(const std::string& message) {
    static const std::regex shape(R"(Price list (created|updated|unchanged), (\d+) prices created, (\d+) updated)");
    std::smatch m;
    if (!std::regex_search(message, m, shape)) return {};
    return {m[1] == "created", m[1] != "unchanged" || m[2] != "0" || m[3] != "0"};
}

}  // namespace

boost::json::object PriceLists::read(const boost::json::object& request) const {
    skarv::JsonReader r(request, "request");
    auto webshop = api_.config().catalogue_webshop();
    boost::json::value cursor = request.contains("cursor") ? request.at("cursor") : boost::json::value();
    auto batch = feed_.fetch(webshop, recorded_batch(cursor, webshop), r.integer_or("limit", 100));
    boost::json::array records;
    if (auto* lists = batch.answer.payload("priceLists"))
        for (auto* l : children(lists, "priceList")) {
            skarv::model::PriceList list;
            list.code = l->getAttribute("priceListId");
            if (list.code.empty()) {
                host_.warn("a Specter price list without priceListId was left out");
                continue;
            }
            list.name = child_text(l, "name");
            if (list.name.empty()) list.name = list.code;
            if (auto currency = l->getAttribute("currency"); !currency.empty()) list.currency = currency;
            if (auto group = l->getAttribute("customerGroupId"); !group.empty()) list.customer_group = group;
            for (auto* prices : children(l, "prices"))
                for (auto* p : children(prices, "price")) {
                    std::string sku = p->getAttribute("articleNo");
                    auto amount = parse_amount(p->getAttribute("priceExclVat"));
                    if (sku.empty() || !amount) {
                        host_.warn("price list " + list.code + ": the price of '" + sku + "' (" +
                                   p->getAttribute("priceExclVat") + ") is not a price; left out");
                        continue;
                    }
                    // A main article with variants is sold only as its variants: a shop
                    // has no SKU for its price (as in prices.read).
                    if (articles_.has_variants(sku)) continue;
                    list.prices.push_back({sku, list.code, Money(*amount, list.currency), std::nullopt, 1});
                }
            records.push_back(boost::json::value_from(list));
        }
    return {{"records", std::move(records)}, {"cursor", batches_cursor({batch})}, {"more", batch.more}, {"ack", true}};
}

boost::json::object PriceLists::ack(const boost::json::object& request) const {
    acknowledge_cursor(feed_, request.contains("cursor") ? request.at("cursor") : boost::json::value());
    return {};
}

boost::json::object PriceLists::write(const boost::json::object& request) const {
    const boost::json::array empty;
    const auto* records = request.if_contains("records");
    const auto& list = records && records->is_array() ? records->get_array() : empty;
    boost::json::array results;
    for (std::size_t i = 0; i < list.size(); ++i) {
        std::string id;
        if (list[i].is_object())
            if (auto* c = list[i].get_object().if_contains("code"); c && c->is_string()) id = std::string(c->get_string());
        const std::string what = "price list " + id;
        try {
            auto l = skarv::model::read_price_list(list[i], "records[" + std::to_string(i) + "]");
            Fields head{{"priceListId", l.code}, {"name", l.name}, {"currency", l.currency},
                        {"customerGroupId", l.customer_group.value_or("")}};
            std::vector<Fields> rows;
            for (const auto& p : l.prices) {
                if (p.min_quantity != 1)
                    throw skarv::RecordError(what, "the price of " + p.sku + " from " + std::to_string(p.min_quantity) +
                                                       " items: Specter's price lists take no quantity breaks");
                rows.push_back({{"articleNo", p.sku}, {"priceExclVAT", format_e4(p.price_ex_vat.minor() * 100)}});
            }
            // The head goes with every call, so each call stands alone; at most 100 prices
            // a call, like articles.
            bool created = false, changed = false;
            std::size_t start = 0;
            do {
                Fields f = head;
                std::size_t end = std::min(rows.size(), start + 100);
                for (std::size_t k = start; k < end; ++k)
                    for (const auto& [name, value] : rows[k]) f.emplace_back(name + "_" + std::to_string(k - start + 1), value);
                // guess specter.price-lists, docs/guesses.md
                auto answer = api_.put("newPriceListSubmit", l.code, f, what);
                auto counts = counts_of(require_ok(answer, "newPriceListSubmit", what).message);
                created = created || counts.list_created;
                changed = changed || counts.changed;
                start = end;
            } while (start < rows.size());
            const char* outcome = created ? pr::kCreated : changed ? pr::kUpdated : pr::kUnchanged;
            results.push_back({{"index", i}, {"id", l.code}, {"target_id", l.code}, {"outcome", outcome}});
        } catch (const skarv::RecordError& e) {
            std::string message = e.what();
            if (message.rfind(what, 0) != 0) message = what + ": " + message;
            results.push_back(failed(i, id, "invalid_price_list", message));
        } catch (const skarv::PluginError& e) {
            if (e.status() != SKARV_ERR_INVALID) throw;   // outages and rate limits: the host retries the batch
            results.push_back(failed(i, id, e.code(), e.what()));
        }
    }
    return {{"results", std::move(results)}};
}

}  // namespace specter
