#pragma once
// Price-list mapping (options.price_lists): the ERP's code of a price list, the shop's
// code of the same list and the customer group it serves. Price lists and prices are
// renamed into the target's code in whichever direction the plan moves them, and the
// list gets the mapped customer group. With the option set, a list it does not name is
// skipped with the reason; a base price (no price list) always goes.

#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "skarv/host/config/host_config.hpp"
#include "skarv/host/flow/flow_plan.hpp"
#include "skarv/host/flow/record_routing.hpp"

namespace skarv::host {

struct PriceListMapping {
    std::string erp;                            // the list's code in the ERP
    std::string shop;                           // and in the shop
    std::optional<std::string> customer_group;  // set on the list on its way to either side
};

class PriceListMap {
public:
    PriceListMap() = default;
    // Reads options.price_lists as check_price_lists() accepted it.
    explicit PriceListMap(const boost::json::object& options);

    bool configured() const { return !mappings_.empty(); }

    // A canonical PriceList ("pricelists") or Price ("prices") for `targets`. Throws
    // skarv::RecordError when the record lacks the fields its key needs.
    Routing route(const std::string& entity, const boost::json::value& record, Direction direction,
                  const std::vector<Endpoint*>& targets) const;

private:
    const PriceListMapping* find(const std::string& code, Direction direction) const;

    std::vector<PriceListMapping> mappings_;
};

// What `skarv check` says about options.price_lists beyond its JSON structure: an ERP
// or shop code mapped twice.
std::vector<SchemaProblem> check_price_lists(const ConnectionConfig& connection);

}  // namespace skarv::host
