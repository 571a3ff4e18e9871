#pragma once
// GET /commerce/query/2.0/Products/Products: the catalogue over OData for shop-led
// flows (products.read), in one application's context (header ApplicationId).

#include <string>

#include "model.hpp"

namespace skarv::sandbox::jetshop {

HttpReply query_products(Shop& shop, const HttpRequest& req, const std::string& base_url);

}  // namespace skarv::sandbox::jetshop
