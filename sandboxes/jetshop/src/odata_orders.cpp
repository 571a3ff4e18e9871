#include "odata_orders.hpp"

#include <algorithm>
#include <stdexcept>
#include <vector>

#include <Poco/URI.h>

#include "odata_filter.hpp"
#include "order_book.hpp"
#include "wire_format.hpp"

namespace skarv::sandbox::jetshop {

namespace json = boost::json;

namespace {

struct Expansion {
    std::string name;                   // canonical: Items, Buyer, Payer, ShipTo
    std::vector<std::string> select;    // nested $select; empty = all
};

std::vector<std::string> split_top_level(const std::string& s, char sep = ',') {
    std::vector<std::string> out;
    int depth = 0;
    std::string cur;
    for (char c : s) {
        if (c == '(') ++depth;
        if (c == ')') --depth;
        if (c == sep && depth == 0) {
            out.push_back(cur);
            cur.clear();
            continue;
        }
        cur += c;
    }
    if (!cur.empty()) out.push_back(cur);
    for (auto& p : out) {
        p.erase(0, p.find_first_not_of(' '));
        p.erase(p.find_last_not_of(' ') + 1);
    }
    return out;
}

std::vector<Expansion> parse_expand(const std::string& text) {
    static const char* kNav[] = {"Items", "Buyer", "Payer", "ShipTo"};
    std::vector<Expansion> out;
    for (const auto& part : split_top_level(text)) {
        Expansion e;
        const auto paren = part.find('(');
        const std::string name = part.substr(0, paren);
        for (const char* nav : kNav)
            if (iequals(nav, name)) e.name = nav;
        if (e.name.empty())
            throw std::invalid_argument("$expand: Orders has no navigation property '" + name +
                                        "' (Items, Buyer, Payer, ShipTo)");
        if (paren != std::string::npos) {
            const std::string inner = part.substr(paren + 1, part.rfind(')') - paren - 1);
            // Nested options are separated by ';' (OData), so "$select=a,b" stays whole.
            for (const auto& opt : split_top_level(inner, ';')) {
                const auto eq = opt.find('=');
                if (eq == std::string::npos || !iequals(opt.substr(0, eq), "$select"))
                    throw std::invalid_argument("$expand: only nested $select is supported, got '" + opt + "'");
                e.select = split_top_level(opt.substr(eq + 1));
            }
        }
        out.push_back(std::move(e));
    }
    return out;
}

json::object project(const json::object& o, const std::vector<std::string>& select) {
    if (select.empty()) return o;
    json::object out;
    for (const auto& s : select)
        for (const auto& kv : o)
            if (iequals(kv.key(), s)) out[kv.key()] = kv.value();
    return out;
}

int int_param(const HttpRequest& req, const char* name, int fallback) {
    const std::string v = req.param(name);
    if (v.empty()) return fallback;
    char* end = nullptr;
    const long n = std::strtol(v.c_str(), &end, 10);
    if (*end || n < 0) throw std::invalid_argument(std::string(name) + " must be a non-negative integer");
    return static_cast<int>(n);
}

}  // namespace

HttpReply query_orders(Shop& shop, const HttpRequest& req, const std::string& base_url) {
    std::vector<Expansion> expand;
    std::optional<ODataFilter> filter;
    std::vector<std::string> select;
    std::string order_key = "Id";
    bool descending = false;
    int top = 0, skip = 0;
    try {
        if (const auto f = req.param("$filter"); !f.empty()) filter = ODataFilter::parse(f);
        expand = parse_expand(req.param("$expand"));
        select = split_top_level(req.param("$select"));
        if (const auto ob = req.param("$orderby"); !ob.empty()) {
            const auto sp = ob.find(' ');
            order_key = ob.substr(0, sp);
            descending = sp != std::string::npos && iequals(ob.substr(sp + 1), "desc");
        }
        top = int_param(req, "$top", shop.options.query_max_page_size);
        skip = int_param(req, "$skip", 0);
    } catch (const std::invalid_argument& e) {
        return wire_json(json::object{{"error", json::object{{"code", ""}, {"message", e.what()}}}}, 400);
    }
    // guess norce.query-paging, docs/guesses.md
    // Norce treats $top as the page size, clamped to 500, and pages on with nextLink.
    const int page = std::clamp(top, 1, shop.options.query_max_page_size);

    std::vector<json::object> rows;
    {
        std::lock_guard lock(shop.mu);
        for (const auto& [ref, o] : shop.orders) {
            json::object row = query_order(shop, o);
            if (filter && !filter->matches(row)) continue;
            for (const auto& e : expand) {
                if (e.name == "Items") {
                    json::array items;
                    for (const auto& it : query_items(o)) items.push_back(project(it.get_object(), e.select));
                    row["Items"] = items;
                } else {
                    row[e.name] = project(query_party(e.name == "ShipTo" ? o.ship_to : o.buyer), e.select);
                }
            }
            rows.push_back(std::move(row));
        }
    }
    std::stable_sort(rows.begin(), rows.end(), [&](const json::object& a, const json::object& b) {
        const auto* x = find_ci(a, order_key);
        const auto* y = find_ci(b, order_key);
        if (!x || !y) return false;
        bool less = false;
        if (x->is_number() && y->is_number()) less = x->to_number<double>() < y->to_number<double>();
        else if (x->is_string() && y->is_string()) less = x->get_string() < y->get_string();
        return descending ? !less && *x != *y : less;
    });

    json::array value;
    const int total = static_cast<int>(rows.size());
    for (int i = skip; i < total && i < skip + page; ++i) {
        json::object row = std::move(rows[static_cast<size_t>(i)]);
        if (!select.empty()) {
            std::vector<std::string> keep = select;
            for (const auto& e : expand) keep.push_back(e.name);
            row = project(row, keep);
        }
        value.push_back(std::move(row));
    }
    json::object body{{"@odata.context", base_url + req.path.substr(0, req.path.rfind('/')) + "/$metadata#Orders"},
                      {"value", value}};
    if (iequals(req.param("$count"), "true")) body["@odata.count"] = total;
    if (skip + page < total) {
        std::string query;
        for (const auto& [k, v] : req.query) {
            if (k == "$skip" || k == "$top") continue;
            // "$filter" stays readable; only the values need escaping.
            std::string ek, ev;
            if (!k.empty() && k[0] == '$') ek = k;
            else Poco::URI::encode(k, "", ek);
            Poco::URI::encode(v, "&=+#?", ev);
            query += (query.empty() ? "" : "&") + ek + "=" + ev;
        }
        query += std::string(query.empty() ? "" : "&") + "$top=" + std::to_string(page) +
                 "&$skip=" + std::to_string(skip + page);
        body["@odata.nextLink"] = base_url + req.path + "?" + query;
    }
    return wire_json(body);
}

}  // namespace skarv::sandbox::jetshop
