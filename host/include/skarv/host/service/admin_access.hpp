#pragma once
// Who may use the admin API and the dashboard: a holder of an admin token (sent as
// "Authorization: Bearer <token>"), or a browser that signed in with one and holds the
// session cookie; and only through a Host name that is the service's own, so a page on
// another site cannot reach it by re-pointing its DNS at 127.0.0.1 (DNS rebinding).
// Sessions live in memory: a restart signs everyone out.

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "skarv/host/config/host_config.hpp"

namespace skarv::host {

struct AdminSession {
    std::string holder;        // the token's name
    std::string token_hash;    // the session ends when this token leaves the configuration
    std::string csrf;          // what every state-changing request of this session must carry
    int64_t expires_ms = 0;
};

class AdminAccess {
public:
    // At start and after every reload. Sessions of tokens no longer configured end.
    void configure(const HttpSettings& settings, const std::string& bind);

    bool has_tokens() const;
    // The holder's name when `token` is a configured admin token.
    std::optional<AdminToken> token(std::string_view presented) const;
    // `host_header` is the Host the client sent; `arrived_at` the address it connected to
    // (an IP literal in Host that equals it cannot be a DNS name someone else controls).
    bool host_allowed(std::string_view host_header, std::string_view arrived_at) const;

    // Returns the new session's id (the cookie's value).
    std::string open_session(const AdminToken& token, int64_t now_ms);
    std::optional<AdminSession> session(std::string_view id, int64_t now_ms);
    void close_session(std::string_view id);

private:
    mutable std::mutex mutex_;
    std::vector<AdminToken> tokens_;
    std::vector<std::string> hosts_;   // lowercase, no port
    int64_t session_ms_ = 12 * 3600 * 1000LL;
    std::map<std::string, AdminSession, std::less<>> sessions_;
};

// "Example.com:8710" -> "example.com", "[::1]:8710" -> "::1".
std::string host_name_of(std::string_view host_header);

}  // namespace skarv::host
