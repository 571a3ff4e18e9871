#pragma once
// Stock profiles (options.stock_profiles): which ERP warehouses feed which shop warehouse
// on which channels. ERP -> shop, a shop gets per profile and SKU one level at the
// profile's shop warehouse whose figures are the sum of the latest figure of every ERP
// warehouse in the profile; those figures are kept in the store, so a warehouse that did
// not change this pass still counts. Shop -> ERP, a profile maps its shop warehouse back
// to its one ERP warehouse (a sum cannot be split). See docs/config.md, "stock_profiles".

#include <cstdint>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "skarv/host/config/host_config.hpp"
#include "skarv/host/flow/flow_plan.hpp"
#include "skarv/host/flow/record_routing.hpp"
#include "skarv/host/store/store.hpp"

namespace skarv::host {

struct StockProfile {
    std::string name;
    std::vector<std::string> erp_warehouses;
    std::string shop_warehouse;
    std::vector<int> channels;    // empty: every shop of the connection
    int64_t low_threshold = 0;    // a sum available at or below it shows as "low"

    bool feeds(int channel) const;
    bool draws_on(const std::string& erp_warehouse) const;
};

// Where the latest figure per ERP warehouse is kept; a dry run reads but never writes it.
struct StockFigureBook {
    Store& store;
    std::string connection;
    int64_t now;
    bool dry_run;
};

class StockProfiles {
public:
    StockProfiles() = default;
    // Reads options.stock_profiles as check_stock_profiles() accepted it.
    explicit StockProfiles(const boost::json::object& options);

    bool configured() const { return !profiles_.empty(); }
    const std::vector<StockProfile>& profiles() const { return profiles_; }

    // One canonical StockLevel read from `source`, for `targets` (every shop, or the ERP).
    // Throws skarv::RecordError when the record is not a stock level.
    Routing route(const boost::json::value& record, Direction direction, const Endpoint& source,
                  const std::vector<Endpoint*>& targets, const StockFigureBook& book) const;

private:
    Routing to_shops(const boost::json::value& record, const std::vector<Endpoint*>& shops, const StockFigureBook& book) const;
    Routing to_erp(const boost::json::value& record, const Endpoint& shop, Endpoint* erp) const;

    std::vector<StockProfile> profiles_;
};

// What `skarv check` says about options.stock_profiles beyond its JSON structure: names
// used twice, channels no shop has, two profiles feeding one shop warehouse on one
// channel, and, where the plan has the shop lead stock, a profile summing several ERP
// warehouses (a shop figure cannot be split back over them).
std::vector<SchemaProblem> check_stock_profiles(const ConnectionConfig& connection);

}  // namespace skarv::host
