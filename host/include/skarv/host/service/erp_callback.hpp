#pragma once
// The ERP's callback into `skarv run`: GET or POST /callback/{connection}/{secret}.
// An ERP such as Specter calls a URL it was given when something happens (a new
// invoice), so the route is authenticated by the secret in that URL, which only the
// ERP connector's config holds and checks, not by the admin token. The ERP connector
// turns the call into status events (`callback.parse`, docs/protocol.md); each is queued
// durably as status work for the shop the order came from, and only then is the ERP
// answered. If the store cannot take them, the ERP hears 503 and nothing is half done.

#include <string>

#include "skarv/host/service/service.hpp"

namespace skarv::host {

PushOutcome accept_erp_callback(Service& service, const std::string& connection, const std::string& secret,
                                const std::string& raw_query, const std::string& body);

}  // namespace skarv::host
