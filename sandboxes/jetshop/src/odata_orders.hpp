#pragma once
// Query 2.0 Orders/Orders: OData read of orders with $filter, $expand (Items, Buyer,
// Payer, ShipTo), $select, $orderby, $top/$skip and @odata.nextLink paging.

#include <string>

#include "model.hpp"
#include "skarv/sandbox/http_emulator.hpp"

namespace skarv::sandbox::jetshop {

HttpReply query_orders(Shop& shop, const HttpRequest& req, const std::string& base_url);

}  // namespace skarv::sandbox::jetshop
