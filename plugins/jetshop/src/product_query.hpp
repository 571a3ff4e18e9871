#pragma once
// products.read (shop-led flows): products with their variants from Query's Products,
// with Skus expanded, changed since the cursor (or all with `initial`). Cursor and
// paging work as for orders: {since, ids} with "Updated ge since", nextLink followed.

#include <boost/json.hpp>

#include <skarv/plugin.hpp>

#include "norce_client.hpp"

namespace jetshop {

boost::json::object read_products(const boost::json::object& request, NorceClient& client, skarv::HostServices host);

}  // namespace jetshop
