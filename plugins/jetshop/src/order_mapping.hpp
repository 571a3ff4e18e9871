#pragma once
// Norce orders -> canonical Orders, from either source: the pushed OrderRequest and a
// Query (OData) row with its Items, Buyer and ShipTo expanded.
//
// Norce gives ex-VAT unit prices with the VAT rate (and, in a push, the unit VAT);
// canonical orders carry prices including VAT. Each unit price and each line's amount
// is turned into its VAT-inclusive amount exactly at four decimals and rounded to the
// öre once; the line's discount is what makes unit price x quantity meet that amount.
// What the customer was charged is the authority: the push's payments (Amount includes
// VAT after rounding), or for Query the VAT-inclusive sum of the lines rounded once, as
// Norce totals an order. If per-line rounding leaves the canonical total an öre or two
// off, the difference is booked on the largest goods line's discount, so the order's
// total always equals what the shop charged. A larger gap is left as it is: the order is
// accepted (Norce must hear OK) and the host parks it, showing both figures.

#include <optional>
#include <string>

#include <boost/json.hpp>

#include <skarv/records.hpp>

#include "config.hpp"

namespace jetshop {

// Throws skarv::RecordError naming the order and the field.
skarv::model::Order order_from_push(const boost::json::object& request, const Config& config);

// `payment_reference` fills in what Query does not expose (remembered from a push).
skarv::model::Order order_from_query(const boost::json::object& row, const Config& config,
                                     const std::string& payment_reference);

std::string norce_status_name(int status_id);

}  // namespace jetshop
