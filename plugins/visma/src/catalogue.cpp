#include "catalogue.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>
#include <map>

#include <skarv/protocol.hpp>
#include <skarv/records.hpp>

#include "changes.hpp"
#include "order_writer.hpp"
#include <skarv/text_encoding.hpp>

namespace visma {

namespace {

// What a text field holds after set_text cut `value` to the field's length, so an
// unchanged long name is not rewritten on every pass.
std::string utf8_prefix_for(const Fields& f, int field, const std::string& value) {
    const int max = f.length(field);
    return max > 0 ? skarv::text::utf8_prefix(value, static_cast<std::size_t>(max)) : value;
}

using skarv::model::Money;
using skarv::model::VatRateBp;

// The currency of an article's own PRICE: the company's, which for the Swedish
// editions of Visma Administration is SEK (price lists name their own currency).
constexpr const char* kCompanyCurrency = "SEK";

boost::json::object outcome(std::size_t index, const std::string& id, const char* what, const std::string& target = "") {
    boost::json::object o{{"index", index}, {"id", id}, {"outcome", what}};
    if (!target.empty()) o["target_id"] = target;
    return o;
}

boost::json::object failed(std::size_t index, const std::string& id, const skarv::PluginError& e) {
    return {{"index", index}, {"id", id}, {"outcome", skarv::protocol::kFailed},
            {"error", {{"code", e.code()}, {"message", e.what()}, {"retryable", false}}}};
}

// Runs one record's write; a record-level failure becomes its result, a call-level one
// (login, lock) stops the call.
template <class Fn>
boost::json::object guarded(const Context& ctx, std::size_t index, const std::string& id, Fn&& fn) {
    try {
        return fn();
    } catch (const skarv::PluginError& e) {
        if (e.status() == SKARV_ERR_AUTH || e.status() == SKARV_ERR_RETRYABLE) throw;
        ctx.host.warn(e.what());
        return failed(index, id, e);
    }
}

bool same(double a, double b) { return std::fabs(a - b) < 0.005; }

// One article as it should be in Visma.
struct ArticleSpec {
    std::string number, sku, name, note, ean, accounting_code;
    std::optional<Money> price_ex_vat;
    bool active = true;
    bool keep_price = false;   // Visma leads prices (protocol "keep_prices"): price a new article only
};

// Adds or updates the article; returns created, updated or unchanged.
const char* upsert_article(const Context& ctx, const ArticleSpec& s) {
    Record a(ctx.adk, adk::db::article, "article " + s.number);
    a.sort(adk::sort::article_nr);
    a.set_str(adk::article::number, s.number, "article number");
    const bool exists = a.find();
    bool changed = !exists;
    auto text = [&](int field, const std::string& value) {
        if (exists && a.str(field) == utf8_prefix_for(a, field, value)) return;
        a.set_text(field, value);
        changed = true;
    };
    text(adk::article::name, s.name);
    if (!s.note.empty() || exists) text(adk::article::note, s.note);
    if (!s.accounting_code.empty()) text(adk::article::accounting_code, s.accounting_code);
    if (!s.ean.empty() && (!exists || a.str(adk::article::bar_code) != s.ean)) {
        a.set_str(adk::article::bar_code, s.ean, "EAN");
        a.set_dbl(adk::article::bar_code_type, 2);   // EAN-13, as the seed data writes it
        changed = true;
    }
    if (s.price_ex_vat && !(exists && s.keep_price)) {
        const double price = to_adk_amount(s.price_ex_vat->minor(), skarv::model::minor_digits(s.price_ex_vat->currency()));
        if (!exists || !same(a.dbl(adk::article::price), price)) a.set_dbl(adk::article::price, price), changed = true;
        const auto& base = ctx.config.price_lists.base;
        if (!base.empty() && (!exists || a.str(adk::article::price_list) != base))
            a.set_str(adk::article::price_list, base, "price list"), changed = true;
    }
    if (!exists || a.flag(adk::article::inactive) == s.active) a.set_flag(adk::article::inactive, !s.active), changed = true;
    if (!exists || !a.flag(adk::article::webshop)) a.set_flag(adk::article::webshop, true), changed = true;
    if (!changed) return skarv::protocol::kUnchanged;
    if (exists) {
        a.update();
        return skarv::protocol::kUpdated;
    }
    a.add();
    return skarv::protocol::kCreated;
}

struct ListInfo {
    bool including_vat = false;
    std::string currency = "SEK";
};

class PriceWriter {
public:
    explicit PriceWriter(const Context& ctx) : ctx_(ctx) {}

