#pragma once

#include <string>

#include "skarv/sandbox/http_emulator.hpp"
#include "store.hpp"

namespace skarv::sandbox::specter {

// Answers a call on getInfo.asp / putInfo.asp; every outcome is HTTP 200 with a
// Specter answer, as the real API has no HTTP status semantics.
HttpReply handle_api_request(const HttpRequest& request, Store& store, const std::string& base_url);

}  // namespace skarv::sandbox::specter
