#pragma once
// OAuth2 client credentials as Norce's identity service does them: one client id and
// secret, bearer tokens that expire, and (optionally) its documented rate limit.

#include <map>
#include <mutex>
#include <random>
#include <string>

#include <boost/json.hpp>

#include "model.hpp"
#include "skarv/sandbox/http_emulator.hpp"

namespace skarv::sandbox::jetshop {

class TokenService {
public:
    TokenService(std::string client_id, std::string client_secret, int ttl_s, bool rate_limit);

    // POST /identity/1.0/connect/token
    HttpReply issue(const HttpRequest& req);
    // Empty when the request carries a live bearer token, else why not.
    std::string rejection(const HttpRequest& req);
    // A 401 that says why, with the WWW-Authenticate header RFC 6750 asks for.
    static HttpReply unauthorized(const std::string& why);
    boost::json::object state() const;

private:
    bool take_rate_token(Clock::time_point now);
    std::string mint(Clock::time_point expires);

    const std::string client_id_, client_secret_;
    const int ttl_s_;
    const bool rate_limit_;
    mutable std::mutex mu_;
    std::mt19937_64 rng_;
    std::map<std::string, Clock::time_point> tokens_;   // token -> expiry
    int issued_ = 0, refused_ = 0, throttled_ = 0;
    double bucket_ = 20.0;
    Clock::time_point bucket_at_{};
};

}  // namespace skarv::sandbox::jetshop
