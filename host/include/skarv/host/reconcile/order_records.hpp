#pragma once
// What reconciliation keeps of an order as the flows move it: the invoice the ERP
// reported (a status event read, or an ERP's callback). Payouts are matched against it.

#include <cstdint>
#include <string>

#include <skarv/model/order_status.hpp>

#include "skarv/host/store/store.hpp"

namespace skarv::host {

// Records the invoice of an "invoiced" event that names one; other events are ignored.
void record_invoiced(Store& store, const std::string& connection, const model::OrderStatusEvent& event, int64_t now);

}  // namespace skarv::host
