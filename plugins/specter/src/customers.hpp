#pragma once
// The order's customer in Specter: newCustomerSubmit, which also finds an existing one
// (Specter matches on e-mail, then org no / personal id no, research A.4), so the
// answer is always the customerId the order must carry.

#include <string>

#include <skarv/model/order.hpp>

#include "api_client.hpp"

namespace specter {

// The fields of newCustomerSubmit for the order's buyer (UTF-8).
Fields customer_fields(const skarv::model::Order& order, const Config& config);
// The key's call value: the company name, or "first last" (research A.2).
std::string customer_key_value(const Fields& fields);

// Returns Specter's customerId. Throws a classified PluginError naming the order.
std::string submit_customer(const ApiClient& api, const skarv::model::Order& order);

}  // namespace specter
