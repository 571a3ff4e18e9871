// Articles: newArticleSubmit (numbered like order rows) and ERP-side article changes.
// A variant is its own article linked to a main article (huvudartikel).

#include <optional>

#include "api_actions.hpp"
#include "api_error.hpp"
#include "decimal.hpp"

namespace skarv::sandbox::specter {

ArticleOutcome Store::submit_articles(const std::vector<ArticleInput>& inputs, bool force, bool from_erp) {
    std::lock_guard lock(mutex_);
    // Check the whole batch before changing anything, so a bad item changes nothing.
    for (const auto& in : inputs) {
        if (in.article_no.empty()) throw ApiError(error_code::missing_parameter, "Missing articleNo");
        if (in.main_article_no && !in.main_article_no->empty()) {
            bool known = state_.articles.count(*in.main_article_no) > 0;
            for (const auto& other : inputs) known = known || other.article_no == *in.main_article_no;
            if (!known)
                throw ApiError(error_code::article_not_found,
                               "Main article '" + *in.main_article_no + "' of '" + in.article_no + "' does not exist");
            if (*in.main_article_no == in.article_no)
                throw ApiError(error_code::invalid_value, "Article '" + in.article_no + "' cannot be its own main article");
        }
        if (in.stock) site_or_default_locked(in.stock->first);
    }
    ArticleOutcome out;
    for (const auto& in : inputs) {
        auto it = state_.articles.find(in.article_no);
        bool exists = it != state_.articles.end();
        // [SEEN] Krokedil/Prestaworks: existing articles are only overwritten with
        // forceArticleUpdate=1, and Specter's stock is never overwritten by the shop.
        if (exists && !force && !from_erp) {
            ++out.skipped;
            continue;
        }
        SpecterArticle& a = state_.articles[in.article_no];
        if (!exists) {
            a.id = state_.next_article_id++;
            a.article_no = in.article_no;
            a.name = in.article_no;
        }
        if (in.name) a.name = *in.name;
        if (in.price_ex_vat) a.price_ex_vat = *in.price_ex_vat;
        if (in.buy_price) a.buy_price = *in.buy_price;
        if (in.vat_rate_bp) a.vat_rate_bp = *in.vat_rate_bp;
        if (in.bar_code) a.bar_code = *in.bar_code;
        if (in.weight_kg) a.weight_kg = *in.weight_kg;
        if (in.main_article_no) a.main_article_no = *in.main_article_no;
        if (in.stock && (!exists || from_erp)) {
            std::string site = site_or_default_locked(in.stock->first);
            a.on_hand[site] = in.stock->second;
            touch_locked(SpecterFeed::stock, a.article_no);
        }
        // Changes made in Specter itself are what the article-info feed reports; the
        // shop's own submissions are not echoed back to it.
        if (from_erp) touch_locked(SpecterFeed::article_info, a.article_no);
        exists ? ++out.updated : ++out.created;
    }
    // A main article with variants keeps no stock of its own.
    for (const auto& in : inputs)
        if (in.main_article_no && !in.main_article_no->empty()) {
            auto main = state_.articles.find(*in.main_article_no);
            if (main != state_.articles.end()) main->second.keeps_stock = false;
        }
    return out;
}

namespace {

// [SEEN] Abicart's Specter integration: "The product number must not contain special
// characters such as å, ä, ö, &, %, ¤, #, €, etc. as well as spaces and commas." The
// characters named there are refused (€ cannot arrive: it is not in Latin-1); "etc." is
// not guessed at. guess specter.article-number-refusal, docs/guesses.md: the refusal.
std::optional<std::string> forbidden_in_article_no(const std::string& utf8) {
    static const char* const forbidden[] = {"å", "ä", "ö", "Å", "Ä", "Ö", "¤", "€", "&", "%", "#", " ", ","};
    for (const char* f : forbidden)
        if (utf8.find(f) != std::string::npos) return std::string(f);
    return std::nullopt;
}

}  // namespace

Answer new_article_submit(const Call& call) {
    const Params& p = call.params;
    std::vector<ArticleInput> inputs;
    auto money = [&](const std::string& field) -> std::optional<int64_t> {
        if (!p.has(field)) return std::nullopt;
        auto v = parse_decimal(p.text(field), 2);
        if (!v) throw ApiError(error_code::invalid_value, field + " '" + p.text(field) + "' is not a number");
        return v;
    };
    auto text = [&](const std::string& field) -> std::optional<std::string> {
        if (!p.has(field)) return std::nullopt;
        return p.text(field);
    };
    for (int n = 1; p.has("articleNo_" + std::to_string(n)); ++n) {
        std::string s = "_" + std::to_string(n);
        ArticleInput in;
        in.article_no = p.text("articleNo" + s);
        if (auto bad = forbidden_in_article_no(in.article_no))
            throw ApiError(error_code::invalid_value,
                           "articleNo" + s + " '" + in.article_no + "' contains '" + *bad + "', which an article number may not");
        in.name = text("name" + s);
        in.price_ex_vat = money("priceExclVAT" + s);
        in.buy_price = money("buyPrice" + s);
        if (p.has("vatPercent" + s)) {
            auto bp = parse_decimal(p.text("vatPercent" + s), 2);
            if (!bp || *bp < 0 || *bp > 10000)
                throw ApiError(error_code::invalid_value, "vatPercent" + s + " is not a rate");
            in.vat_rate_bp = static_cast<int>(*bp);
        }
        in.bar_code = text("barCode" + s);
        in.weight_kg = text("productWeight" + s);
        // guess specter.main-article-no, docs/guesses.md: the variant link is not in any public client; mainArticleNo_n names the
        // huvudartikel the way Specter's Varianthantering links them.
        in.main_article_no = text("mainArticleNo" + s);
        if (p.flag("createArticleStock" + s))
            in.stock = std::make_pair(p.text("stocksiteid" + s, p.text("stocksiteid")),
                                      parse_int("noItemsInStock" + s, p.text("noItemsInStock" + s, "0")));
        inputs.push_back(std::move(in));
    }
    if (inputs.empty()) throw ApiError(error_code::missing_parameter, "Missing articleNo_1");
    auto out = call.store.submit_articles(inputs, p.flag("forceArticleUpdate"), false);
    return Answer::success(inputs.front().article_no,
                           std::to_string(out.created) + " created, " + std::to_string(out.updated) +
                               " updated, " + std::to_string(out.skipped) + " skipped");
}

}  // namespace skarv::sandbox::specter
