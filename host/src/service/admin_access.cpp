#include "skarv/host/service/admin_access.hpp"

#include <algorithm>

#include "skarv/host/service/admin_tokens.hpp"

namespace skarv::host {
namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

}  // namespace

std::string host_name_of(std::string_view host_header) {
    std::string_view h = host_header;
    while (!h.empty() && h.front() == ' ') h.remove_prefix(1);
    while (!h.empty() && h.back() == ' ') h.remove_suffix(1);
    if (!h.empty() && h.front() == '[') {
        auto end = h.find(']');
        return end == std::string_view::npos ? lower(h) : lower(h.substr(1, end - 1));
    }
    auto colon = h.find(':');
    if (colon != std::string_view::npos && h.find(':', colon + 1) == std::string_view::npos) h = h.substr(0, colon);
    if (!h.empty() && h.back() == '.') h.remove_suffix(1);   // "localhost." is localhost
    return lower(h);
}

void AdminAccess::configure(const HttpSettings& settings, const std::string& bind) {
    std::lock_guard lock(mutex_);
    tokens_ = settings.admin_tokens;
    hosts_ = {"localhost", "127.0.0.1", "::1"};
    if (bind != "0.0.0.0" && bind != "::" && !bind.empty()) hosts_.push_back(host_name_of(bind));
    for (const auto& h : settings.extra_hosts) hosts_.push_back(host_name_of(h));
    session_ms_ = static_cast<int64_t>(settings.session_hours) * 3600 * 1000;
    for (auto it = sessions_.begin(); it != sessions_.end();) {
        bool still_valid = std::any_of(tokens_.begin(), tokens_.end(), [&](const AdminToken& t) {
            return t.sha256_hex == it->second.token_hash;
        });
        it = still_valid ? std::next(it) : sessions_.erase(it);
    }
}

bool AdminAccess::has_tokens() const {
    std::lock_guard lock(mutex_);
    return !tokens_.empty();
}

std::optional<AdminToken> AdminAccess::token(std::string_view presented) const {
    if (presented.empty()) return std::nullopt;
    auto hash = sha256_hex(presented);
    std::lock_guard lock(mutex_);
    for (const auto& t : tokens_)
        if (same_secret_text(t.sha256_hex, hash)) return t;
    return std::nullopt;
}

bool AdminAccess::host_allowed(std::string_view host_header, std::string_view arrived_at) const {
    auto name = host_name_of(host_header);
    if (name.empty()) return false;
    if (name == host_name_of(arrived_at)) return true;
    std::lock_guard lock(mutex_);
    return std::find(hosts_.begin(), hosts_.end(), name) != hosts_.end();
}

std::string AdminAccess::open_session(const AdminToken& token, int64_t now_ms) {
    auto id = random_hex(32);
    std::lock_guard lock(mutex_);
    for (auto it = sessions_.begin(); it != sessions_.end();)   // forget the expired ones
        it = it->second.expires_ms <= now_ms ? sessions_.erase(it) : std::next(it);
    sessions_[id] = {token.name, token.sha256_hex, random_hex(32), now_ms + session_ms_};
    return id;
}

std::optional<AdminSession> AdminAccess::session(std::string_view id, int64_t now_ms) {
    if (id.empty()) return std::nullopt;
    std::lock_guard lock(mutex_);
    auto it = sessions_.find(id);
    if (it == sessions_.end()) return std::nullopt;
    if (it->second.expires_ms <= now_ms) {
        sessions_.erase(it);
        return std::nullopt;
    }
    return it->second;
}

void AdminAccess::close_session(std::string_view id) {
    std::lock_guard lock(mutex_);
    if (auto it = sessions_.find(id); it != sessions_.end()) sessions_.erase(it);
}

}  // namespace skarv::host
