#pragma once

#include "skarv/sandbox/http_emulator.hpp"
#include "store.hpp"

namespace skarv::sandbox::specter {

// POST /_control/deliver, /invoice, /cancel, /stock, /article: ERP-side changes a test
// makes as a Specter user would, so the change feeds have something to report.
void add_control_routes(HttpEmulator& http, Store& store);

// An ApiError's HTTP status when it answers a control call: 404, 400 or 409.
int control_status(int api_error_code);

}  // namespace skarv::sandbox::specter
