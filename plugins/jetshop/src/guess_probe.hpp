#pragma once
// The `probe` op (docs/protocol.md, "Go-live checks"): one check per Norce guess in
// docs/guesses.md, by its id. Only calls that are safe on a live account: a token,
// reads, a Job/Get of job 0 and a SendOrderStatus Norce refuses for naming no order.

#include <boost/json.hpp>

#include <skarv/plugin.hpp>

#include "norce_client.hpp"

namespace jetshop {

boost::json::object probe_guesses(NorceClient& client, skarv::HostServices host);

}  // namespace jetshop
