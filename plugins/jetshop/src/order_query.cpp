#include "order_query.hpp"

#include <algorithm>
#include <set>

#include <Poco/URI.h>

#include <skarv/records.hpp>

#include "order_mapping.hpp"
#include "order_push.hpp"
#include "wire_fields.hpp"

namespace jetshop {

namespace json = boost::json;

std::string query_value(const std::string& v) {
    std::string out;
    Poco::URI::encode(v, "&=+#?", out);
    return out;
}

namespace {

std::string joined_ids(const std::vector<int>& ids) {
    std::string s;
    for (int id : ids) s += (s.empty() ? "" : ",") + std::to_string(id);
    return s;
}

}  // namespace

json::object read_orders(const json::object& request, NorceClient& client, skarv::HostServices host) {
    const Config& config = client.config();
    skarv::JsonReader r(request, "request");
    const bool initial = r.boolean_or("initial", false);
    const int64_t limit = r.integer_in("limit", 100, 1, 100000);

    std::string since;
    std::set<std::string> seen_at_since;
    if (!initial && r.has("cursor") && r.value("cursor").is_object()) {
        auto c = r.child("cursor");
        since = c.string_or("since", "");
        if (c.has("ids") && c.value("ids").is_array())
            for (const auto& id : c.value("ids").get_array())
                if (id.is_string()) seen_at_since.insert(std::string(id.get_string()));
    }

    std::vector<int> app_ids;
    for (const auto& a : config.applications) app_ids.push_back(a.application_id);
    std::string filter = "StatusId in (" + joined_ids(config.release_status_ids) + ") and ApplicationId in (" +
                         joined_ids(app_ids) + ")";
    // OData datetime literals are unquoted UTC.
    if (!since.empty()) filter += " and Updated ge " + since;
    const int64_t page = std::min<int64_t>(config.query_page_size, limit);
    std::string path = std::string(kQuery) + "/Orders/Orders?$filter=" + query_value(filter) +
                       "&$expand=Items,Buyer,ShipTo&$orderby=Updated&$top=" + std::to_string(page);
    const std::map<std::string, std::string> headers{
        {"ApplicationId", std::to_string(config.primary().application_id)}};

    json::array records;
    std::string cursor_since = since;
    std::set<std::string> cursor_ids = seen_at_since;
    bool more = false;
    int pages = 0;
    while (!path.empty()) {
        if (host.cancelled()) { more = true; break; }
        auto answer = client.json("GET", path, "", headers, "orders page " + std::to_string(++pages));
        const auto* value = answer.is_object() ? array_at(answer.get_object(), "value") : nullptr;
        if (!value)
            throw skarv::PluginError::invalid("malformed_answer", "GET " + std::string(kQuery) +
                                                                      "/Orders/Orders: the answer has no 'value' list");
        for (const auto& row_v : *value) {
            if (!row_v.is_object()) continue;
            const auto& row = row_v.get_object();
            const std::string updated = text(row, "Updated");
            const std::string id = text(row, "Id");
            if (!since.empty() && updated == since && seen_at_since.contains(id)) continue;
            std::string order_id = text(row, "QuotationId");
            // guess norce.query-payment-ref, docs/guesses.md
            auto ref = remembered_payment_ref(host, order_id.empty() ? id : order_id);
            auto order = order_from_query(row, config, ref.value_or(""));
            records.push_back(json::value_from(order));
            if (updated != cursor_since) {
                cursor_since = updated;
                cursor_ids.clear();
            }
            cursor_ids.insert(id);
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
    host.info("orders.read: " + std::to_string(records.size()) + " order(s) from " + std::to_string(pages) +
              " Query page(s)");
    return {{"records", records}, {"cursor", cursor}, {"more", more}};
}

}  // namespace jetshop
