#pragma once
// The per-call MD5 key of the Specter API v2:
//   key = md5( IntegrationKey + md5( ApiUserKey + sbmId + X ) ), lowercase hex,
// where X is a call-specific value (customerId, batchNo, ...) in Latin-1 bytes.

#include <optional>
#include <string>
#include <string_view>

#include "form_params.hpp"

namespace skarv::sandbox::specter {

struct Credentials {
    std::string sbm_id;
    std::string api_user_id;
    std::string api_user_key;
    std::string integration_key;
};

std::string md5_hex(std::string_view bytes);
std::string compute_key(const Credentials& credentials, std::string_view call_value);

// X for `action` (lower-cased) taken from the call's parameters, as Latin-1 bytes;
// nullopt when the emulator does not know the action.
std::optional<std::string> call_value(std::string_view action, const Params& params);

// The name X is built from for newCustomerSubmit: the company name, or "first last".
std::string customer_key_name(const Params& params);

}  // namespace skarv::sandbox::specter
