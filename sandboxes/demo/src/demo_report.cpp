// What moved, told from the emulators' own books (their state and typed helpers), not
// from Skarv's reports: those are printed too, but as Skarv's claim, which the books
// either bear out or not. The exit status rests on the books alone.

#include <array>
#include <cmath>
#include <iomanip>
#include <optional>
#include <set>
#include <sstream>

#include <boost/json.hpp>

#include "demo_parts.hpp"
#include "skarv/host/flow/sync_runner.hpp"

namespace skarv::demo {

namespace json = boost::json;

std::string sek(int64_t ore) {
    const bool negative = ore < 0;
    const uint64_t v = static_cast<uint64_t>(negative ? -ore : ore);
    std::string kronor = std::to_string(v / 100);
    for (int i = static_cast<int>(kronor.size()) - 3; i > 0; i -= 3) kronor.insert(static_cast<size_t>(i), " ");
    std::ostringstream s;
    s << (negative ? "-" : "") << kronor << '.' << std::setw(2) << std::setfill('0') << v % 100;
    return s.str();
}

namespace {

// Norce's state holds money as JSON numbers in currency units (10.5, or 12 when whole).
int64_t ore_of(const json::value& v) {
    if (v.is_int64()) return v.get_int64() * 100;
    if (v.is_uint64()) return static_cast<int64_t>(v.get_uint64()) * 100;
    if (v.is_double()) return static_cast<int64_t>(std::llround(v.get_double() * 100.0));
    return 0;
}
int64_t count_of(const json::value& v) {
    if (v.is_int64()) return v.get_int64();
    if (v.is_uint64()) return static_cast<int64_t>(v.get_uint64());
    if (v.is_double()) return static_cast<int64_t>(std::llround(v.get_double()));
    return 0;
}
std::string text_of(const json::value* v) {
    if (!v || v->is_null()) return "";
    return v->is_string() ? std::string(v->get_string()) : json::serialize(*v);
}

// One order as both sides book it.
struct ErpOrder {
    std::string number;   // the ERP's own document number
    int64_t total = 0;    // öre, inc VAT
    std::string did;      // what the demo did to it at the ERP: "delivered", "invoiced"
};

struct Column {
    std::string title;
    int width;
    bool right;
};
void row(std::ostream& out, const std::vector<Column>& cols, const std::vector<std::string>& cells) {
    out << "    ";
    for (size_t i = 0; i < cols.size(); ++i) {
        const auto& c = cols[i];
        out << (c.right ? std::right : std::left) << std::setw(c.width) << (i < cells.size() ? cells[i] : "");
        if (i + 1 < cols.size()) out << "  ";
    }
    out << "\n";
}
void header(std::ostream& out, const std::vector<Column>& cols) {
    std::vector<std::string> titles;
    for (const auto& c : cols) titles.push_back(c.title);
    row(out, cols, titles);
}

std::string flow_words(const std::string& flow) {
    if (flow == "erp") return "the ERP is master: products, prices, price lists and stock ERP -> shop; orders shop -> ERP; status ERP -> shop";
    if (flow == "ecom") return "the shop is master: products and orders shop -> ERP; status ERP -> shop";
    return "products and orders shop -> ERP; price lists, prices, stock and status ERP -> shop";
}

// The orders each ERP holds, by the shop's order id (several when duplicated).
std::map<std::string, std::vector<ErpOrder>> erp_orders(DemoConnection& c, const DemoOptions& options) {
    std::map<std::string, std::vector<ErpOrder>> out;
    if (c.specter) {
        for (const auto& o : c.specter->orders())
            out[o.external_order_no].push_back({o.order_no, o.total_inc_vat, ""});
    } else {
        VismaDesk desk(options.adk_library, c.visma_company);
        // GROSS is the total before Visma rounds a SEK document to whole kronor
        // (öresavrundning): the amount the customer was charged.
        for (const auto& o : desk.orders())
            out[o.shop_order].push_back({"order " + std::to_string(static_cast<int64_t>(o.number)), o.gross, ""});
    }
    for (auto& [id, list] : out)
        if (auto it = c.erp_actions.find(id); it != c.erp_actions.end())
            for (auto& o : list) o.did = it->second;
    return out;
}

// What Norce now says about an order: its status, and the tracking or the capture.
std::string shop_now(const json::object& order) {
    std::string s = text_of(order.if_contains("Status"));
    for (const auto& d : order.at("Deliveries").as_array())
        for (const auto& t : d.at("TrackingNumbers").as_array()) s += ", tracking " + std::string(t.as_string());
    for (const auto& cap : order.at("Captures").as_array()) {
        const auto result = text_of(cap.as_object().if_contains("Result"));
        s += ", " + sek(ore_of(cap.at("Amount"))) + (result == "Captured" ? " captured" : " " + result + " (no capture)");
    }
    return s;
}

void print_skarv_reports(std::ostream& out, const std::string& connection, const std::vector<PassReport>& reports,
                         const std::vector<host::DeadLetter>& letters) {
    out << "  Skarv's own transfer reports\n";
    for (const auto& r : reports) {
        if (r.report.connection != connection) continue;
        out << "    pass " << r.pass << "  " << host::summarize(r.report) << "\n";
        if (r.report.errors_json != "[]") {
            try {
                int shown = 0;
                const json::value parsed = json::parse(r.report.errors_json);
                const json::array empty;
                const auto& errors = parsed.is_array() ? parsed.get_array() : empty;
                for (const auto& e : errors) {
                    if (shown++ == 3) {
                        out << "            ! ... and " << errors.size() - 3 << " more\n";
                        break;
                    }
                    const auto* m = e.is_object() ? e.as_object().if_contains("message") : nullptr;
                    out << "            ! " << (m ? text_of(m) : json::serialize(e)) << "\n";
                }
            } catch (const std::exception&) {
                out << "            ! " << r.report.errors_json << "\n";
            }
        }
    }
    int n = 0;
    for (const auto& l : letters) {
        if (l.connection != connection) continue;
        if (n == 0) out << "  Dead letters (parked for a person to fix and replay)\n";
        if (n++ < 3) out << "    " << l.entity << " " << l.record_key << ": " << l.error << "\n";
    }
    if (n > 3) out << "    ... and " << n - 3 << " more of the same kind\n";
    if (n == 0) out << "    dead letters: none\n";
}

// Orders: every order the shop released is in the ERP once, with the same total.
void report_orders(std::ostream& out, DemoConnection& c, const DemoOptions& options, const json::object& shop_orders,
                   std::vector<std::string>& problems) {
    auto erp = erp_orders(c, options);
    int64_t shop_sum = 0, erp_sum = 0, erp_count = 0;
    for (const auto& [id, total] : c.released) shop_sum += total;
    for (const auto& [id, list] : erp)
        for (const auto& o : list) {
            erp_sum += o.total;
            ++erp_count;
        }
    out << "  Orders, shop -> " << c.erp_name << "\n";
    const std::vector<Column> cols{{"order", 8, false}, {"Norce SEK", 10, true}, {c.erp_name + " no", 12, false},
                                   {c.erp_name + " SEK", 11, true}, {"at " + c.erp_name, 10, false},
                                   {"back in Norce", 0, false}};
    header(out, cols);
    for (const auto& [id, total] : c.released) {
        auto it = erp.find(id);
        std::string no = "MISSING", erp_total, did;
        if (it != erp.end()) {
            no = it->second.front().number + (it->second.size() > 1 ? " (x" + std::to_string(it->second.size()) + "!)" : "");
            erp_total = sek(it->second.front().total);
            did = it->second.front().did;
            if (it->second.size() > 1) problems.push_back(c.name + ": order " + id + " is in " + c.erp_name + " " +
                                                          std::to_string(it->second.size()) + " times");
            if (it->second.front().total != total)
                problems.push_back(c.name + ": order " + id + " totals differ: Norce " + sek(total) + ", " + c.erp_name +
                                   " " + sek(it->second.front().total));
        } else {
            problems.push_back(c.name + ": order " + id + " was released in Norce but is not in " + c.erp_name);
        }
        const auto* o = shop_orders.if_contains(id);
        row(out, cols, {id, sek(total), no, erp_total, did, o ? shop_now(o->as_object()) : ""});
    }
    for (const auto& [id, list] : erp)
        if (!c.released.count(id))
            problems.push_back(c.name + ": " + c.erp_name + " holds order '" + id + "' that Norce never released");
    const std::vector<Column> sums{{"", 26, false}, {"count", 5, true}, {"total SEK", 12, true}};
    row(out, sums, {"released in Norce", std::to_string(c.released.size()), sek(shop_sum)});
    row(out, sums, {"now in " + c.erp_name, std::to_string(erp_count), sek(erp_sum)});
    if (shop_sum != erp_sum)
        problems.push_back(c.name + ": totals differ: Norce " + sek(shop_sum) + " SEK, " + c.erp_name + " " + sek(erp_sum) +
                           " SEK");
    if (!c.visma_company.empty()) {
        VismaDesk desk(options.adk_library, c.visma_company);
        int64_t rounded = 0;
        for (const auto& o : desk.orders()) rounded += o.total;
        out << "    (Visma rounds each SEK document to whole kronor: " << sek(rounded)
            << " SEK after öresavrundning; the table shows the exact amounts)\n";
    }
}

// Status back in the shop: deliveries with tracking, invoices with captured payments.
void report_status(std::ostream& out, DemoConnection& c, const DemoOptions& options, const json::object& shop_orders) {
    int erp_delivered = 0, erp_invoiced = 0;
    if (c.specter) {
        erp_delivered = static_cast<int>(c.specter->deliveries().size());
        erp_invoiced = static_cast<int>(c.specter->invoices().size());
    } else {
        VismaDesk desk(options.adk_library, c.visma_company);
        for (const auto& o : desk.orders()) erp_delivered += o.delivered ? 1 : 0;
        erp_invoiced = desk.invoices();
    }
    int deliveries = 0, tracked = 0, invoices = 0, captured = 0, suppressed = 0;
    int64_t captured_sum = 0, invoiced_sum = 0;
    for (const auto& [id, total] : c.released) {
        const auto* v = shop_orders.if_contains(id);
        if (!v) continue;
        const auto& o = v->as_object();
        for (const auto& d : o.at("Deliveries").as_array()) {
            ++deliveries;
            if (!d.at("TrackingNumbers").as_array().empty()) ++tracked;
        }
        for (const auto& i : o.at("Invoices").as_array()) {
            ++invoices;
            invoiced_sum += ore_of(i.at("TotalAmount"));
        }
        for (const auto& cap : o.at("Captures").as_array()) {
            const auto result = text_of(cap.as_object().if_contains("Result"));
            if (result == "Captured") {
                ++captured;
                captured_sum += ore_of(cap.at("Amount"));
            } else if (result == "Suppressed") {
                ++suppressed;
            }
        }
    }
    out << "  Status, " << c.erp_name << " -> shop\n";
    const std::vector<Column> cols{{"", 34, false}, {"in " + c.erp_name, 10, true}, {"in Norce", 8, true}, {"", 0, false}};
    header(out, cols);
    row(out, cols, {"deliveries (with tracking number)", std::to_string(erp_delivered),
                    std::to_string(deliveries), "(" + std::to_string(tracked) + " with tracking)"});
    row(out, cols, {"invoices", std::to_string(erp_invoiced), std::to_string(invoices), sek(invoiced_sum) + " SEK"});
    row(out, cols, {"payments captured at the PSP", "", std::to_string(captured), sek(captured_sum) + " SEK"});
    // Specter's order feed has no amounts and no payment reference: its connector
    // captures with what it remembered from the order it wrote, which only a pushed
    // order brings (Norce's Query gives no PSP reference).
    if (suppressed)
        out << "    not yet: " << suppressed << " invoice(s) in Norce without a PSP capture: orders Norce never pushed "
            << "(already Confirmed at start) carry no payment reference for " << c.erp_name << " to capture with\n";
}

// The catalogue in the target system, and whether it agrees with the source.
void report_catalogue(std::ostream& out, DemoConnection& c, const DemoOptions& options, const json::object& state,
                      std::vector<std::string>& problems) {
    const auto& skus = state.at("skus").as_object();
    const auto& products = state.at("products").as_object();
    auto norce_price = [&](const std::string& sku, const std::string& list = "PL-SE") -> std::optional<int64_t> {
        const auto* s = skus.if_contains(sku);
        if (!s) return std::nullopt;
        const auto* p = s->as_object().at("Prices").as_object().if_contains(list);
        if (!p || !p->as_object().if_contains("PriceSale")) return std::nullopt;
        return ore_of(p->as_object().at("PriceSale"));
    };
    auto norce_stock = [&](const std::string& sku, const std::string& warehouse) -> std::optional<int64_t> {
        const auto* s = skus.if_contains(sku);
        if (!s) return std::nullopt;
        const auto* w = s->as_object().at("StockByWarehouse").as_object().if_contains(warehouse);
        if (!w) return std::nullopt;
        return count_of(*w);
    };
    const std::vector<Column> cols{{"", 48, false}, {"agree", 5, true}, {"of", 5, true}};
    const bool erp_is_target = c.flow == "ecom" || c.flow == "combo";
    const bool shop_is_target = c.flow == "erp" || c.flow == "combo";
    out << "  Catalogue\n";
    if (shop_is_target) {
        // Norce's import jobs are its own record of what it was sent.
        std::map<std::string, std::array<int64_t, 3>> jobs;   // type -> jobs, items, failed
        for (const auto& [id, j] : state.at("jobs").as_object()) {
            auto& t = jobs[text_of(j.as_object().if_contains("Type"))];
            t[0] += 1;
            t[1] += count_of(j.at("Totals"));
            t[2] += count_of(j.at("Fail"));
        }
        out << "    Norce import jobs (what " << c.erp_name << "'s data arrived as):";
        if (jobs.empty()) out << " none";
        out << "\n";
        for (const auto& [type, t] : jobs)
            out << "      " << std::left << std::setw(22) << type << std::right << std::setw(3) << t[0] << " job(s) "
                << std::setw(5) << t[1] << " item(s) " << std::setw(3) << t[2] << " failed\n";
    }
    header(out, cols);
    if (c.specter) {
        const auto articles = c.specter->articles();
        int variants = 0, mains = 0;
        for (const auto& a : articles) (a.keeps_stock ? variants : mains) += 1;
        if (erp_is_target) {
            int found = 0;
            for (const auto& [code, p] : products) found += c.specter->article(code) ? 1 : 0;
            row(out, cols, {"Norce products that are Specter articles", std::to_string(found), std::to_string(products.size())});
            int skus_found = 0;
            for (const auto& [sku, s] : skus) skus_found += c.specter->article(sku) ? 1 : 0;
            row(out, cols, {"Norce SKUs that are Specter (variant) articles", std::to_string(skus_found),
                            std::to_string(skus.size())});
        }
        int prices = 0, priced = 0, levels = 0, level_ok = 0;
        for (const auto& a : articles) {
            if (!a.keeps_stock) continue;
            ++priced;
            if (norce_price(a.article_no) == a.price_ex_vat) ++prices;
            for (const auto& [site, qty] : a.on_hand) {
                (void)qty;
                ++levels;
                if (norce_stock(a.article_no, site) == a.available(site)) ++level_ok;
            }
        }
        row(out, cols, {"prices ex VAT: Norce PL-SE = Specter", std::to_string(prices), std::to_string(priced)});
        if (shop_is_target) {
            // Specter's price lists (the seed's reseller list) land in Norce as lists of
            // the same code; every list price must be there to the öre.
            int list_prices = 0, list_ok = 0;
            for (const auto& list : c.specter->price_lists())
                for (const auto& [sku, price] : list.prices) {
                    ++list_prices;
                    const auto in_norce = norce_price(sku, list.price_list_id);
                    if (in_norce == price) ++list_ok;
                    else
                        problems.push_back(c.name + ": price list " + list.price_list_id + ", " + sku + ": Specter " +
                                           sek(price) + " SEK, Norce " + (in_norce ? sek(*in_norce) + " SEK" : "none"));
                }
            row(out, cols, {"price-list prices: Norce = Specter's lists", std::to_string(list_ok), std::to_string(list_prices)});
            if (list_prices == 0) problems.push_back(c.name + ": Specter holds no price-list prices to compare");
            row(out, cols, {"stock per warehouse: Norce = Specter available", std::to_string(level_ok), std::to_string(levels)});
        }
        out << "    (" << mains << " main articles and " << variants << " variant articles in Specter)\n";
    } else {
        VismaDesk desk(options.adk_library, c.visma_company);
        const auto articles = desk.articles();
        std::set<std::string> numbers;
        for (const auto& a : articles) numbers.insert(a.number);
        int skus_found = 0;
        for (const auto& [sku, s] : skus) skus_found += numbers.count(sku) ? 1 : 0;
        row(out, cols, {"Norce SKUs that are Visma articles", std::to_string(skus_found), std::to_string(skus.size())});
        int prices = 0, levels = 0;
        for (const auto& a : articles) {
            if (norce_price(a.number) == a.price) ++prices;
            if (norce_stock(a.number, "LAGER1") == a.disposable) ++levels;
        }
        row(out, cols, {"prices ex VAT: Norce PL-SE = Visma base list", std::to_string(prices), std::to_string(articles.size())});
        row(out, cols, {"stock: Norce LAGER1 = Visma disposable", std::to_string(levels), std::to_string(articles.size())});
    }
}

}  // namespace

std::vector<std::string> report_connection(std::ostream& out, DemoConnection& c, const DemoOptions& options,
                                           const std::vector<PassReport>& reports,
                                           const std::vector<host::DeadLetter>& dead_letters) {
    std::vector<std::string> problems;
    out << "\n== " << c.name << ": Norce -> " << c.erp_name << " (flow " << c.flow << ") ==\n"
        << "  " << flow_words(c.flow) << "\n";
    const auto state = c.shop->state().as_object();
    const auto& shop_orders = state.at("orders").as_object();
    report_orders(out, c, options, shop_orders, problems);
    report_status(out, c, options, shop_orders);
    report_catalogue(out, c, options, state, problems);
    for (const auto& n : c.notes) out << "  not yet: " << n << "\n";
    print_skarv_reports(out, c.name, reports, dead_letters);
    return problems;
}

}  // namespace skarv::demo
