#pragma once
// Orders as Norce holds them: seeded or added by tests, shown three ways - the
// OrderRequest pushed to the ERP, the Query read model, and the inspection state.

#include <string>
#include <vector>

#include <boost/json.hpp>

#include "model.hpp"
#include "skarv/sandbox/seed_data.hpp"

namespace skarv::sandbox::jetshop {

// Call before the emulator starts, or with shop.mu held.
void seed_orders(Shop& shop, const SeedData& seed);
// With shop.mu held. Throws std::invalid_argument naming what is wrong with the spec.
std::string add_order(Shop& shop, const boost::json::object& spec, const std::vector<SeedCustomer>& customers);

// Query's statusId for a SendOrderStatus string; nullopt for an unknown status, and the
// current id for statuses Query has no number for.
std::optional<int> status_id_for(const std::string& status, int current);
void set_status(Order& order, const std::string& status, int status_id, bool notify, const std::string& source);

boost::json::object order_request(const Shop& shop, const Order& order);
boost::json::object query_order(const Shop& shop, const Order& order);
boost::json::array query_items(const Order& order);
boost::json::object query_party(const Party& party);
boost::json::object order_state(const Order& order);

}  // namespace skarv::sandbox::jetshop
