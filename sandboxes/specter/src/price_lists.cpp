// Price lists: newPriceListSubmit and changes made in Specter. Everything here is a
// guess specter.price-lists, docs/guesses.md; in the style of the known calls: public sources say only
// that Specter has "several price lists, e.g. for resellers" and that customers carry a
// customerGroupId.

#include <cctype>

#include "api_actions.hpp"
#include "api_error.hpp"
#include "decimal.hpp"

namespace skarv::sandbox::specter {

namespace {

bool whole_number(const std::string& text) {
    if (text.empty() || text.size() > 9) return false;
    for (char c : text)
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    return true;
}

bool currency_code(const std::string& text) {
    if (text.size() != 3) return false;
    for (char c : text)
        if (c < 'A' || c > 'Z') return false;
    return true;
}

}  // namespace

PriceListOutcome Store::submit_price_list(const PriceListInput& in, bool from_erp) {
    std::lock_guard lock(mutex_);
    // Check everything before changing anything, so a refused call changes nothing.
    if (in.price_list_id.empty()) throw ApiError(error_code::missing_parameter, "Missing priceListId");
    if (in.currency && !currency_code(*in.currency))
        throw ApiError(error_code::invalid_value, "currency '" + *in.currency + "' of price list '" + in.price_list_id +
                                                      "' is not a currency code");
    // [SEEN] customerGroupId is an int on customers (research A.4).
    if (in.customer_group_id && !in.customer_group_id->empty() && !whole_number(*in.customer_group_id))
        throw ApiError(error_code::invalid_value, "customerGroupId '" + *in.customer_group_id + "' of price list '" +
                                                      in.price_list_id + "' is not a whole number");
    for (const auto& [article, price] : in.prices) {
        if (!state_.articles.count(article))
            throw ApiError(error_code::article_not_found,
                           "Article '" + article + "' of price list '" + in.price_list_id + "' does not exist");
        if (price < 0)
            throw ApiError(error_code::invalid_value, "Price of '" + article + "' in price list '" + in.price_list_id +
                                                          "' is negative");
    }
    PriceListOutcome out;
    auto it = state_.price_lists.find(in.price_list_id);
    out.list_created = it == state_.price_lists.end();
    SpecterPriceList& l = state_.price_lists[in.price_list_id];
    if (out.list_created) {
        l.price_list_id = in.price_list_id;
        l.name = in.price_list_id;
    }
    auto set = [&](std::string& field, const std::optional<std::string>& value) {
        if (value && field != *value) field = *value, out.list_updated = !out.list_created;
    };
    set(l.name, in.name);
    set(l.currency, in.currency);
    set(l.customer_group_id, in.customer_group_id);
    for (const auto& [article, price] : in.prices) {
        auto p = l.prices.find(article);
        if (p == l.prices.end()) ++out.created;
        else if (p->second != price) ++out.updated;
        else {
            ++out.unchanged;
            continue;
        }
        l.prices[article] = price;
    }
    bool changed = out.list_created || out.list_updated || out.created || out.updated;
    if (from_erp && changed) touch_locked(SpecterFeed::price_lists, l.price_list_id);
    return out;
}

Answer new_price_list_submit(const Call& call) {
    const Params& p = call.params;
    auto optional = [&](const char* field) -> std::optional<std::string> {
        if (!p.has(field)) return std::nullopt;
        return p.text(field);
    };
    PriceListInput in;
    in.price_list_id = required(p, "priceListId");
    in.name = optional("name");
    in.currency = optional("currency");
    in.customer_group_id = optional("customerGroupId");
    // Numbered like order rows and articles: articleNo_n, priceExclVAT_n.
    for (int n = 1; p.has("articleNo_" + std::to_string(n)); ++n) {
        std::string s = "_" + std::to_string(n);
        std::string field = "priceExclVAT" + s;
        auto price = parse_decimal(required(p, field), 2);
        if (!price) throw ApiError(error_code::invalid_value, field + " '" + p.text(field) + "' is not a number");
        in.prices.emplace_back(p.text("articleNo" + s), *price);
    }
    auto out = call.store.submit_price_list(in, false);
    std::string head = out.list_created ? "created" : out.list_updated ? "updated" : "unchanged";
    // guess specter.price-lists, docs/guesses.md: the message counts like newArticleSubmit's, the list first.
    return Answer::success(in.price_list_id, "Price list " + head + ", " + std::to_string(out.created) +
                                                 " prices created, " + std::to_string(out.updated) + " updated, " +
                                                 std::to_string(out.unchanged) + " unchanged");
}

}  // namespace skarv::sandbox::specter