    // Writes one price into ADK_DB_PRICE; returns created, updated or unchanged.
    const char* write(const skarv::model::Price& p, const std::string& list_code) {
        const std::string label = "price of " + p.sku + " in " + list_code;
        const ListInfo& list = info(list_code, label);
        if (p.price_ex_vat.currency() != list.currency)
            throw skarv::PluginError::invalid("currency", label + ": the price is in " + p.price_ex_vat.currency() +
                                                              ", the Visma price list in " + list.currency);
        const std::string article = article_for_sku(ctx_, p.sku);
        const auto rate = article_rate(article, label);
        Money amount = p.price_ex_vat;
        // A list kept including VAT gets the price with VAT added, to the öre.
        if (list.including_vat) amount = skarv::model::inclusive_of_exclusive(amount, rate);
        const double value = to_adk_amount(amount.minor(), skarv::model::minor_digits(amount.currency()));
        const double quantity = p.min_quantity <= 1 ? 0.0 : static_cast<double>(p.min_quantity);

        Record r(ctx_.adk, adk::db::price, label);
        r.sort(adk::sort::price_list);
        r.set_str(adk::price::price_list, list_code, "price list");
        r.set_str(adk::price::article_number, article, "article number");
        r.set_dbl(adk::price::quantity, quantity);
        const char* result = skarv::protocol::kUnchanged;
        if (r.find()) {
            if (!same(r.dbl(adk::price::price), value)) {
                r.set_dbl(adk::price::price, value);
                r.update();
                result = skarv::protocol::kUpdated;
            }
        } else {
            r.set_dbl(adk::price::price, value);
            r.set_flag(adk::price::base, list_code == ctx_.config.price_lists.base);
            r.add();
            result = skarv::protocol::kCreated;
        }
        // The base list's price is also the article's own price, shown on its card.
        if (list_code == ctx_.config.price_lists.base && quantity == 0) {
            Record a(ctx_.adk, adk::db::article, "article " + article);
            a.sort(adk::sort::article_nr);
            a.set_str(adk::article::number, article, "article number");
            if (a.find() && !same(a.dbl(adk::article::price), value)) {
                a.set_dbl(adk::article::price, value);
                a.set_str(adk::article::price_list, list_code, "price list");
                a.update();
            }
        }
        return result;
    }

    const ListInfo& info(const std::string& code, const std::string& label) {
        if (auto it = lists_.find(code); it != lists_.end()) return it->second;
        Record l(ctx_.adk, adk::db::code_of_price_list, label);
        l.sort(adk::sort::code_of_price_list);
        l.set_str(adk::price_list::code, code, "price list code");
        if (!l.find())
            throw skarv::PluginError::invalid("missing_price_list", label + ": price list " + code + " does not exist in Visma");
        ListInfo i;
        i.including_vat = l.flag(adk::price_list::including_vat);
        i.currency = l.str(adk::price_list::currency_code);
        if (i.currency.empty()) i.currency = "SEK";
        return lists_[code] = i;
    }

    VatRateBp article_rate(const std::string& article, const std::string& label) {
        if (auto it = rates_.find(article); it != rates_.end()) return it->second;
        Record a(ctx_.adk, adk::db::article, label);
        a.sort(adk::sort::article_nr);
        a.set_str(adk::article::number, article, "article number");
        if (!a.find()) throw skarv::PluginError::invalid("missing_article", label + ": article " + article + " does not exist in Visma");
        return rates_[article] = ctx_.config.rate_of_accounting_code(a.str(adk::article::accounting_code));
    }

private:
    const Context& ctx_;
    std::map<std::string, ListInfo> lists_;
    std::map<std::string, VatRateBp> rates_;
};

skarv::model::Price price_of(Record& r, PriceWriter& lists) {
    skarv::model::Price p;
    p.sku = r.str(adk::price::article_number);
    p.price_list = r.str(adk::price::price_list);
    const ListInfo& list = lists.info(p.price_list, "price list " + p.price_list);
    Money amount(from_adk_amount(r.dbl(adk::price::price), skarv::model::minor_digits(list.currency)), list.currency);
    if (list.including_vat) amount = skarv::model::exclusive_of_inclusive(amount, lists.article_rate(p.sku, "price of " + p.sku));
    p.price_ex_vat = amount;
    p.min_quantity = std::max<int64_t>(1, std::llround(r.dbl(adk::price::quantity)));
    return p;
}

ChangeCursor cursor_of(const skarv::JsonReader& r) {
    if (r.boolean_or("initial", false) || !r.has("cursor")) return {};
    return read_change_cursor(r.value("cursor"), r.at("cursor"));
}

std::size_t limit_of(const skarv::JsonReader& r) { return static_cast<std::size_t>(r.integer_in("limit", 100, 1, 100000)); }

// Read on each article rather than filtered: how AdkSetFilter spells a boolean is not in
// the public record.
std::function<bool(Record&)> article_selection(const Config& c) {
    if (!c.only_webshop_articles) return {};
    return [](Record& a) { return a.flag(adk::article::webshop); };
}

bool same_code(const std::string& a, const std::string& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
               return std::tolower(x) == std::tolower(y);
           });
}

}  // namespace

