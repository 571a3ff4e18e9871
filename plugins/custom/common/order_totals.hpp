#pragma once
// An order states its VAT breakdown and total; the readers downstream check that they
// add up to the öre. A rule that changes prices or lines must restate them, or the
// order would be refused later with a confusing "states X but the lines add up to Y".

#include <boost/json.hpp>

namespace skarv::custom {

// Recomputes "vat" and "total_inc_vat" of an order record that carries them. Throws
// RecordFailure when the changed order is no longer a valid order.
void refresh_order_totals(boost::json::value& record);

}  // namespace skarv::custom
