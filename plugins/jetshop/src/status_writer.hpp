#pragma once
// status.write: canonical OrderStatusEvents -> Connect's order follow-ups.
//   delivered -> CreateDeliveryNote (tracking number as the parcel number, carrier; the
//                event's lines, else what remains of the order: delivery_rows.hpp)
//   invoiced  -> CreateInvoice (captures the payment at the PSP when the event asks for
//                a capture: amount and PSP reference; otherwise SuppressPspCall)
//   cancelled -> CancelOrder (voids the order's PSP payment)
//   paid      -> SendOrderStatus only
// then SendOrderStatus with the configured status name, unless the follow-up already
// left the order in it. One result per event; a refusal of one event is its own
// `failed` result, a failure of Norce itself (auth, 429, 5xx, timeout) fails the call.

#include <boost/json.hpp>

#include <skarv/plugin.hpp>

#include "norce_client.hpp"

namespace jetshop {

boost::json::object write_statuses(const boost::json::object& request, NorceClient& client, skarv::HostServices host);

}  // namespace jetshop