boost::json::value Catalogue::write_products(const boost::json::object& request) {
    skarv::JsonReader r(request, "request");
    auto products = r.list<skarv::model::Product>("records", skarv::model::read_product);
    const bool keep_prices = r.boolean_or("keep_prices", false);
    auto session = ctx_.open();
    boost::json::array results;
    // Orders name SKUs; which article a renumbered SKU became is remembered, one key a
    // SKU, all of a call's in one commit (a commit a SKU is an fsync each), including
    // when a later product stops the call: those articles exist in Visma by then.
    std::vector<skarv::HostServices::StateWrite> renumbered;
    try {
        for (std::size_t i = 0; i < products.size(); ++i) {
            const auto& p = products[i];
            results.push_back(guarded(ctx_, i, p.article_number, [&] {
                std::vector<ArticleSpec> specs;
                const std::string accounting = ctx_.config.accounting_code(p.vat_rate_bp);
                if (p.variants.empty()) {
                    specs.push_back({p.article_number, p.article_number, p.name, p.description, "", accounting, p.price_ex_vat, p.active});
                } else {
                    for (std::size_t n = 0; n < p.variants.size(); ++n) {
                        const auto& v = p.variants[n];
                        std::string name = v.name;
                        if (name.empty()) {
                            name = p.name;
                            for (const auto& [k, value] : v.attributes) name += " " + value;
                        }
                        specs.push_back({ctx_.config.article_number_for(p.article_number, v.sku, static_cast<int>(n + 1)), v.sku,
                                         name, p.description, v.ean.value_or(""), accounting,
                                         v.price_ex_vat ? v.price_ex_vat : p.price_ex_vat, p.active && v.active});
                    }
                }
                const char* overall = skarv::protocol::kUnchanged;
                std::string numbers;
                for (auto& s : specs) {
                    s.keep_price = keep_prices;
                    const char* o = upsert_article(ctx_, s);
                    if (o == skarv::protocol::kCreated && overall == skarv::protocol::kUnchanged) overall = o;
                    if (o == skarv::protocol::kUpdated) overall = o;
                    if (s.number != s.sku && ctx_.host.state_get("article:" + s.sku) != s.number)
                        renumbered.emplace_back("article:" + s.sku, s.number);
                    numbers += (numbers.empty() ? "" : ",") + s.number;
                }
                return outcome(i, p.article_number, overall, numbers);
            }));
        }
    } catch (...) {
        ctx_.host.state_write_many(renumbered);
        throw;
    }
    ctx_.host.state_write_many(renumbered);
    return boost::json::object{{"results", std::move(results)}};
}

boost::json::value Catalogue::read_products(const boost::json::object& request) {
    skarv::JsonReader r(request, "request");
    auto session = ctx_.open();
    boost::json::array records;
    Scan scan;
    scan.db = adk::db::article;
    scan.timestamp_field = adk::article::timestamp;
    scan.label = "articles";
    scan.keep = article_selection(ctx_.config);
    auto product_of = [&](Record& a) {
        skarv::model::Product p;
        p.article_number = a.str(adk::article::number);
        p.name = a.str(adk::article::name);
        p.description = a.str(adk::article::note);
        p.vat_rate_bp = ctx_.config.rate_of_accounting_code(a.str(adk::article::accounting_code));
        p.price_ex_vat = Money(from_adk_amount(a.dbl(adk::article::price), 2), kCompanyCurrency);
        if (auto ean = a.str(adk::article::bar_code); !ean.empty()) p.attributes["ean"] = ean;
        p.active = !a.flag(adk::article::inactive);
        return boost::json::value_from(p);
    };
    scan.content_key = [&](Record& a) { return boost::json::serialize(product_of(a)); };
    scan.visit = [&](Record& a) { records.push_back(product_of(a)); };
    auto result = scan_changes(ctx_, scan, cursor_of(r), limit_of(r));
    return boost::json::object{{"records", std::move(records)}, {"cursor", to_json(result.cursor)}, {"more", result.more}};
}

