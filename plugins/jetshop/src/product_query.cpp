#include "product_query.hpp"

#include <set>

#include <skarv/records.hpp>

#include "order_query.hpp"
#include "wire_amounts.hpp"
#include "wire_fields.hpp"

namespace jetshop {

namespace json = boost::json;

namespace {

std::map<std::string, std::string> parametrics(const json::object& o) {
    std::map<std::string, std::string> out;
    if (const auto* ps = array_at(o, "Parametrics"))
        for (const auto& p : *ps)
            if (p.is_object()) {
                auto code = text(p.get_object(), "Code");
                if (code.empty()) code = text(p.get_object(), "Name");
                if (!code.empty()) out[code] = text(p.get_object(), "Value");
            }
    return out;
}

// Norce's SKU status 1 is Active; Coming, Expiring, Hidden, Inactive and NotActivated
// are not for sale.
bool active_status(const json::object& o) {
    const auto s = integer(o, "StatusId");
    return !s || *s == 1;
}

skarv::model::Product product_from_row(const json::object& row, const Application& app) {
    skarv::model::Product p;
    p.article_number = text(row, "Code");
    if (p.article_number.empty()) throw skarv::RecordError("Products[?]", "a product without Code");
    const std::string path = "product " + p.article_number;
    p.name = text(row, "Name");
    p.description = text(row, "Description");
    p.attributes = parametrics(row);
    if (auto m = text(row, "ManufacturerName"); !m.empty()) p.attributes["Tillverkare"] = m;
    std::optional<skarv::model::VatRateBp> rate;
    bool any_active = false;
    if (const auto* skus = array_at(row, "Skus"))
        for (std::size_t i = 0; i < skus->size(); ++i) {
            if (!(*skus)[i].is_object()) continue;
            const auto& s = (*skus)[i].get_object();
            skarv::model::Variant v;
            v.sku = text(s, "PartNo");
            if (v.sku.empty()) throw skarv::RecordError(path + ".Skus[" + std::to_string(i) + "].PartNo", "required");
            v.name = text(s, "Name");
            v.attributes = parametrics(s);
            if (auto ean = text(s, "EanCode"); !ean.empty()) v.ean = ean;
            if (const auto* price = field(s, "PriceSale"); price && !price->is_null()) {
                auto a = amount4_from_json(*price);
                if (!a) throw skarv::RecordError(path + ".Skus[" + std::to_string(i) + "].PriceSale", "not an amount");
                v.price_ex_vat = money_from_amount4(*a, app.currency);
            }
            if (const auto* vr = field(s, "VatRate"); vr && !rate) rate = vat_bp_from_json(*vr);
            v.active = active_status(s);
            any_active = any_active || v.active;
            p.variants.push_back(std::move(v));
        }
    if (rate) p.vat_rate_bp = *rate;
    p.active = p.variants.empty() || any_active;
    // A product whose only SKU is the article itself has no variants of its own.
    if (p.variants.size() == 1 && p.variants[0].sku == p.article_number && p.variants[0].attributes.empty()) {
        p.price_ex_vat = p.variants[0].price_ex_vat;
        p.variants.clear();
    }
    return p;
}

}  // namespace

json::object read_products(const json::object& request, NorceClient& client, skarv::HostServices host) {
    const Config& config = client.config();
    skarv::JsonReader r(request, "request");
    const bool initial = r.boolean_or("initial", false);
    const int64_t limit = r.integer_in("limit", 100, 1, 100000);
    const Application* app = nullptr;
    if (r.has("channel")) app = config.by_channel(static_cast<int>(r.integer("channel")));
    if (!app) app = &config.primary();

    std::string since;
    std::set<std::string> seen;
    if (!initial && r.has("cursor") && r.value("cursor").is_object()) {
        auto c = r.child("cursor");
        since = c.string_or("since", "");
        if (c.has("ids") && c.value("ids").is_array())
            for (const auto& id : c.value("ids").get_array())
                if (id.is_string()) seen.insert(std::string(id.get_string()));
    }
    const int64_t page = std::min<int64_t>(config.query_page_size, limit);
    std::string path = std::string(kQuery) + "/Products/Products?$expand=Skus&$orderby=Updated&$top=" + std::to_string(page);
    if (!since.empty()) path += "&$filter=" + query_value("Updated ge " + since);
    // Query answers products in one application's context (cultures, prices).
    const std::map<std::string, std::string> headers{{"ApplicationId", std::to_string(app->application_id)}};

    json::array records;
    std::string cursor_since = since;
    std::set<std::string> cursor_ids = seen;
    bool more = false;
    while (!path.empty()) {
        if (host.cancelled()) { more = true; break; }
        auto answer = client.json("GET", path, "", headers, "products page");
        const auto* value = answer.is_object() ? array_at(answer.get_object(), "value") : nullptr;
        if (!value)
            throw skarv::PluginError::invalid("malformed_answer",
                                              "GET " + std::string(kQuery) + "/Products/Products: the answer has no 'value' list");
        for (const auto& row_v : *value) {
            if (!row_v.is_object()) continue;
            const auto& row = row_v.get_object();
            const std::string updated = text(row, "Updated");
            const std::string code = text(row, "Code");
            if (!since.empty() && updated == since && seen.contains(code)) continue;
            records.push_back(json::value_from(product_from_row(row, *app)));
            if (updated != cursor_since) {
                cursor_since = updated;
                cursor_ids.clear();
            }
            cursor_ids.insert(code);
        }
        const auto* next = field(answer.get_object(), "@odata.nextLink");
        path = next && next->is_string() ? client.relative(std::string(next->get_string())) : "";
        if (!path.empty() && static_cast<int64_t>(records.size()) >= limit) {
            more = true;
            break;
        }
    }
    json::array ids;
    for (const auto& id : cursor_ids) ids.push_back(json::value(id));
    json::value cursor = cursor_since.empty() ? json::value(nullptr)
                                              : json::value(json::object{{"since", cursor_since}, {"ids", ids}});
    return {{"records", records}, {"cursor", cursor}, {"more", more}};
}

}  // namespace jetshop
