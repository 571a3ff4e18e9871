#pragma once
// GET /commerce/query/2.0/Products/Products and Products/Variants: the catalogue over
// OData for shop-led flows (products.read), in one application's context (header
// ApplicationId). Products/Products is variant-grain: one row per sellable variant, its
// parent in Products/Variants (takk-signs apps/babyshop-dashboard/norce_sync.py).

#include <string>

#include "model.hpp"

namespace skarv::sandbox::jetshop {

HttpReply query_products(Shop& shop, const HttpRequest& req, const std::string& base_url);
HttpReply query_variants(Shop& shop, const HttpRequest& req, const std::string& base_url);
HttpReply query_sku_price_lists(Shop& shop, const HttpRequest& req, const std::string& base_url);
HttpReply query_application_price_lists(Shop& shop, const HttpRequest& req, const std::string& base_url);

}  // namespace skarv::sandbox::jetshop