boost::json::value Catalogue::write_prices(const boost::json::object& request) {
    skarv::JsonReader r(request, "request");
    auto prices = r.list<skarv::model::Price>("records", [](const auto& v, const auto& p) { return skarv::model::read_price(v, p); });
    auto session = ctx_.open();
    PriceWriter writer(ctx_);
    boost::json::array results;
    for (std::size_t i = 0; i < prices.size(); ++i) {
        const auto& p = prices[i];
        const std::string list = p.price_list.empty() ? ctx_.config.price_lists.base : p.price_list;
        const std::string id = p.sku + "@" + p.price_list;
        results.push_back(guarded(ctx_, i, id, [&] {
            if (list.empty())
                throw skarv::PluginError::invalid("missing_price_list", "price of " + p.sku +
                                                                            ": no price list given and no base list configured (price_lists.base)");
            return outcome(i, id, writer.write(p, list), list);
        }));
    }
    return boost::json::object{{"results", std::move(results)}};
}

boost::json::value Catalogue::read_prices(const boost::json::object& request) {
    skarv::JsonReader r(request, "request");
    auto session = ctx_.open();
    PriceWriter lists(ctx_);
    boost::json::array records;
    Scan scan;
    scan.db = adk::db::price;
    scan.timestamp_field = adk::price::timestamp;
    scan.label = "prices";
    scan.content_key = [&](Record& p) { return boost::json::serialize(boost::json::value_from(price_of(p, lists))); };
    scan.visit = [&](Record& p) { records.push_back(boost::json::value_from(price_of(p, lists))); };
    auto result = scan_changes(ctx_, scan, cursor_of(r), limit_of(r));
    return boost::json::object{{"records", std::move(records)}, {"cursor", to_json(result.cursor)}, {"more", result.more}};
}

boost::json::value Catalogue::write_price_lists(const boost::json::object& request) {
    skarv::JsonReader r(request, "request");
    auto lists = r.list<skarv::model::PriceList>("records", [](const auto& v, const auto& p) { return skarv::model::read_price_list(v, p); });
    auto session = ctx_.open();
    boost::json::array results;
    for (std::size_t i = 0; i < lists.size(); ++i) {
        const auto& pl = lists[i];
        results.push_back(guarded(ctx_, i, pl.code, [&] {
            const char* overall = skarv::protocol::kUnchanged;
            Record l(ctx_.adk, adk::db::code_of_price_list, "price list " + pl.code);
            l.sort(adk::sort::code_of_price_list);
            l.set_str(adk::price_list::code, pl.code, "price list code");
            if (l.find()) {
                bool changed = false;
                if (l.str(adk::price_list::text) != utf8_prefix_for(l, adk::price_list::text, pl.name))
                    l.set_text(adk::price_list::text, pl.name), changed = true;
                if (l.str(adk::price_list::currency_code) != pl.currency)
                    l.set_str(adk::price_list::currency_code, pl.currency, "currency"), changed = true;
                if (changed) {
                    l.update();
                    overall = skarv::protocol::kUpdated;
                }
            } else {
                l.set_text(adk::price_list::text, pl.name);
                l.set_str(adk::price_list::currency_code, pl.currency, "currency");
                l.add();
                overall = skarv::protocol::kCreated;
            }
            PriceWriter writer(ctx_);
            for (const auto& p : pl.prices) {
                const char* o = writer.write(p, pl.code);
                if (overall == skarv::protocol::kUnchanged && o != skarv::protocol::kUnchanged) overall = skarv::protocol::kUpdated;
            }
            return outcome(i, pl.code, overall, pl.code);
        }));
    }
    return boost::json::object{{"results", std::move(results)}};
}

