#pragma once
// orders.read: polls Query's Orders for orders in the statuses that release them to the
// ERP, changed since the cursor, with Items, Buyer and ShipTo expanded and
// @odata.nextLink followed. The cursor is {since: the last Updated seen, ids: the ids
// seen at exactly that instant}: the filter says "Updated ge since", so an order
// updated in the same second as the last page is not missed, and the ids keep the
// ones already delivered from coming twice.

#include <boost/json.hpp>

#include <skarv/plugin.hpp>

#include "norce_client.hpp"

namespace jetshop {

boost::json::object read_orders(const boost::json::object& request, NorceClient& client, skarv::HostServices host);

// "a&b" -> "a%26b": a query-string value (Norce's OData wants spaces as %20).
std::string query_value(const std::string& v);

}  // namespace jetshop
