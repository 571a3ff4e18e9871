#pragma once
// FlowPlan: which entities a connection moves, and in which direction, from its preset
// (ecom, erp, combo) or from explicit masters. The presets are DESIGN.md's three
// standard flows; orders always go shop -> ERP and order status ERP -> shop.

#include <string>
#include <vector>

#include <boost/json.hpp>

namespace skarv::host {

enum class Direction { shop_to_erp, erp_to_shop };

struct EntityFlow {
    std::string entity;    // "orders", "status", "products", "prices", "pricelists", "stock"
    Direction direction;
};

// Entities in the order a pass runs them: catalogue before orders, orders before status.
const std::vector<std::string>& all_entities();

// Throws std::invalid_argument naming the problem (unknown preset, entity or master).
std::vector<EntityFlow> plan_for(const std::string& preset, const boost::json::object* masters);

const char* to_string(Direction d);

}  // namespace skarv::host
