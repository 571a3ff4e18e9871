#include "product_query.hpp"

#include <map>
#include <optional>
#include <set>
#include <vector>

#include <skarv/records.hpp>

#include "order_query.hpp"
#include "wire_amounts.hpp"
#include "wire_fields.hpp"

namespace jetshop {

namespace json = boost::json;

namespace {

// Query's Products/Products is variant-grain: one row per sellable variant with its SKUs, its
// parent in Products/Variants by VariantId (takk-signs apps/babyshop-dashboard/norce_sync.py:
// "Id,ManufacturerId,DefaultName,IsActive,VariantId", $expand=Skus($select=PartNo,ProductId,EanCode)).
constexpr const char* kProductSelect = "Id,DefaultName,IsActive,VariantId,Updated";
// VatRate on a Query SKU: guess norce.query-sku-vat, docs/guesses.md
constexpr const char* kSkuExpand = "Skus($select=PartNo,ProductId,EanCode,VatRate)";

struct Parent {
    std::string code;   // guess norce.query-variant-code, docs/guesses.md
    std::string name;
};

std::map<int64_t, Parent> read_parents(NorceClient& client, const std::set<int64_t>& ids,
                                       const std::map<std::string, std::string>& headers) {
    std::map<int64_t, Parent> out;
    if (ids.empty()) return out;
    std::string list;
    for (auto id : ids) list += (list.empty() ? "" : ",") + std::to_string(id);
    std::string path = std::string(kQuery) + "/Products/Variants?$select=Id,Code,DefaultName&$filter=" +
                       query_value("Id in (" + list + ")");
    while (!path.empty()) {
        auto answer = client.json("GET", path, "", headers, "variants page");
        const auto* value = answer.is_object() ? array_at(answer.get_object(), "value") : nullptr;
        if (!value)
            throw skarv::PluginError::invalid("malformed_answer", "GET Products/Variants: the answer has no 'value' list");
        for (const auto& v : *value)
            if (v.is_object())
                if (const auto id = integer(v.get_object(), "Id"))
                    out[*id] = {text(v.get_object(), "Code"), text(v.get_object(), "DefaultName")};
        const auto* next = field(answer.get_object(), "@odata.nextLink");
        path = next && next->is_string() ? client.relative(std::string(next->get_string())) : "";
    }
    return out;
}

// Every page of an OData read, rows in order.
std::vector<json::object> read_all(NorceClient& client, std::string path, const std::map<std::string, std::string>& headers,
                                   const std::string& what) {
    std::vector<json::object> out;
    while (!path.empty()) {
        auto answer = client.json("GET", path, "", headers, what);
        const auto* value = answer.is_object() ? array_at(answer.get_object(), "value") : nullptr;
        if (!value) throw skarv::PluginError::invalid("malformed_answer", what + ": the answer has no 'value' list");
        for (const auto& v : *value)
            if (v.is_object()) out.push_back(v.get_object());
        const auto* next = field(answer.get_object(), "@odata.nextLink");
        path = next && next->is_string() ? client.relative(std::string(next->get_string())) : "";
    }
    return out;
}

std::string quoted(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
}

// The application's primary price list and each SKU's PriceSale (ex VAT) on it:
// Application/ApplicationPriceLists (IsPrimary) and Products/ProductSkuPriceLists, as
// takk-signs reads them. PriceSale there: guess norce.query-sku-price, docs/guesses.md
std::map<std::string, skarv::model::Money> sale_prices(NorceClient& client, const Application& app,
                                                       const std::set<std::string>& part_nos,
                                                       const std::map<std::string, std::string>& headers) {
    std::map<std::string, skarv::model::Money> out;
    if (part_nos.empty()) return out;
    const auto lists = read_all(client,
                                std::string(kQuery) + "/Application/ApplicationPriceLists?$select=ApplicationId,PriceListId&$filter=" +
                                    query_value("ApplicationId eq " + std::to_string(app.application_id) + " and IsPrimary eq true"),
                                headers, "primary price list");
    if (lists.empty()) return out;
    const auto list_id = integer(lists.front(), "PriceListId");
    if (!list_id) return out;
    std::vector<std::string> all(part_nos.begin(), part_nos.end());
    for (std::size_t start = 0; start < all.size(); start += 50) {
        std::string in;
        for (std::size_t i = start; i < all.size() && i < start + 50; ++i) in += (in.empty() ? "" : ",") + quoted(all[i]);
        const auto rows = read_all(client,
                                   std::string(kQuery) + "/Products/ProductSkuPriceLists?$select=PartNo,PriceSale,IsActive&$filter=" +
                                       query_value("PriceListId eq " + std::to_string(*list_id) + " and PartNo in (" + in + ")"),
                                   headers, "SKU prices");
        for (const auto& r : rows) {
            const auto* price = field(r, "PriceSale");
            const auto* active = field(r, "IsActive");
            if (!price || price->is_null() || (active && active->is_bool() && !active->get_bool())) continue;
            if (const auto a = amount4_from_json(*price)) out.insert_or_assign(text(r, "PartNo"), money_from_amount4(*a, app.currency));
        }
    }
    return out;
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
    std::string path = std::string(kQuery) + "/Products/Products?$select=" + kProductSelect + "&$expand=" +
                       query_value(kSkuExpand) + "&$orderby=Updated&$top=" + std::to_string(page);
    if (!since.empty()) path += "&$filter=" + query_value("Updated ge " + since);
    // "without [an applicationId context header], Products/Products 500s on every request" (takk-signs).
    const std::map<std::string, std::string> headers{{"ApplicationId", std::to_string(app->application_id)}};

    std::vector<json::object> rows;
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
            const std::string id = text(row, "Id");
            if (!since.empty() && updated == since && seen.contains(id)) continue;
            rows.push_back(row);
            if (updated != cursor_since) {
                cursor_since = updated;
                cursor_ids.clear();
            }
            cursor_ids.insert(id);
        }
        const auto* next = field(answer.get_object(), "@odata.nextLink");
        path = next && next->is_string() ? client.relative(std::string(next->get_string())) : "";
        if (!path.empty() && static_cast<int64_t>(rows.size()) >= limit) {
            more = true;
            break;
        }
    }

