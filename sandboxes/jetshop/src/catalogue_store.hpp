#pragma once
// The client's catalogue: applications (markets/channels), warehouses with locations,
// price lists, and products -> variants -> SKUs with prices and stock.

#include <optional>
#include <string>

#include <boost/json.hpp>

#include "model.hpp"
#include "skarv/sandbox/seed_data.hpp"

namespace skarv::sandbox::jetshop {

void seed_catalogue(Catalogue& cat, const SeedData& seed, const JetshopEmulator::Options& options);
boost::json::object catalogue_state(const Catalogue& cat);

// The SKU's PriceSale in a price list, if it has an active one.
std::optional<Amount4> sale_price(const Sku& sku, const std::string& price_list_code);
// VAT for a sales area; falls back to the SKU's first rate, then 25 %.
int vat_bp_for(const Sku& sku, int sales_area_id);

}  // namespace skarv::sandbox::jetshop
