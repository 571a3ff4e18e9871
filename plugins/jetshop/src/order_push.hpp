#pragma once
// orders.parse_push: Norce POSTs an OrderRequest to the merchant's "ERP endpoint" with
// HTTP Basic auth. The host receives it, hands it here raw, queues the canonical order
// durably and only then sends the OrderResponse this returns, so a StatusCode "OK"
// never goes out for an order that could still be lost.

#include <boost/json.hpp>

#include <skarv/plugin.hpp>

#include "config.hpp"

namespace jetshop {

// Throws PluginError::auth on missing or wrong credentials, RecordError on a body that
// is not an OrderRequest (naming the order when it can).
boost::json::object parse_push(const boost::json::object& request, const Config& config, skarv::HostServices host);

// Host-state key remembering an order's PSP reference, for sources that do not carry it;
// under order/, so the host's retention prunes it (abi.h).
std::string payment_ref_key(const std::string& order_id);
// The order's remembered PSP reference; also where releases before order/ kept it.
std::optional<std::string> remembered_payment_ref(const skarv::HostServices& host, const std::string& order_id);

}  // namespace jetshop
