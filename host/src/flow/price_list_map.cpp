#include "skarv/host/flow/price_list_map.hpp"

#include <map>

#include <skarv/json_reader.hpp>

#include "skarv/host/flow/connection_runtime.hpp"
#include "skarv/host/flow/transfer.hpp"

namespace skarv::host {

PriceListMap::PriceListMap(const boost::json::object& options) {
    auto* list = options.if_contains("price_lists");
    if (!list || !list->is_array()) return;
    for (const auto& entry : list->get_array()) {
        if (!entry.is_object()) continue;
        const auto& o = entry.get_object();
        PriceListMapping m;
        if (auto* v = o.if_contains("erp"); v && v->is_string()) m.erp = std::string(v->get_string());
        if (auto* v = o.if_contains("shop"); v && v->is_string()) m.shop = std::string(v->get_string());
        if (auto* v = o.if_contains("customer_group"); v && v->is_string()) m.customer_group = std::string(v->get_string());
        mappings_.push_back(std::move(m));
    }
}

const PriceListMapping* PriceListMap::find(const std::string& code, Direction direction) const {
    for (const auto& m : mappings_)
        if ((direction == Direction::erp_to_shop ? m.erp : m.shop) == code) return &m;
    return nullptr;
}

Routing PriceListMap::route(const std::string& entity, const boost::json::value& record, Direction direction,
                            const std::vector<Endpoint*>& targets) const {
    const auto key = record_key(entity, record);
    const bool is_list = entity == "pricelists";
    const auto code = is_list ? JsonReader(record, entity).string("code") : JsonReader(record, entity).string_or("price_list", "");
    Routing routing;
    boost::json::value out = record;
    if (!code.empty()) {
        const auto* m = find(code, direction);
        if (!m) {
            routing.skipped_because = std::string(is_list ? "price list " : "price ") + key + ": the " +
                                      (direction == Direction::erp_to_shop ? "ERP" : "shop") + "'s price list " + code +
                                      " is not in options.price_lists";
            return routing;
        }
        const auto& renamed = direction == Direction::erp_to_shop ? m->shop : m->erp;
        auto& o = out.as_object();
        o[is_list ? "code" : "price_list"] = renamed;
        if (is_list) {
            if (m->customer_group) o["customer_group"] = *m->customer_group;
            // The list's own prices name it too.
            if (auto* prices = o.if_contains("prices"); prices && prices->is_array())
                for (auto& p : prices->get_array())
                    if (p.is_object() && p.get_object().contains("price_list")) p.get_object()["price_list"] = renamed;
        }
    }
    const auto mapped_key = record_key(entity, out);
    for (auto* t : targets) routing.writes.push_back({t, mapped_key, out});
    return routing;
}

std::vector<SchemaProblem> check_price_lists(const ConnectionConfig& connection) {
    std::vector<SchemaProblem> problems;
    auto* list = connection.options.if_contains("price_lists");
    if (!list || !list->is_array()) return problems;
    const auto base = connection.path + ".options.price_lists";
    std::map<std::string, std::size_t> erp_codes, shop_codes;
    for (std::size_t i = 0; i < list->get_array().size(); ++i) {
        const auto& entry = list->get_array()[i];
        if (!entry.is_object()) continue;
        for (auto [side, seen] : {std::pair{"erp", &erp_codes}, std::pair{"shop", &shop_codes}}) {
            auto* v = entry.get_object().if_contains(side);
            if (!v || !v->is_string()) continue;
            auto [it, fresh] = seen->emplace(std::string(v->get_string()), i);
            if (!fresh)
                problems.push_back({base + "[" + std::to_string(i) + "]." + side,
                                    "price list '" + std::string(v->get_string()) + "' is already mapped by " + base + "[" +
                                        std::to_string(it->second) + "]"});
        }
    }
    return problems;
}

}  // namespace skarv::host
