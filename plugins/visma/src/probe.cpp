#include "probe.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <skarv/text_encoding.hpp>

namespace visma {

namespace {

// Enough records to see a filter work on a real company without reading all of it.
constexpr std::size_t kMaxWalk = 2000;
constexpr std::size_t kMaxNames = 500;

boost::json::object verdict(const char* guess, const char* v, std::string seen) {
    return {{"guess", guess}, {"verdict", v}, {"seen", std::move(seen)}};
}
boost::json::object confirmed(const char* guess, std::string seen) { return verdict(guess, "confirmed", std::move(seen)); }
boost::json::object contradicted(const char* guess, std::string seen) {
    return verdict(guess, "contradicted", std::move(seen));
}
boost::json::object not_checked(const char* guess, std::string why) { return verdict(guess, "not_checked", std::move(why)); }

struct Stamped {
    std::string key;
    long ts = 0;
};

struct Walk {
    std::optional<adk::Error> refused;   // an answer that is neither OK nor the end of the walk
    std::string refused_by;
    std::vector<Stamped> records;
    bool truncated = false;              // stopped at kMaxWalk
};

// Articles in timestamp order (sort eTimeStamp), optionally through one filter. The ADK
// is called directly so that a refusal is seen as an answer, not thrown.
Walk walk_articles(const Context& ctx, std::optional<std::pair<int, std::string>> filter) {
    const auto& api = ctx.adk.api();
    Record rec(ctx.adk, adk::db::article, "probe: articles");
    rec.sort(adk::sort::timestamp);
    Walk w;
    if (filter) {
        const adk::Error e = api.AdkSetFilter(rec.get(), filter->first, skarv::text::utf8_to_windows1252(filter->second).c_str(), 0);
        if (e.lRc != adk::rc::ok) {
            w.refused = e;
            w.refused_by = "AdkSetFilter";
            return w;
        }
    }
    adk::Error e = api.AdkFirstEx(rec.get(), 0);
    while (e.lRc == adk::rc::ok) {
        if (w.records.size() == kMaxWalk) {
            w.truncated = true;
            break;
        }
        w.records.push_back({rec.str(adk::article::number), rec.date(adk::article::timestamp)});
        e = api.AdkNextEx(rec.get(), 0);
    }
    if (!w.truncated && e.lRc != adk::rc::eof) {
        w.refused = e;
        w.refused_by = "AdkFirstEx/AdkNextEx";
    }
    return w;
}

std::string plural(std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

bool same_ci(const std::string& a, const std::string& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
    return true;
}

// guess visma.filter-greater-equal, docs/guesses.md: what status.read, products.read and
// stock.read send for "changed since".
boost::json::object check_greater_equal(const Context& ctx, const Walk& all) {
    const char* id = "visma.filter-greater-equal";
    if (all.records.empty()) return not_checked(id, "no articles in the company to filter on TIMESTAMP");
    const long since_ts = all.records[all.records.size() / 2].ts;
    const std::string expr = ">=" + ctx.adk.long_to_datetime(since_ts);
    const std::string call = "AdkSetFilter(ADK_ARTICLE_TIMESTAMP, \"" + expr + "\")";
    const Walk w = walk_articles(ctx, std::make_pair(adk::article::timestamp, expr));
    if (w.refused) return contradicted(id, call + ": " + w.refused_by + " answered " + ctx.adk.describe(*w.refused));
    std::size_t expected = 0, expected_at = 0, before = 0, at = 0;
    for (const auto& r : all.records) {
        expected += r.ts >= since_ts;
        expected_at += r.ts == since_ts;
    }
    for (const auto& r : w.records) {
        before += r.ts < since_ts;
        at += r.ts == since_ts;
    }
    // With more articles than were read, the counts are lower bounds.
    const bool counts_ok = all.truncated ? (w.records.size() >= expected && at >= expected_at)
                                         : (w.records.size() == expected && at == expected_at);
    std::string seen = call + " matched " + plural(w.records.size(), "article", "articles") + ", " +
                       std::to_string(expected) + (all.truncated ? " or more" : "") +
                       " expected (stamped at or after it, by walking sort eTimeStamp)";
    if (before) seen += "; " + plural(before, "was", "were") + " stamped before it";
    return before == 0 && counts_ok ? confirmed(id, seen) : contradicted(id, seen);
}

// guess visma.filter-equals, docs/guesses.md (the emulator accepts "=v"; Skarv no longer sends it).
boost::json::object check_equals(const Context& ctx, const Walk& all) {
    const char* id = "visma.filter-equals";
    if (all.records.empty()) return not_checked(id, "no articles in the company to filter");
    const std::string key = all.records[all.records.size() / 2].key;
    const std::string call = "AdkSetFilter(ADK_ARTICLE_NUMBER, \"=" + key + "\")";
    const Walk w = walk_articles(ctx, std::make_pair(adk::article::number, "=" + key));
    if (w.refused) return contradicted(id, call + ": " + w.refused_by + " answered " + ctx.adk.describe(*w.refused));
    std::size_t others = 0;
    for (const auto& r : w.records) others += !same_ci(r.key, key);
    const std::string seen = call + " matched " + plural(w.records.size(), "article", "articles") +
                             (others ? " (" + std::to_string(others) + " with another number)" : "");
    return !w.records.empty() && others == 0 ? confirmed(id, seen) : contradicted(id, seen);
}

// guess visma.filter-range, docs/guesses.md (the emulator accepts "a..b"; Skarv does not send it).
boost::json::object check_range(const Context& ctx, const Walk& all) {
    const char* id = "visma.filter-range";
    if (all.records.empty()) return not_checked(id, "no articles in the company to filter");
    const long lo = all.records.front().ts, hi = all.records[all.records.size() / 2].ts;
    const std::string expr = ctx.adk.long_to_datetime(lo) + ".." + ctx.adk.long_to_datetime(hi);
    const std::string call = "AdkSetFilter(ADK_ARTICLE_TIMESTAMP, \"" + expr + "\")";
    const Walk w = walk_articles(ctx, std::make_pair(adk::article::timestamp, expr));
    if (w.refused) return contradicted(id, call + ": " + w.refused_by + " answered " + ctx.adk.describe(*w.refused));
    std::size_t expected = 0, outside = 0;
    for (const auto& r : all.records) expected += r.ts >= lo && r.ts <= hi;
    for (const auto& r : w.records) outside += r.ts < lo || r.ts > hi;
    const bool lower_bound = all.truncated && all.records.back().ts == hi;
    const bool counts_ok = lower_bound ? w.records.size() >= expected : w.records.size() == expected;
    std::string seen = call + " matched " + plural(w.records.size(), "article", "articles") + ", " +
                       std::to_string(expected) + " expected";
    if (outside) seen += "; " + std::to_string(outside) + " outside the range";
    return outside == 0 && counts_ok ? confirmed(id, seen) : contradicted(id, seen);
}

// Valid UTF-8 with at least one multi-byte character: what an ADK speaking UTF-8 gives
// for "Malmö". Windows-1252 text with å, ä or ö is (practically) never valid UTF-8.
bool is_multibyte_utf8(const std::string& s) {
    bool multibyte = false;
    for (std::size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        std::size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 && b >= 0xC2 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E && b <= 0xF4 ? 4 : 0;
        if (n == 0 || i + n > s.size()) return false;
        for (std::size_t k = 1; k < n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
        multibyte = multibyte || n > 1;
        i += n;
    }
    return multibyte;
}

std::vector<std::string> raw_names(const Context& ctx, int db, int sort, int field, const char* label) {
    Record rec(ctx.adk, db, std::string("probe: ") + label);
    rec.sort(sort);
    std::vector<std::string> out;
    for (bool ok = rec.first(false); ok && out.size() < kMaxNames; ok = rec.next(false)) out.push_back(rec.raw_str(field));
    return out;
}

// guess visma.windows-1252, docs/guesses.md
boost::json::object check_windows_1252(const Context& ctx) {
    const char* id = "visma.windows-1252";
    auto names = raw_names(ctx, adk::db::customer, adk::sort::customer_nr, adk::customer::name, "customers");
    const auto articles = raw_names(ctx, adk::db::article, adk::sort::article_nr, adk::article::name, "articles");
    names.insert(names.end(), articles.begin(), articles.end());
    std::size_t non_ascii = 0;
    std::optional<std::string> utf8, cp1252;
    for (const auto& n : names) {
        if (std::all_of(n.begin(), n.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) continue;
        ++non_ascii;
        if (is_multibyte_utf8(n)) {
            if (!utf8) utf8 = n;
        } else if (!cp1252) {
            cp1252 = n;
        }
    }
    const std::string read = "AdkGetStr on " + plural(names.size(), "customer and article name", "customer and article names");
    if (utf8) return contradicted(id, read + ": '" + *utf8 + "' arrives as UTF-8, not Windows-1252");
    if (cp1252)
        return confirmed(id, read + ": " + std::to_string(non_ascii) + " with letters outside ASCII, all Windows-1252, e.g. '" +
                                 skarv::text::windows1252_to_utf8(*cp1252) + "'");
    return not_checked(id, read + ": all ASCII; probe again with a customer named e.g. 'Åsa Öberg'");
}

// guess visma.field-lengths, docs/guesses.md: the lengths the emulator holds.
boost::json::object check_field_lengths(const Context& ctx) {
    const char* id = "visma.field-lengths";
    Record head(ctx.adk, adk::db::order_head, "probe: order head");
    Record customer(ctx.adk, adk::db::customer, "probe: customer");
    Record article(ctx.adk, adk::db::article, "probe: article");
    const int order_number = head.length(adk::ooi_head::customer_order_number);
    const int customer_number = customer.length(adk::customer::number);
    const int article_number = article.length(adk::article::number);
    const std::string seen = "AdkGetLength: ADK_OOI_HEAD_CUSTOMER_ORDER_NUMBER " + std::to_string(order_number) +
                             ", ADK_CUSTOMER_NUMBER " + std::to_string(customer_number) + ", ADK_ARTICLE_NUMBER " +
                             std::to_string(article_number) + " (the emulator holds 20, 16, 16)";
    return order_number == 20 && customer_number == 16 && article_number == 16 ? confirmed(id, seen) : contradicted(id, seen);
}

// guess visma.accounting-codes, docs/guesses.md: config accounting_codes against Visma's
// own VAT per article.
boost::json::object check_accounting_codes(const Context& ctx) {
    const char* id = "visma.accounting-codes";
    const auto& api = ctx.adk.api();
    if (!api.AdkGetVatpercentOnArticle) return not_checked(id, "this ADK has no AdkGetVatpercentOnArticle (older than 4.4)");
    Record rec(ctx.adk, adk::db::article, "probe: articles");
    rec.sort(adk::sort::article_nr);
    std::size_t read = 0;
    std::vector<std::string> wrong;
    for (bool ok = rec.first(false); ok && read < kMaxNames; ok = rec.next(false)) {
        const std::string number = rec.str(adk::article::number);
        const std::string code = rec.str(adk::article::accounting_code);
        double percent = -1;
        if (api.AdkGetVatpercentOnArticle(skarv::text::utf8_to_windows1252(number).c_str(), &percent).lRc != adk::rc::ok) continue;
        ++read;
        const auto rate = ctx.config.rate_of_accounting_code(code);
        if (std::llround(percent * 100) != rate && wrong.size() < 3)
            wrong.push_back("article " + number + ": ACCOUNTING_CODE '" + code + "', Visma's VAT " +
                            std::to_string(std::llround(percent)) + " %, config accounting_codes says " +
                            std::to_string(rate / 100) + " %");
    }
    if (read == 0) return not_checked(id, "no article answered AdkGetVatpercentOnArticle");
    if (!wrong.empty()) {
        std::string seen;
        for (const auto& w : wrong) seen += (seen.empty() ? "" : "; ") + w;
        return contradicted(id, seen);
    }
    return confirmed(id, "AdkGetVatpercentOnArticle on " + plural(read, "article", "articles") +
                             " agrees with config accounting_codes");
}

// guess visma.stock-reservation, docs/guesses.md
boost::json::object check_stock_reservation(const Context& ctx) {
    const char* id = "visma.stock-reservation";
    Record rec(ctx.adk, adk::db::article, "probe: articles");
    rec.sort(adk::sort::article_nr);
    std::size_t read = 0, reserved = 0;
    std::optional<std::string> wrong;
    for (bool ok = rec.first(false); ok && read < kMaxNames; ok = rec.next(false)) {
        if (!rec.flag(adk::article::stock_goods)) continue;
        ++read;
        const double in_stock = rec.dbl(adk::article::quantity_in_stock), held = rec.dbl(adk::article::quantity_reserved),
                     disposable = rec.dbl(adk::article::disposable_in_stock);
        reserved += held != 0;
        if (!wrong && std::fabs(disposable - (in_stock - held)) > 1e-6)
            wrong = "article " + rec.str(adk::article::number) + ": QUANTITY_IN_STOCK " + std::to_string(in_stock) +
                    ", QUANTITY_RESERVED " + std::to_string(held) + ", DISPOSABLE_IN_STOCK " + std::to_string(disposable);
    }
    if (read == 0) return not_checked(id, "no stock article to read");
    if (wrong) return contradicted(id, *wrong + " (Skarv assumes disposable = in stock - reserved)");
    std::string seen = plural(read, "stock article", "stock articles") + ": DISPOSABLE_IN_STOCK = QUANTITY_IN_STOCK - QUANTITY_RESERVED";
    if (reserved == 0) seen += " (none has a reservation: an open order would show whether orders reserve)";
    return confirmed(id, seen);
}

// guesses visma.order-invoice-link and visma.invoice-carries-order-number, docs/guesses.md:
// read an order Visma already invoiced, if the company has one.
std::pair<boost::json::object, boost::json::object> check_invoiced_order(const Context& ctx) {
    const char* link = "visma.order-invoice-link";
    const char* carries = "visma.invoice-carries-order-number";
    Record order(ctx.adk, adk::db::order_head, "probe: orders");
    order.sort(adk::sort::order_nr);
    std::size_t read = 0;
    for (bool ok = order.first(false); ok && read < kMaxWalk; ok = order.next(false)) {
        ++read;
        const double invoice_number = order.dbl(adk::ooi_head::document_connection_number1);
        if (invoice_number == 0) continue;
        const double order_number = order.dbl(adk::ooi_head::document_number);
        const std::string shop_number = order.str(adk::ooi_head::customer_order_number);
        const std::string o = "order " + std::to_string(std::llround(order_number));
        const std::string i = "invoice " + std::to_string(std::llround(invoice_number));
        Record invoice(ctx.adk, adk::db::invoice_head, "probe: " + i);
        invoice.sort(adk::sort::invoice_nr);
        invoice.set_dbl(adk::ooi_head::document_number, invoice_number);
        if (!invoice.find())
            return {contradicted(link, o + " has DOCUMENT_CONNECTION_NUMBER1 " + std::to_string(std::llround(invoice_number)) +
                                           ", but AdkFind finds no such invoice"),
                    not_checked(carries, "no invoice to compare")};
        const double back = invoice.dbl(adk::ooi_head::document_connection_number1);
        auto first = back == order_number
                         ? confirmed(link, o + " -> " + i + " -> order " + std::to_string(std::llround(back)) +
                                               " (DOCUMENT_CONNECTION_NUMBER1 both ways)")
                         : contradicted(link, o + " -> " + i + ", whose DOCUMENT_CONNECTION_NUMBER1 is " +
                                                  std::to_string(std::llround(back)));
        if (shop_number.empty()) return {first, not_checked(carries, o + " has no CUSTOMER_ORDER_NUMBER to compare")};
        const std::string on_invoice = invoice.str(adk::ooi_head::customer_order_number);
        auto second = on_invoice == shop_number
                          ? confirmed(carries, i + " carries CUSTOMER_ORDER_NUMBER '" + on_invoice + "' of " + o)
                          : contradicted(carries, i + " has CUSTOMER_ORDER_NUMBER '" + on_invoice + "', " + o + " has '" +
                                                      shop_number + "' (Skarv falls back to the order link)");
        return {first, second};
    }
    const std::string why = "no invoiced order among the " + plural(read, "order", "orders") +
                            " read; invoice an order in Visma and probe again";
    return {not_checked(link, why), not_checked(carries, why)};
}

template <class F>
boost::json::object guarded_check(const char* id, F&& f) {
    try {
        return f();
    } catch (const skarv::PluginError& e) {
        return not_checked(id, std::string("could not check: ") + e.what());
    }
}

}  // namespace

boost::json::value probe(const Context& ctx) {
    auto session = ctx.open();
    boost::json::array checks;
    Walk all;
    try {
        all = walk_articles(ctx, std::nullopt);
    } catch (const skarv::PluginError&) {
        // Each filter check then says it could not check.
    }
    if (all.refused) all.records.clear();
    checks.push_back(guarded_check("visma.filter-greater-equal", [&] { return check_greater_equal(ctx, all); }));
    checks.push_back(guarded_check("visma.filter-equals", [&] { return check_equals(ctx, all); }));
    checks.push_back(guarded_check("visma.filter-range", [&] { return check_range(ctx, all); }));
    checks.push_back(guarded_check("visma.windows-1252", [&] { return check_windows_1252(ctx); }));
    checks.push_back(guarded_check("visma.field-lengths", [&] { return check_field_lengths(ctx); }));
    checks.push_back(guarded_check("visma.accounting-codes", [&] { return check_accounting_codes(ctx); }));
    checks.push_back(guarded_check("visma.stock-reservation", [&] { return check_stock_reservation(ctx); }));
    try {
        auto [link, carries] = check_invoiced_order(ctx);
        checks.push_back(std::move(link));
        checks.push_back(std::move(carries));
    } catch (const skarv::PluginError& e) {
        checks.push_back(not_checked("visma.order-invoice-link", std::string("could not check: ") + e.what()));
        checks.push_back(not_checked("visma.invoice-carries-order-number", std::string("could not check: ") + e.what()));
    }
    // The rest change the company or need a person at Visma: each says what settles it
    // (docs/guesses.md has the same, longer).
    const std::pair<const char*, const char*> by_hand[] = {
        {"visma.timestamp-change-marker",
         "needs a write: change an order in Visma (deliver it) and see its TIMESTAMP move, to the second"},
        {"visma.vat-codes", "needs a document written: add an order row with VAT_CODE \"2\" and read its VAT (12 %?)"},
        {"visma.rows-without-article", "needs a write: an order row with TEXT and price but no ARTICLE_NUMBER"},
        {"visma.sek-rounding", "needs a write: an order of 100.40 kr and its ROUND_OFF"},
        {"visma.delivered-flag", "needs Visma's own delivery: deliver an order in the program and read ORDER_DELIVERED"},
        {"visma.tracking-field", "a convention with the warehouse: ask where they type the consignment number"},
        {"visma.open2-without-login", "Skarv uses AdkOpen when no user is configured; configure user only with login on"},
        {"visma.customer-vat-number", "needs a write: a Swedish customer with VAT_NUMBER SE...01"},
        {"visma.win32-only", "settled on the Windows machine: dumpbin /headers Adk.dll (machine 14C = 32-bit)"},
        {"visma.company-switch", "Skarv closes the company after each call; nothing depends on it"},
        {"visma.series-start", "nothing in Skarv depends on where Visma's number series start"},
        {"visma.invoice-due-date", "nothing in Skarv depends on DOCUMENT_DATE2 of an invoice"},
        {"visma.date-longs", "Skarv converts every date through the ADK (AdkLongToDate); nothing to check"},
        {"visma.document-totals", "needs a write: an order with freight and a discount row, then GROSS and VAT_AMOUNT"},
        {"visma.order-balance", "Skarv reads paid from the invoice's BALANCE; an order's BALANCE is not read"},
        {"visma.duplicate-key-error", "needs a write: AdkAdd a customer and an article whose number exists"},
        {"visma.order-row-quantity", "needs a write: an order row with QUANTITY1 2, delivered in part, then QUANTITY1..3"},
        {"visma.voucher-add", "needs a write: AdkAdd a balanced VERIFICATION_HEAD with two rows, then find it by INFO"},
    };
    for (const auto& [id, why] : by_hand) checks.push_back(not_checked(id, why));
    return boost::json::object{{"checks", std::move(checks)}};
}

}  // namespace visma
