#include "skarv/host/flow/stock_profiles.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <skarv/model/stock.hpp>

#include "skarv/host/flow/connection_runtime.hpp"
#include "skarv/host/flow/transfer.hpp"

namespace skarv::host {
namespace {

std::vector<std::string> strings_of(const boost::json::object& o, const char* key) {
    std::vector<std::string> out;
    if (auto* a = o.if_contains(key); a && a->is_array())
        for (const auto& v : a->get_array())
            if (v.is_string()) out.push_back(std::string(v.get_string()));
    return out;
}

std::vector<int> channels_of(const boost::json::object& o) {
    std::vector<int> out;
    if (auto* a = o.if_contains("channels"); a && a->is_array())
        for (const auto& v : a->get_array())
            if (v.is_int64()) out.push_back(static_cast<int>(v.get_int64()));
    return out;
}

// A profile's level: the sum of the latest figure of each of its ERP warehouses (one never
// heard from holds nothing). Discontinued only when every warehouse says so; backorder when
// nothing is available but a warehouse takes backorders; otherwise from the sum.
model::StockLevel sum_for(const StockProfile& profile, const std::string& sku, const std::vector<StockFigure>& figures) {
    model::StockLevel level;
    level.sku = sku;
    level.warehouse = profile.shop_warehouse;
    bool all_discontinued = true, any_backorder = false, any = false;
    for (const auto& f : figures) {
        if (!profile.draws_on(f.warehouse)) continue;
        any = true;
        level.on_hand += f.on_hand;
        level.available += f.available;
        all_discontinued = all_discontinued && f.status == model::to_string(model::StockStatus::discontinued);
        any_backorder = any_backorder || f.status == model::to_string(model::StockStatus::backorder);
    }
    if (any && all_discontinued) level.status = model::StockStatus::discontinued;
    else if (level.available <= 0 && any_backorder) level.status = model::StockStatus::backorder;
    else level.status = model::status_for(level.available, profile.low_threshold);
    return level;
}

int channel_of(const ConnectorConfig& shop, std::size_t position) {
    return shop.channel.value_or(static_cast<int>(position) + 1);
}

}  // namespace

bool StockProfile::feeds(int channel) const {
    return channels.empty() || std::find(channels.begin(), channels.end(), channel) != channels.end();
}

bool StockProfile::draws_on(const std::string& erp_warehouse) const {
    return std::find(erp_warehouses.begin(), erp_warehouses.end(), erp_warehouse) != erp_warehouses.end();
}

StockProfiles::StockProfiles(const boost::json::object& options) {
    auto* list = options.if_contains("stock_profiles");
    if (!list || !list->is_array()) return;
    for (const auto& entry : list->get_array()) {
        if (!entry.is_object()) continue;
        const auto& o = entry.get_object();
        StockProfile p;
        if (auto* n = o.if_contains("name"); n && n->is_string()) p.name = std::string(n->get_string());
        p.erp_warehouses = strings_of(o, "erp_warehouses");
        if (auto* w = o.if_contains("shop_warehouse"); w && w->is_string()) p.shop_warehouse = std::string(w->get_string());
        p.channels = channels_of(o);
        if (auto* t = o.if_contains("low_threshold"); t && t->is_int64()) p.low_threshold = t->get_int64();
        profiles_.push_back(std::move(p));
    }
}

Routing StockProfiles::route(const boost::json::value& record, Direction direction, const Endpoint& source,
                             const std::vector<Endpoint*>& targets, const StockFigureBook& book) const {
    if (direction == Direction::erp_to_shop) return to_shops(record, targets, book);
    return to_erp(record, source, targets.empty() ? nullptr : targets.front());
}

Routing StockProfiles::to_shops(const boost::json::value& record, const std::vector<Endpoint*>& shops,
                                const StockFigureBook& book) const {
    auto level = model::read_stock_level(record, "stock " + record_key("stock", record));
    StockFigure figure{level.warehouse, level.on_hand, level.available, model::to_string(level.status)};
    Routing routing;
    std::vector<const StockProfile*> drawing;
    for (const auto& p : profiles_)
        if (p.draws_on(level.warehouse)) drawing.push_back(&p);
    if (drawing.empty()) {
        routing.skipped_because = "stock " + level.sku + "@" + level.warehouse + ": ERP warehouse " + level.warehouse +
                                  " is in no stock profile";
        return routing;
    }
    // Remember it before anything is written: the cursor moves past this record only after
    // the writes, and the next change at another warehouse must find this figure.
    if (!book.dry_run) book.store.put_stock_figure(book.connection, level.sku, figure, book.now);
    auto figures = book.store.stock_figures(book.connection, level.sku);
    if (book.dry_run) {
        // Nothing is stored in a dry run: this record's figure stands in for its warehouse's.
        std::erase_if(figures, [&](const StockFigure& f) { return f.warehouse == figure.warehouse; });
        figures.push_back(figure);
    }
    for (const auto* profile : drawing) {
        auto sum = boost::json::value_from(sum_for(*profile, level.sku, figures));
        auto key = record_key("stock", sum);
        for (auto* shop : shops)
            if (profile->feeds(shop->channel)) routing.writes.push_back({shop, key, sum});
    }
    if (routing.writes.empty())
        routing.skipped_because = "stock " + level.sku + "@" + level.warehouse + ": its stock profiles feed none of the shops";
    return routing;
}

Routing StockProfiles::to_erp(const boost::json::value& record, const Endpoint& shop, Endpoint* erp) const {
    auto level = model::read_stock_level(record, "stock " + record_key("stock", record));
    Routing routing;
    for (const auto& p : profiles_) {
        if (p.shop_warehouse != level.warehouse || !p.feeds(shop.channel) || p.erp_warehouses.size() != 1) continue;
        auto mapped = record.as_object();
        mapped["warehouse"] = p.erp_warehouses.front();
        boost::json::value out = std::move(mapped);
        routing.writes.push_back({erp, record_key("stock", out), out});
        return routing;
    }
    routing.skipped_because = "stock " + level.sku + "@" + level.warehouse + " from " + shop.label + ": shop warehouse " +
                              level.warehouse + " belongs to no stock profile of channel " + std::to_string(shop.channel);
    return routing;
}

std::vector<SchemaProblem> check_stock_profiles(const ConnectionConfig& connection) {
    std::vector<SchemaProblem> problems;
    StockProfiles profiles(connection.options);
    const auto base = connection.path + ".options.stock_profiles";
    bool shop_leads_stock = false;
    try {
        for (const auto& f : plan_for(connection.flow, connection.masters ? &*connection.masters : nullptr))
            if (f.entity == "stock" && f.direction == Direction::shop_to_erp) shop_leads_stock = true;
    } catch (const std::invalid_argument&) {
        // The plan itself is reported where the flow or masters are checked.
    }
    std::set<int> shop_channels;
    for (std::size_t i = 0; i < connection.shops.size(); ++i) shop_channels.insert(channel_of(connection.shops[i], i));
    std::map<std::string, std::size_t> names;
    std::map<std::pair<std::string, int>, std::string> fed;   // (shop warehouse, channel) -> profile
    const auto& list = profiles.profiles();
    for (std::size_t i = 0; i < list.size(); ++i) {
        const auto& p = list[i];
        const auto at = base + "[" + std::to_string(i) + "]";
        if (auto [it, fresh] = names.emplace(p.name, i); !fresh)
            problems.push_back({at + ".name", "profile name '" + p.name + "' is already used by " + base + "[" +
                                                  std::to_string(it->second) + "]"});
        for (std::size_t k = 0; k < p.channels.size(); ++k)
            if (!shop_channels.count(p.channels[k]))
                problems.push_back({at + ".channels[" + std::to_string(k) + "]",
                                    "no shop of this connection has channel " + std::to_string(p.channels[k])});
        for (int channel : shop_channels) {
            if (!p.feeds(channel)) continue;
            auto [it, fresh] = fed.emplace(std::make_pair(p.shop_warehouse, channel), p.name);
            if (!fresh)
                problems.push_back({at + ".shop_warehouse", "shop warehouse '" + p.shop_warehouse + "' on channel " +
                                                                std::to_string(channel) + " is already fed by profile '" +
                                                                it->second + "'"});
        }
        if (shop_leads_stock && p.erp_warehouses.size() > 1)
            problems.push_back({at + ".erp_warehouses",
                                "the shop leads stock in this connection, and a shop figure cannot be split over " +
                                    std::to_string(p.erp_warehouses.size()) + " ERP warehouses: give exactly one"});
    }
    return problems;
}

}  // namespace skarv::host
