#include "product_query.hpp"

#include <map>
#include <set>
#include <vector>

#include <skarv/records.hpp>

#include "order_query.hpp"
#include "wire_fields.hpp"

namespace jetshop {

namespace json = boost::json;

namespace {

// Query's Products/Products is variant-grain: one row per sellable variant with its SKUs, its
// parent in Products/Variants by VariantId (takk-signs apps/babyshop-dashboard/norce_sync.py:
// "Id,ManufacturerId,DefaultName,IsActive,VariantId", $expand=Skus($select=PartNo,ProductId,EanCode)).
constexpr const char* kProductSelect = "Id,DefaultName,IsActive,VariantId,Updated";
constexpr const char* kSkuExpand = "Skus($select=PartNo,ProductId,EanCode)";

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
                v.active = is_active;
                any_active = any_active || is_active;
                p.variants.push_back(std::move(v));
            }
        }
        p.active = p.variants.empty() || any_active;
        // A product whose only SKU is the article itself has no variants of its own.
        if (p.variants.size() == 1 && p.variants[0].sku == p.article_number) p.variants.clear();
        records.push_back(json::value_from(p));
    }
    json::array ids;
    for (const auto& id : cursor_ids) ids.push_back(json::value(id));
    json::value cursor = cursor_since.empty() ? json::value(nullptr)
                                              : json::value(json::object{{"since", cursor_since}, {"ids", ids}});
    return {{"records", records}, {"cursor", cursor}, {"more", more}};
}

}  // namespace jetshop
