#include "catalogue.hpp"

#include <map>
#include <set>

#include <skarv/model/price.hpp>
#include <skarv/model/product.hpp>
#include <skarv/model/stock.hpp>
#include <skarv/protocol.hpp>

#include "order_rows.hpp"

#include <algorithm>

namespace specter {

namespace pr = skarv::protocol;
using skarv::model::Money;

std::optional<int64_t> parse_amount(const std::string& raw) {
    std::string text = raw;
    while (!text.empty() && text.front() == ' ') text.erase(0, 1);
    while (!text.empty() && text.back() == ' ') text.pop_back();
    bool negative = !text.empty() && text.front() == '-';
    if (negative) text.erase(0, 1);
    if (text.empty() || text.size() > 18) return std::nullopt;
    int64_t whole = 0, frac = 0;
    int digits = 0;
    bool in_frac = false, any = false, round_up = false;
    for (char c : text) {
        if (c == '.' || c == ',') {
            if (in_frac) return std::nullopt;
            in_frac = true;
        } else if (c >= '0' && c <= '9') {
            any = true;
            if (!in_frac) whole = whole * 10 + (c - '0');
            else if (digits < 2) frac = frac * 10 + (c - '0'), ++digits;
            else if (digits++ == 2) round_up = c >= '5';
        } else {
            return std::nullopt;
        }
    }
    // 18 digits fit in 64 bits, but not once made into öre.
    if (!any || whole > (INT64_MAX - 100) / 100) return std::nullopt;
    if (digits == 1) frac *= 10;
    int64_t v = whole * 100 + frac + (round_up ? 1 : 0);
    return negative ? -v : v;
}

namespace {

// Cache of what the article-info feed said about one main article and its variants
// (host state "product/<main>"), so a batch that carries one changed variant still
// yields the whole product. Stored without what the key already says (the article
// number) and without fields at their defaults, which read_product fills in again:
// a third smaller, 4 MB less state at 50,000 products (issue #14). Older caches carry
// them and read the same.
struct CachedProduct {
    skarv::model::Product product;
    bool main_seen = false;
};

std::optional<CachedProduct> load_cached(const skarv::HostServices& host, const std::string& main) {
    auto text = host.state_get("product/" + main);
    if (!text) return std::nullopt;
    try {
        auto v = skarv::parse_json(*text, "cached product");
        auto& stored = v.at("product").as_object();
        if (!stored.contains("article_number")) stored["article_number"] = main;
        CachedProduct c;
        c.product = skarv::model::read_product(v.at("product"), "cached product");
        c.main_seen = v.at("main_seen").as_bool();
        return c;
    } catch (const std::exception&) {
        return std::nullopt;   // unreadable cache: rebuilt from this batch
    }
}

skarv::HostServices::StateWrite cached_write(const CachedProduct& c) {
    auto product = boost::json::value_from(c.product).as_object();
    product.erase("article_number");
    auto drop_if = [&product](std::string_view key, bool at_default) {
        if (at_default) product.erase(key);
    };
    const skarv::model::Product defaults;
    drop_if("description", c.product.description == defaults.description);
    drop_if("vat_rate_bp", c.product.vat_rate_bp == defaults.vat_rate_bp);
    drop_if("attributes", c.product.attributes.empty());
    drop_if("variants", c.product.variants.empty());
    drop_if("active", c.product.active == defaults.active);
    if (auto* variants = product.if_contains("variants"))
        for (std::size_t i = 0; i < c.product.variants.size(); ++i) {
            auto& stored = variants->as_array()[i].as_object();
            if (c.product.variants[i].attributes.empty()) stored.erase("attributes");
            if (c.product.variants[i].active) stored.erase("active");
        }
    boost::json::object o{{"product", std::move(product)}, {"main_seen", c.main_seen}};
    return {"product/" + c.product.article_number, boost::json::serialize(o)};
}

// "<n> created, <n> updated, <n> skipped" -> n created; 0 when the answer says otherwise
// (guess specter.article-submit-answer, docs/guesses.md).
int created_count(const std::string& message) {
    try {
        return std::stoi(message);
    } catch (const std::exception&) {
        return 0;
    }
}

// guess specter.update-keeps-price, docs/guesses.md: an update without priceExclVAT_n.
std::vector<Fields> without_price(std::vector<Fields> articles) {
    for (auto& a : articles)
        a.erase(std::remove_if(a.begin(), a.end(), [](const auto& f) { return f.first == "priceExclVAT"; }), a.end());
    return articles;
}

// [SEEN] Abicart's Specter integration: an article number must not contain "å, ä, ö, &, %,
// ¤, #, €, etc. as well as spaces and commas". Such a product fails here, naming the
// character, rather than at Specter (guess specter.article-number-refusal, docs/guesses.md).
void check_article_number(const std::string& article_no, const std::string& what) {
    static const char* const forbidden[] = {"å", "ä", "ö", "Å", "Ä", "Ö", "¤", "€", "&", "%", "#", " ", ","};
    for (const char* f : forbidden)
        if (article_no.find(f) != std::string::npos)
            throw skarv::RecordError(what, "article number '" + article_no + "' contains '" + f +
                                               "', which Specter does not accept in an article number");
}

boost::json::object failed_result(std::size_t index, const std::string& id, const std::string& code, const std::string& message) {
    return {{"index", index}, {"id", id}, {"outcome", pr::kFailed},
            {"error", {{"code", code}, {"message", message}, {"retryable", false}}}};
}

}  // namespace

boost::json::object Catalogue::read_products(const boost::json::object& request) const {
    skarv::JsonReader r(request, "request");
    const auto& currency = api_.config().currency;
    bool more = false;
    auto infos = journal_.page("products", r.integer_or("limit", 100), more);

    std::map<std::string, CachedProduct> touched;   // main article no -> product
    std::vector<std::string> order;                  // first-touched order, for stable output
    auto product_for = [&](const std::string& main) -> CachedProduct& {
        auto it = touched.find(main);
        if (it != touched.end()) return it->second;
        auto cached = cached_products_.may_exist(host_, "product/" + main) ? load_cached(host_, main) : std::nullopt;
        CachedProduct c = cached ? *cached : CachedProduct{};
        c.product.article_number = main;
        order.push_back(main);
        return touched.emplace(main, std::move(c)).first->second;
    };
    int64_t upto = 0;
    for (const auto& a : infos) {
        upto = std::max(upto, a.seq);
        if (a.article_no.empty()) continue;
        auto price = parse_amount(a.price_ex_vat);
        auto vat = parse_amount(a.vat_percent);   // "25.00" -> 2500 = basis points
        if (a.main_article_no.empty()) {
            auto& c = product_for(a.article_no);
            c.main_seen = true;
            c.product.name = a.name.empty() ? a.article_no : a.name;
            if (price) c.product.price_ex_vat = Money(*price, currency);
            if (vat) c.product.vat_rate_bp = static_cast<int>(*vat);
            if (!a.bar_code.empty()) c.product.attributes["ean"] = a.bar_code;
            if (!a.weight_kg.empty()) c.product.attributes["weight_kg"] = a.weight_kg;
        } else {
            auto& c = product_for(a.main_article_no);
            skarv::model::Variant* v = nullptr;
            for (auto& x : c.product.variants)
                if (x.sku == a.article_no) v = &x;
            if (!v) v = &c.product.variants.emplace_back();
            v->sku = a.article_no;
            v->name = a.name;
            v->ean = a.bar_code.empty() ? std::nullopt : std::optional<std::string>(a.bar_code);
            v->price_ex_vat = price ? std::optional<Money>(Money(*price, currency)) : std::nullopt;
            // Until the main article itself comes by, the product borrows its variant's
            // name and rate (guess specter.article-vat, docs/guesses.md).
            if (!c.main_seen) {
                c.product.name = a.name.empty() ? a.main_article_no : a.name;
                if (vat) c.product.vat_rate_bp = static_cast<int>(*vat);
            }
        }
    }
    boost::json::array records;
    // One commit for the page's products, not one each.
    std::vector<skarv::HostServices::StateWrite> cache;
    for (const auto& main : order) {
        auto& c = touched.at(main);
        cache.push_back(cached_write(c));
        records.push_back(boost::json::value_from(c.product));
    }
    try {
        host_.state_write_many(cache);
    } catch (...) {
        cached_products_.forget();
        throw;
    }
    for (const auto& [key, value] : cache) cached_products_.wrote(key, value.has_value());
    return {{"records", std::move(records)}, {"cursor", {{"upto", upto}}}, {"more", more}, {"ack", true}};
}

boost::json::object Catalogue::read_prices(const boost::json::object& request) const {
    skarv::JsonReader r(request, "request");
    bool more = false;
    auto infos = journal_.page("prices", r.integer_or("limit", 100), more);
    boost::json::array records;
    int64_t upto = 0;
    for (const auto& a : infos) {
        upto = std::max(upto, a.seq);
        if (a.article_no.empty()) continue;
        auto price = parse_amount(a.price_ex_vat);
        if (!price) continue;
        // A main article with variants is sold only as its variants, each an article with
        // its own price in this same feed; a shop has no SKU to put the main article's
        // price on (Norce refuses it), so it is not a price of anything sold.
        if (a.main_article_no.empty() && journal_.has_variants(a.article_no)) continue;
        // Specter's one article price is the base price list ("").
        skarv::model::Price p{a.article_no, "", Money(*price, api_.config().currency), std::nullopt, 1};
        records.push_back(boost::json::value_from(p));
    }
    return {{"records", std::move(records)}, {"cursor", {{"upto", upto}}}, {"more", more}, {"ack", true}};
}

namespace {
int64_t cursor_upto(const boost::json::object& request) {
    auto* c = request.if_contains("cursor");
    if (c && c->is_object())
        if (auto* u = c->get_object().if_contains("upto"); u && u->is_int64()) return u->get_int64();
    throw skarv::PluginError::invalid("bad_cursor", "ack: the cursor names no position");
}
}  // namespace

boost::json::object Catalogue::ack_products(const boost::json::object& request) const {
    journal_.acknowledge("products", cursor_upto(request));
    return {};
}

boost::json::object Catalogue::ack_prices(const boost::json::object& request) const {
    journal_.acknowledge("prices", cursor_upto(request));
    return {};
}

std::string Catalogue::submit_articles(const std::vector<Fields>& articles, const std::string& what, bool overwrite) const {
    Fields f;
    if (overwrite) f.emplace_back("forceArticleUpdate", "1");
    for (std::size_t i = 0; i < articles.size(); ++i)
        for (const auto& [name, value] : articles[i]) f.emplace_back(name + "_" + std::to_string(i + 1), value);
    std::string first;
    for (const auto& [name, value] : articles.front())
        if (name == "articleNo") first = value;
    auto answer = api_.put("newArticleSubmit", first, f, what);
    return require_ok(answer, "newArticleSubmit", what).message;
}

boost::json::object Catalogue::write_products(const boost::json::object& request) const {
    const auto& config = api_.config();
    // Protocol "keep_prices": the plan moves prices from Specter to the shop, so an
    // article that exists in Specter keeps its price. Specter has no public call that
    // says whether an article exists (and the article-info feed reports only what changed
    // in Specter), so Specter decides: newArticleSubmit without forceArticleUpdate
    // creates new articles and leaves existing ones alone (research A.7, Krokedil: existing
    // articles are not overwritten unless asked).
    const bool keep_prices = skarv::JsonReader(request, "request").boolean_or("keep_prices", false);
    boost::json::array results;
    const boost::json::array empty;
    const auto* records = request.if_contains("records");
    const auto& list = records && records->is_array() ? records->get_array() : empty;
    for (std::size_t i = 0; i < list.size(); ++i) {
        std::string id;
        if (list[i].is_object())
            if (auto* a = list[i].get_object().if_contains("article_number"); a && a->is_string()) id = std::string(a->get_string());
        std::string what = "product " + id;
        try {
            auto p = skarv::model::read_product(list[i], "records[" + std::to_string(i) + "]");
            check_article_number(p.article_number, what);
            for (const auto& v : p.variants) check_article_number(v.sku, what);
            auto price_text = [&](const Money& m) {
                if (m.currency() != config.currency)
                    throw skarv::RecordError(what, "price in " + m.currency() + ", Specter's articles are priced in " + config.currency);
                return format_e4(m.minor() * 100);
            };
            std::vector<Fields> articles;
            Fields main{{"articleNo", p.article_number}, {"name", p.name}, {"vatPercent", format_vat_percent(p.vat_rate_bp)}};
            if (p.price_ex_vat) main.emplace_back("priceExclVAT", price_text(*p.price_ex_vat));
            if (auto it = p.attributes.find("ean"); it != p.attributes.end()) main.emplace_back("barCode", it->second);
            if (auto it = p.attributes.find("weight_kg"); it != p.attributes.end()) main.emplace_back("productWeight", it->second);
            articles.push_back(std::move(main));
            for (const auto& v : p.variants) {
                if (v.sku == p.article_number) continue;   // the implicit variant of a plain product
                std::string name = v.name;
                if (name.empty()) {
                    // Specter shows a variant by its own name: "Product - Blå - M" (A.7).
                    name = p.name;
                    for (const auto& [k, val] : v.attributes) name += " - " + val;
                }
                Fields f{{"articleNo", v.sku}, {"name", name}, {"vatPercent", format_vat_percent(p.vat_rate_bp)},
                         // guess specter.main-article-no, docs/guesses.md
                         {"mainArticleNo", p.article_number}};
                if (v.price_ex_vat) f.emplace_back("priceExclVAT", price_text(*v.price_ex_vat));
                else if (p.price_ex_vat) f.emplace_back("priceExclVAT", price_text(*p.price_ex_vat));
                if (v.ean) f.emplace_back("barCode", *v.ean);
                articles.push_back(std::move(f));
            }
            int created = 0, total = 0;
            for (std::size_t start = 0; start < articles.size(); start += 100) {
                std::vector<Fields> chunk(articles.begin() + static_cast<std::ptrdiff_t>(start),
                                          articles.begin() + static_cast<std::ptrdiff_t>(std::min(articles.size(), start + 100)));
                int chunk_created = created_count(submit_articles(chunk, what, !keep_prices));
                if (keep_prices && chunk_created < static_cast<int>(chunk.size())) {
                    // Specter leads prices (combo): the call above created the new
                    // articles with the shop's price and skipped the existing ones; these
                    // now get the shop's other fields, without a price, so each keeps the
                    // one it has in Specter. A count that cannot be read also lands here:
                    // the second call is harmless for an article the first one created.
                    submit_articles(without_price(chunk), what, true);
                }
                created += chunk_created;
                total += static_cast<int>(chunk.size());
            }
            if (articles.size() > 1) journal_.note_variants(p.article_number);
            results.push_back({{"index", i}, {"id", id}, {"target_id", p.article_number},
                               {"outcome", created == total ? pr::kCreated : pr::kUpdated}});
        } catch (const skarv::RecordError& e) {
            results.push_back(failed_result(i, id, "invalid_product", e.what()));
        } catch (const skarv::PluginError& e) {
            if (e.status() != SKARV_ERR_INVALID) throw;
            results.push_back(failed_result(i, id, e.code(), e.what()));
        }
    }
    return {{"results", std::move(results)}};
}

boost::json::object Catalogue::write_prices(const boost::json::object& request) const {
    const auto& config = api_.config();
    const boost::json::array empty;
    const auto* records = request.if_contains("records");
    const auto& list = records && records->is_array() ? records->get_array() : empty;
    std::vector<boost::json::object> results(list.size());
    std::vector<std::pair<std::size_t, Fields>> to_send;
    for (std::size_t i = 0; i < list.size(); ++i) {
        std::string id;
        try {
            auto p = skarv::model::read_price(list[i], "records[" + std::to_string(i) + "]");
            id = p.sku + "@" + p.price_list;
            if (!p.price_list.empty() && p.price_list != "base")
                results[i] = failed_result(i, id, "unsupported_price_list",
                                           "price " + id + ": Specter's price lists cannot be written through its API; only the base price (price_list \"\")");
            else if (p.min_quantity != 1)
                results[i] = failed_result(i, id, "unsupported_quantity_break", "price " + id + ": Specter's article price has no quantity breaks");
            else if (p.price_ex_vat.currency() != config.currency)
                results[i] = failed_result(i, id, "wrong_currency",
                                           "price " + id + ": in " + p.price_ex_vat.currency() + ", Specter's articles are priced in " + config.currency);
            else
                to_send.push_back({i, Fields{{"articleNo", p.sku}, {"priceExclVAT", format_e4(p.price_ex_vat.minor() * 100)}}});
        } catch (const skarv::RecordError& e) {
            results[i] = failed_result(i, id, "invalid_price", e.what());
        }
    }
    for (std::size_t start = 0; start < to_send.size(); start += 100) {
        std::size_t end = std::min(to_send.size(), start + 100);
        std::vector<Fields> chunk;
        for (std::size_t k = start; k < end; ++k) chunk.push_back(to_send[k].second);
        std::string what = "prices of " + chunk.front().front().second + (end - start > 1 ? " and " + std::to_string(end - start - 1) + " more" : "");
        std::optional<skarv::PluginError> refused;
        try {
            submit_articles(chunk, what, true);
        } catch (const skarv::PluginError& e) {
            if (e.status() != SKARV_ERR_INVALID) throw;
            refused = e;
        }
        for (std::size_t k = start; k < end; ++k) {
            auto i = to_send[k].first;
            std::string sku = to_send[k].second.front().second;
            results[i] = refused ? failed_result(i, sku + "@", refused->code(), refused->what())
                                 : boost::json::object{{"index", i}, {"id", sku + "@"}, {"target_id", sku}, {"outcome", pr::kUpdated}};
        }
    }
    boost::json::array out;
    for (auto& r : results) out.push_back(std::move(r));
    return {{"results", std::move(out)}};
}

boost::json::object Catalogue::read_stock(const boost::json::object& request) const {
    skarv::JsonReader r(request, "request");
    const auto& site_filter = api_.config().stock_site;
    auto webshop = api_.config().catalogue_webshop();
    boost::json::value cursor = request.contains("cursor") ? request.at("cursor") : boost::json::value();
    auto batch = stock_.fetch(webshop, recorded_batch(cursor, webshop), r.integer_or("limit", 100),
                              {{"getMultipleStocksites", "1"}});
    // [SEEN] one <stock> per site and no site named: Prestaworks' StockSyncMultiStock
    // sums an article's noItemsAv over them, and so does this connector, reporting the sum
    // under stock_site (the site orders reserve from) or "specter". Stock profiles that
    // route sites separately need each site's figure: with stock_sites, the n-th <stock>
    // is reported as the n-th site named there (guess specter.stock-site-order,
    // docs/guesses.md).
    const auto& sites = api_.config().stock_sites;
    std::vector<Poco::XML::Element*> stocks;
    if (auto* changes = batch.answer.payload("stockChanges")) stocks = children(changes, "stock");
    if (!sites.empty() && !stocks.empty() && stocks.size() != sites.size())
        throw skarv::PluginError::invalid(
            "stock_sites_mismatch", "Specter's stock feed has " + std::to_string(stocks.size()) +
                                        " stock sites but stock_sites names " + std::to_string(sites.size()) +
                                        "; list every site of the account in Specter's order, or leave stock_sites out "
                                        "to sum them");
    std::map<std::pair<std::string, std::string>, int64_t> levels;   // (warehouse, sku) -> available
    std::vector<std::pair<std::string, std::string>> order;
    for (std::size_t i = 0; i < stocks.size(); ++i) {
        std::string warehouse = !sites.empty() ? sites[i] : site_filter.empty() ? "specter" : site_filter;
        for (auto* articles : children(stocks[i], "articles"))
            for (auto* a : children(articles, "article")) {
                std::string sku = child_text(a, "articleNo");
                if (sku.empty()) continue;
                // [SEEN] the quantity may be the literal "noItemsAvailable": none.
                auto qty = parse_amount(child_text(a, "noItemsAv"));
                auto key = std::make_pair(warehouse, sku);
                if (!levels.count(key)) order.push_back(key);
                levels[key] += qty ? *qty / 100 : 0;
            }
    }
    boost::json::array records;
    for (const auto& key : order) {
        skarv::model::StockLevel s;
        s.warehouse = key.first;
        s.sku = key.second;
        s.available = levels[key];
        s.on_hand = s.available;   // the feed carries only what can be sold
        s.status = skarv::model::status_for(s.available, 0);
        records.push_back(boost::json::value_from(s));
    }
    return {{"records", std::move(records)}, {"cursor", batches_cursor({batch})}, {"more", batch.more}, {"ack", true}};
}

boost::json::object Catalogue::ack_stock(const boost::json::object& request) const {
    acknowledge_cursor(stock_, request.contains("cursor") ? request.at("cursor") : boost::json::value());
    return {};
}

}  // namespace specter