boost::json::value Catalogue::read_price_lists(const boost::json::object& /*request*/) {
    // Price lists are few: every read returns all of them with their prices, and the
    // host's content hash keeps unchanged ones from being written again.
    auto session = ctx_.open();
    PriceWriter lists(ctx_);
    boost::json::array records;
    Record l(ctx_.adk, adk::db::code_of_price_list, "price lists");
    l.sort(adk::sort::code_of_price_list);
    for (bool ok = l.first(false); ok; ok = l.next(false)) {
        skarv::model::PriceList pl;
        pl.code = l.str(adk::price_list::code);
        pl.name = l.str(adk::price_list::text);
        pl.currency = lists.info(pl.code, "price list " + pl.code).currency;
        for (const auto& [group, code] : ctx_.config.price_lists.by_group)
            if (code == pl.code) pl.customer_group = group;
        for (const auto& [channel, code] : ctx_.config.price_lists.by_channel)
            if (code == pl.code) pl.channel = channel;
        Record p(ctx_.adk, adk::db::price, "prices of " + pl.code);
        p.sort(adk::sort::price_list);
        // A plain value, the documented filter form; whether it also matches longer codes
        // is not documented, so each price's list is compared (see Record::first_equal).
        for (bool more = p.first_equal(adk::price::price_list, pl.code, true); more; more = p.next(false))
            if (same_code(p.str(adk::price::price_list), pl.code)) pl.prices.push_back(price_of(p, lists));
        records.push_back(boost::json::value_from(pl));
    }
    return boost::json::object{{"records", std::move(records)}, {"cursor", nullptr}, {"more", false}};
}

boost::json::value Catalogue::write_stock(const boost::json::object& request) {
    skarv::JsonReader r(request, "request");
    auto levels = r.list<skarv::model::StockLevel>("records", [](const auto& v, const auto& p) { return skarv::model::read_stock_level(v, p); });
    auto session = ctx_.open();
    boost::json::array results;
    for (std::size_t i = 0; i < levels.size(); ++i) {
        const auto& s = levels[i];
        const std::string id = s.sku + "@" + s.warehouse;
        results.push_back(guarded(ctx_, i, id, [&] {
            // Visma keeps one stock figure per article (research B.6): one warehouse.
            if (s.warehouse != ctx_.config.warehouse)
                throw skarv::PluginError::invalid("unknown_warehouse", "stock of " + s.sku + ": warehouse " + s.warehouse +
                                                                           " is not the one Visma keeps (stock.warehouse = " +
                                                                           ctx_.config.warehouse + ")");
            const std::string article = article_for_sku(ctx_, s.sku);
            Record a(ctx_.adk, adk::db::article, "stock of " + s.sku);
            a.sort(adk::sort::article_nr);
            a.set_str(adk::article::number, article, "article number");
            if (!a.find())
                throw skarv::PluginError::invalid("missing_article", "stock of " + s.sku + ": article " + article + " does not exist in Visma");
            if (same(a.dbl(adk::article::quantity_in_stock), static_cast<double>(s.on_hand)))
                return outcome(i, id, skarv::protocol::kUnchanged, article);
            a.set_dbl(adk::article::quantity_in_stock, static_cast<double>(s.on_hand));
            a.update();
            return outcome(i, id, skarv::protocol::kUpdated, article);
        }));
    }
    return boost::json::object{{"results", std::move(results)}};
}

boost::json::value Catalogue::read_stock(const boost::json::object& request) {
    skarv::JsonReader r(request, "request");
    auto session = ctx_.open();
    boost::json::array records;
    Scan scan;
    scan.db = adk::db::article;
    scan.timestamp_field = adk::article::timestamp;
    scan.label = "articles";
    scan.keep = article_selection(ctx_.config);
    auto level_of = [&](Record& a) {
        skarv::model::StockLevel s;
        s.sku = a.str(adk::article::number);
        s.warehouse = ctx_.config.warehouse;
        s.on_hand = std::llround(a.dbl(adk::article::quantity_in_stock));
        // guess visma.stock-reservation, docs/guesses.md
        s.available = ctx_.config.available_from == Availability::disposable ? std::llround(a.dbl(adk::article::disposable_in_stock))
                                                                              : s.on_hand;
        s.status = skarv::model::status_for(s.available, ctx_.config.low_stock_threshold);
        return boost::json::value_from(s);
    };
    scan.content_key = [&](Record& a) { return boost::json::serialize(level_of(a)); };
    scan.visit = [&](Record& a) {
        if (a.flag(adk::article::stock_goods)) records.push_back(level_of(a));
    };
    auto result = scan_changes(ctx_, scan, cursor_of(r), limit_of(r));
    return boost::json::object{{"records", std::move(records)}, {"cursor", to_json(result.cursor)}, {"more", result.more}};
}

}  // namespace visma
