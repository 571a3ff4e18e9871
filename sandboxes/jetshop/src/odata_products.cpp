#include "odata_products.hpp"

#include <algorithm>
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

}  // namespace

// GUESS: Query 2.0 Products is only known from client code ($expand, per-application
// context, 500 without ApplicationId); the row and Skus shapes below are ours.
HttpReply query_products(Shop& shop, const HttpRequest& req, const std::string& base_url) {
    std::optional<ODataFilter> filter;
    bool expand_skus = false;
    int top = 0, skip = 0;
    try {
        if (const auto f = req.param("$filter"); !f.empty()) filter = ODataFilter::parse(f);
        if (const auto e = req.param("$expand"); !e.empty()) {
            if (!iequals(e, "Skus"))
                throw std::invalid_argument("$expand: Products has no navigation property '" + e + "' (Skus)");
            expand_skus = true;
        }
        top = non_negative(req, "$top", shop.options.query_max_page_size);
        skip = non_negative(req, "$skip", 0);
    } catch (const std::invalid_argument& e) {
        return HttpReply::json(json::object{{"error", json::object{{"code", ""}, {"message", e.what()}}}}, 400);
    }
    const int page = std::clamp(top, 1, shop.options.query_max_page_size);

    std::vector<json::object> rows;
    {
        std::lock_guard lock(shop.mu);
        const std::string app_header = req.header("applicationid");
        char* end = nullptr;
        const long app_id = std::strtol(app_header.c_str(), &end, 10);
        const Application* app = app_header.empty() || *end ? nullptr : shop.catalogue.application(static_cast<int>(app_id));
        // As observed: Products without an application context answers 500.
        if (!app) return failure(500, "Products needs an ApplicationId header naming an application");
        int id = 0;
        for (const auto& [code, p] : shop.catalogue.products) {
            ++id;
            json::object row{{"Id", id},
                             {"Code", code},
                             {"ManufacturerCode", string_field(p.fields, "ManufacturerCode")},
                             {"ManufacturerName", string_field(p.fields, "ManufacturerName")},
                             {"Name", culture_text(p.fields, app->culture, "Name")},
                             {"Description", culture_text(p.fields, app->culture, "Description")},
                             {"Updated", p.updated}};
            if (filter && !filter->matches(row)) continue;
            if (expand_skus) {
                json::array skus;
                for (const auto& pn : p.part_nos) {
                    const auto it = shop.catalogue.skus.find(pn);
                    if (it == shop.catalogue.skus.end()) continue;
                    const Sku& s = it->second;
                    const auto price = sale_price(s, app->price_list_code);
                    const auto* params = find_ci(s.variant_fields, "VariantParametrics");
                    skus.push_back(json::object{
                        {"PartNo", pn},
                        {"Name", culture_text(s.fields, app->culture, "Name")},
                        {"EanCode", string_field(s.fields, "EanCode")},
                        {"StatusId", int_field(s.fields, "Status").value_or(1)},
                        {"VatRate", vat_rate_to_json(vat_bp_for(s, app->sales_area_id))},
                        {"PriceSale", price ? amount_to_json(*price) : json::value(nullptr)},
                        {"Parametrics", params && params->is_array() ? *params : json::value(json::array{})}});
                }
                row["Skus"] = skus;
            }
            rows.push_back(std::move(row));
        }
    }
    std::stable_sort(rows.begin(), rows.end(), [](const json::object& a, const json::object& b) {
        return a.at("Updated").as_string() < b.at("Updated").as_string();
    });
    json::array value;
    const int total = static_cast<int>(rows.size());
    for (int i = skip; i < total && i < skip + page; ++i) value.push_back(std::move(rows[static_cast<size_t>(i)]));
    json::object body{{"@odata.context", base_url + "/commerce/query/2.0/Products/$metadata#Products"}, {"value", value}};
    if (skip + page < total) {
        std::string query;
        for (const auto& [k, v] : req.query) {
            if (k == "$skip" || k == "$top") continue;
            std::string ev;
            Poco::URI::encode(v, "&=+#?", ev);
            query += (query.empty() ? "" : "&") + k + "=" + ev;
        }
        query += std::string(query.empty() ? "" : "&") + "$top=" + std::to_string(page) + "&$skip=" + std::to_string(skip + page);
        body["@odata.nextLink"] = base_url + req.path + "?" + query;
    }
    return HttpReply::json(body);
}

}  // namespace skarv::sandbox::jetshop