    // One canonical product per parent; its variants are the variant-grain rows.
    std::map<int64_t, std::vector<const json::object*>> by_parent;
    for (const auto& row : rows) by_parent[integer(row, "VariantId").value_or(-integer(row, "Id").value_or(0))].push_back(&row);
    std::set<int64_t> parent_ids;
    for (const auto& [id, members] : by_parent)
        if (id > 0) parent_ids.insert(id);
    const auto parents = read_parents(client, parent_ids, headers);
    std::set<std::string> part_nos;
    for (const auto& row : rows)
        if (const auto* skus = array_at(row, "Skus"))
            for (const auto& sv : *skus)
                if (sv.is_object()) part_nos.insert(text(sv.get_object(), "PartNo"));
    const auto prices = sale_prices(client, *app, part_nos, headers);

    json::array records;
    for (const auto& [parent_id, members] : by_parent) {
        const auto found = parents.find(parent_id);
        if (found == parents.end() || found->second.code.empty()) {
            host.warn("Products/Products rows " + text(*members.front(), "Id") + (members.size() > 1 ? ", ..." : "") +
                      ": their parent (VariantId " + std::to_string(parent_id) +
                      ") has no Code in Products/Variants, so there is no article number to read them under");
            continue;
        }
        skarv::model::Product p;
        p.article_number = found->second.code;
        p.name = found->second.name;
        bool any_active = false;
        std::optional<skarv::model::VatRateBp> rate;
        for (const auto* row : members) {
            const auto* skus = array_at(*row, "Skus");
            const auto* active = field(*row, "IsActive");
            const bool is_active = !active || !active->is_bool() || active->get_bool();
            if (!skus) continue;
            for (const auto& sv : *skus) {
                if (!sv.is_object()) continue;
                skarv::model::Variant v;
                v.sku = text(sv.get_object(), "PartNo");
                if (v.sku.empty()) continue;
                v.name = text(*row, "DefaultName");
                if (auto ean = text(sv.get_object(), "EanCode"); !ean.empty()) v.ean = ean;
                if (const auto price = prices.find(v.sku); price != prices.end()) v.price_ex_vat = price->second;
                if (const auto* vr = field(sv.get_object(), "VatRate"); vr && !vr->is_null() && !rate)
                    rate = vat_bp_from_json(*vr);
                v.active = is_active;
                any_active = any_active || is_active;
                p.variants.push_back(std::move(v));
            }
        }
        p.active = p.variants.empty() || any_active;
        if (rate) p.vat_rate_bp = *rate;
        // A product whose only SKU is the article itself has no variants of its own.
        if (p.variants.size() == 1 && p.variants[0].sku == p.article_number) {
            p.price_ex_vat = p.variants[0].price_ex_vat;
            p.variants.clear();
        }
        records.push_back(json::value_from(p));
    }
    json::array ids;
    for (const auto& id : cursor_ids) ids.push_back(json::value(id));
    json::value cursor = cursor_since.empty() ? json::value(nullptr)
                                              : json::value(json::object{{"since", cursor_since}, {"ids", ids}});
    return {{"records", records}, {"cursor", cursor}, {"more", more}};
}

}  // namespace jetshop
