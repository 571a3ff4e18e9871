#pragma once
// OAuth2 client credentials against Norce's identity service. The token is cached in
// the instance and renewed a margin before it expires: the token endpoint allows only
// three requests a minute per caller (burst 20), so asking per call would soon be
// refused. The token is never logged, stored in host state or put in a message.

#include <cstdint>
#include <string>

#include <skarv/http_client.hpp>
#include <skarv/plugin.hpp>

#include "config.hpp"

namespace jetshop {

class TokenCache {
public:
    TokenCache(const Config& config, skarv::HostServices host);

    // A live access token; fetches one when none is cached or it is about to expire.
    const std::string& bearer();
    // Forget the cached token (Norce refused it): the next bearer() fetches a new one.
    void invalidate();
    int fetches() const { return fetches_; }

private:
    void fetch();

    const Config& config_;
    skarv::HostServices host_;
    skarv::HttpClient http_;
    std::string token_;
    int64_t expires_at_ms_ = 0;
    int fetches_ = 0;
};

}  // namespace jetshop
