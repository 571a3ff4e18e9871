#include "odata_products.hpp"

#include <algorithm>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <vector>

#include <Poco/URI.h>

#include "catalogue_store.hpp"
#include "odata_filter.hpp"
#include "wire_format.hpp"

namespace skarv::sandbox::jetshop {

namespace json = boost::json;

namespace {

std::string culture_text(const json::object& fields, const std::string& culture, const char* key) {
    const auto* cultures = find_ci(fields, "Cultures");
    if (!cultures || !cultures->is_array()) return "";
    std::string first;
    for (const auto& c : cultures->get_array()) {
        if (!c.is_object()) continue;
        const std::string v = string_field(c.get_object(), key);
        if (first.empty()) first = v;
        if (iequals(string_field(c.get_object(), "CultureCode"), culture)) return v;
    }
    return first;
}

int non_negative(const HttpRequest& req, const char* name, int fallback) {
    const std::string v = req.param(name);
    if (v.empty()) return fallback;
    char* end = nullptr;
    const long n = std::strtol(v.c_str(), &end, 10);
    if (*end || n < 0) throw std::invalid_argument(std::string(name) + " must be a non-negative integer");
    return static_cast<int>(n);
}

std::vector<std::string> split_list(const std::string& s, char sep = ',') {
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

// $select keeps the named properties; an unknown one is a 400, as OData answers.
json::object project(const json::object& row, const std::vector<std::string>& select, const char* set) {
    if (select.empty()) return row;
    json::object out;
    for (const auto& name : select) {
        bool found = false;
        for (const auto& kv : row)
            if (iequals(kv.key(), name)) {
                out[kv.key()] = kv.value();
                found = true;
            }
        if (!found) throw std::invalid_argument(std::string("$select: ") + set + " has no property '" + name + "'");
    }
    return out;
}

struct Page {
    std::optional<ODataFilter> filter;
    std::vector<std::string> select;
    int top = 0, skip = 0;
};

Page page_options(const Shop& shop, const HttpRequest& req) {
    Page p;
    if (const auto f = req.param("$filter"); !f.empty()) p.filter = ODataFilter::parse(f);
    p.select = split_list(req.param("$select"));
    p.top = std::clamp(non_negative(req, "$top", shop.options.query_max_page_size), 1, shop.options.query_max_page_size);
    p.skip = non_negative(req, "$skip", 0);
    return p;
}

// "Tenant-wide queries (Products/*, …) still need an applicationId CONTEXT header on this tenant:
// without one, Products/Products 500s on every request" (takk-signs norce_sync.py).
const Application* context_application(const Shop& shop, const HttpRequest& req) {
    std::string header = req.header("applicationid");
    if (header.empty()) header = req.header("application-id");
    char* end = nullptr;
    const long id = std::strtol(header.c_str(), &end, 10);
    return header.empty() || *end ? nullptr : shop.catalogue.application(static_cast<int>(id));
}

HttpReply odata_page(std::vector<json::object> rows, const Page& p, const HttpRequest& req,
                     const std::string& base_url, const char* set) {
    json::array value;
    const int total = static_cast<int>(rows.size());
    for (int i = p.skip; i < total && i < p.skip + p.top; ++i) value.push_back(std::move(rows[static_cast<size_t>(i)]));
    json::object body{{"@odata.context", base_url + "/commerce/query/2.0/Products/$metadata#" + set}, {"value", value}};
    if (p.skip + p.top < total) {
        std::string query;
        for (const auto& [k, v] : req.query) {
            if (k == "$skip" || k == "$top") continue;
            std::string ev;
            Poco::URI::encode(v, "&=+#?", ev);
            query += (query.empty() ? "" : "&") + k + "=" + ev;
        }
        query += std::string(query.empty() ? "" : "&") + "$top=" + std::to_string(p.top) + "&$skip=" +
                 std::to_string(p.skip + p.top);
        body["@odata.nextLink"] = base_url + req.path + "?" + query;
    }
    return HttpReply::json(body);
}

HttpReply odata_error(const std::string& message) {
    return HttpReply::json(json::object{{"error", json::object{{"code", ""}, {"message", message}}}}, 400);
}

// Query ids are numbers Norce assigns; here they are positions in the catalogue's sorted maps,
// stable while nothing is inserted before them, which is what a test needs.
int variant_id(const Catalogue& cat, const std::string& product_code) {
    return static_cast<int>(std::distance(cat.products.begin(), cat.products.find(product_code))) + 1;
}
int product_id(const Catalogue& cat, const std::string& part_no) {
    return static_cast<int>(std::distance(cat.skus.begin(), cat.skus.find(part_no))) + 1;
}

}  // namespace

HttpReply query_products(Shop& shop, const HttpRequest& req, const std::string& base_url) {
    Page p;
    std::vector<std::string> sku_select;
    bool expand_skus = false;
    std::vector<json::object> rows;
    try {
        p = page_options(shop, req);
        for (const auto& part : split_list(req.param("$expand"))) {
            const auto paren = part.find('(');
            if (!iequals(part.substr(0, paren), "Skus"))
                throw std::invalid_argument("$expand: this emulator expands only Skus on Products, not '" + part + "'");
            expand_skus = true;
            if (paren != std::string::npos) {
                const std::string inner = part.substr(paren + 1, part.rfind(')') - paren - 1);
                for (const auto& opt : split_list(inner, ';')) {
                    const auto eq = opt.find('=');
                    if (eq == std::string::npos || !iequals(opt.substr(0, eq), "$select"))
                        throw std::invalid_argument("$expand: only nested $select is supported, got '" + opt + "'");
                    sku_select = split_list(opt.substr(eq + 1));
                }
            }
        }
        std::lock_guard lock(shop.mu);
        const Application* app = context_application(shop, req);
        if (!app) return failure(500, "Products needs an ApplicationId header naming an application");
        const auto& cat = shop.catalogue;
        for (const auto& [part_no, sku] : cat.skus) {
            const auto product = cat.products.find(sku.product_code);
            if (product == cat.products.end()) continue;
            const int id = product_id(cat, part_no);
            // The variant-grain name is the variant's own ("2-4 Y"); the parent's is on Variants.
            std::string name = culture_text(sku.variant_fields, app->culture, "Name");
            if (name.empty()) name = culture_text(sku.fields, app->culture, "Name");
            if (name.empty()) name = culture_text(product->second.fields, app->culture, "Name");
            json::object row{{"Id", id},
                             {"ManufacturerId", nullptr},
                             {"DefaultName", name},
                             {"IsActive", int_field(sku.fields, "Status").value_or(1) == 1},
                             {"VariantId", variant_id(cat, sku.product_code)},
                             {"Created", product->second.updated},
                             {"Updated", product->second.updated}};
            if (p.filter && !p.filter->matches(row)) continue;
            if (expand_skus) {
                json::object sku_row{{"PartNo", part_no}, {"ProductId", id}, {"EanCode", string_field(sku.fields, "EanCode")}};
                // guess norce.query-sku-vat, docs/guesses.md
                if (!shop.options.contradict_guesses)
                    sku_row["VatRate"] = vat_rate_to_json(vat_bp_for(sku, app->sales_area_id));
                row["Skus"] = json::array{project(sku_row, sku_select, "Skus")};
            }
            std::vector<std::string> keep = p.select;
            if (!keep.empty() && expand_skus) keep.push_back("Skus");
            rows.push_back(project(row, keep, "Products"));
        }
    } catch (const std::invalid_argument& e) {
        return odata_error(e.what());
    }
    return odata_page(std::move(rows), p, req, base_url, "Products");
}

// Query ids of price lists: positions in the catalogue's sorted map, as for products.
int price_list_id(const Catalogue& cat, const std::string& code) {
    return static_cast<int>(std::distance(cat.price_lists.begin(), cat.price_lists.find(code))) + 1;
}

// Application/ApplicationPriceLists: which lists each application uses and which is its
// primary one (takk-signs selects ApplicationId,PriceListId with $filter=IsPrimary eq true).
HttpReply query_application_price_lists(Shop& shop, const HttpRequest& req, const std::string& base_url) {
    Page p;
    std::vector<json::object> rows;
    try {
        p = page_options(shop, req);
        std::lock_guard lock(shop.mu);
        const auto& cat = shop.catalogue;
        for (const auto& app : cat.applications)
            for (const auto& [code, pl] : cat.price_lists) {
                if (std::find(pl.application_ids.begin(), pl.application_ids.end(), app.id) == pl.application_ids.end())
                    continue;
                json::object row{{"ApplicationId", app.id},
                                 {"PriceListId", price_list_id(cat, code)},
                                 {"IsPrimary", code == app.price_list_code}};
                if (p.filter && !p.filter->matches(row)) continue;
                rows.push_back(project(row, p.select, "ApplicationPriceLists"));
            }
    } catch (const std::invalid_argument& e) {
        return odata_error(e.what());
    }
    return odata_page(std::move(rows), p, req, base_url, "ApplicationPriceLists");
}

// Products/ProductSkuPriceLists: one row per SKU and price list (takk-signs selects
// PartNo,PriceListId,CurrencyId,CostUnit,CostUnitLastUpdated).
HttpReply query_sku_price_lists(Shop& shop, const HttpRequest& req, const std::string& base_url) {
    Page p;
    std::vector<json::object> rows;
    try {
        p = page_options(shop, req);
        std::lock_guard lock(shop.mu);
        const auto& cat = shop.catalogue;
        for (const auto& [part_no, sku] : cat.skus)
            for (const auto& [code, price] : sku.prices) {
                if (!cat.price_lists.contains(code)) continue;
                json::object row{{"PartNo", part_no}, {"PriceListId", price_list_id(cat, code)}};
                for (const auto& [name, amount] : price.amounts) row[name] = amount_to_json(amount);
                // guess norce.query-sku-price, docs/guesses.md
                if (shop.options.contradict_guesses) row.erase("PriceSale");
                const auto active = bool_field(price.fields, "IsActive");
                row["IsActive"] = !active || *active;
                if (p.filter && !p.filter->matches(row)) continue;
                rows.push_back(project(row, p.select, "ProductSkuPriceLists"));
            }
    } catch (const std::invalid_argument& e) {
        return odata_error(e.what());
    }
    return odata_page(std::move(rows), p, req, base_url, "ProductSkuPriceLists");
}

HttpReply query_variants(Shop& shop, const HttpRequest& req, const std::string& base_url) {
    Page p;
    std::vector<json::object> rows;
    try {
        p = page_options(shop, req);
        std::lock_guard lock(shop.mu);
        const Application* app = context_application(shop, req);
        if (!app) return failure(500, "Variants needs an ApplicationId header naming an application");
        for (const auto& [code, product] : shop.catalogue.products) {
            json::object row{{"Id", variant_id(shop.catalogue, code)},
                             {"DefaultName", culture_text(product.fields, app->culture, "Name")},
                             {"Updated", product.updated}};
            // guess norce.query-variant-code, docs/guesses.md
            if (!shop.options.contradict_guesses) row["Code"] = code;
            if (p.filter && !p.filter->matches(row)) continue;
            rows.push_back(project(row, p.select, "Variants"));
        }
    } catch (const std::invalid_argument& e) {
        return odata_error(e.what());
    }
    return odata_page(std::move(rows), p, req, base_url, "Variants");
}

}  // namespace skarv::sandbox::jetshop
