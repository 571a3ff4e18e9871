#pragma once
// The connector configs the harnesses create their instances with. They match the
// emulators' defaults (sandboxes/), so the same harness can also run against a live
// emulator when seeds are recorded (docs/fuzzing.md, "Recording seeds"), and the
// secrets are long enough that no mutation writes one by chance.

#include <cstdlib>
#include <string>

#include <boost/json.hpp>

namespace skarv::fuzz {

inline constexpr const char* kNorceClientSecret = "skarv-secret";
inline constexpr const char* kNorcePushUser = "norce-push-user";
inline constexpr const char* kNorcePushPassword = "norce-push-password-6c1f";
inline constexpr const char* kSpecterApiUserKey = "skarv-api-user-key";
inline constexpr const char* kSpecterIntegrationKey = "skarv-integration-key";

// SKARV_FUZZ_REMOTE=http://127.0.0.1:PORT points a harness at a live emulator (or a
// recording proxy in front of one) instead of its scripted server.
inline std::string remote_or(const std::string& scripted_url) {
    const char* remote = std::getenv("SKARV_FUZZ_REMOTE");
    return remote && *remote ? std::string(remote) : scripted_url;
}

inline std::string norce_config(const std::string& base_url) {
    boost::json::array apps;
    for (int channel : {1, 2}) {
        char key[64];
        std::snprintf(key, sizeof key, "6b1d7a52-3c1e-4f6a-9d2b-%012d", channel);
        apps.push_back({{"channel", channel}, {"application_id", channel}, {"application_key", key},
                        {"price_list", channel == 1 ? "PL-SE" : "PL-NO"}, {"currency", channel == 1 ? "SEK" : "NOK"},
                        {"culture", channel == 1 ? "sv-SE" : "nb-NO"}, {"sales_area_id", channel}});
    }
    return boost::json::serialize(boost::json::object{
        {"base_url", base_url},
        {"client_id", "skarv"},
        {"account_id", 1},
        {"client_secret", kNorceClientSecret},
        {"applications", apps},
        {"push", {{"user", kNorcePushUser}, {"password", kNorcePushPassword}}},
        {"release_statuses", boost::json::array{"Created", "Confirmed"}},
        {"payment_methods", {{"1", "klarna"}, {"2", "nets"}, {"3", "svea"}}},
        {"freight_part_nos", boost::json::array{"FREIGHT"}},
        // The shortest waits the config allows: a job the script never finishes ends fast.
        {"timeouts", {{"request_ms", 2000}, {"job_wait_ms", 100}, {"job_poll_ms", 10}}},
        {"manufacturer_code", "ACME"}});
}

inline std::string specter_config(const std::string& base_url) {
    return boost::json::serialize(boost::json::object{
        {"base_url", base_url},
        {"sbm_id", "1001"},
        {"api_user_id", "skarv"},
        {"api_user_key", kSpecterApiUserKey},
        {"integration_key", kSpecterIntegrationKey},
        {"webshops", {{"1", "1"}, {"2", "2"}}},
        {"price_lists", true},
        {"timeout_ms", 2000}});
}

}  // namespace skarv::fuzz
