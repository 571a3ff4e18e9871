#include "token_cache.hpp"

#include <Poco/URI.h>

namespace jetshop {

namespace {

constexpr const char* kTokenPath = "/identity/1.0/connect/token";

std::string form_value(const std::string& v) {
    std::string out;
    Poco::URI::encode(v, "!#$&'()*+,/:;=?@[]", out);
    return out;
}

}  // namespace

TokenCache::TokenCache(const Config& config, skarv::HostServices host)
    : config_(config), host_(host), http_(config.base_url, config.request_timeout) {}

const std::string& TokenCache::bearer() {
    if (token_.empty() || host_.now_ms() >= expires_at_ms_) fetch();
    return token_;
}

void TokenCache::invalidate() {
    token_.clear();
    expires_at_ms_ = 0;
}

void TokenCache::fetch() {
    invalidate();
    // Client credentials in the body, as Norce documents; the secret is never echoed.
    const std::string body = "grant_type=client_credentials&client_id=" + form_value(config_.client_id) +
                             "&client_secret=" + form_value(config_.client_secret) +
                             "&scope=" + form_value(config_.scope);
    const std::string what = "token for client '" + config_.client_id + "'";
    auto r = http_.send("POST", kTokenPath, body, {{"Accept", "application/json"}},
                        "application/x-www-form-urlencoded", what);
    ++fetches_;
    if (r.status == 400 || r.status == 401 || r.status == 403)
        throw skarv::PluginError::auth("Norce refused the client credentials of client '" + config_.client_id +
                                       "' (HTTP " + std::to_string(r.status) + " from the token endpoint)");
    // 429 (the endpoint's tight limit) carries Retry-After; 5xx is retryable.
    skarv::HttpClient::classify(r, "POST", kTokenPath, what);
    boost::system::error_code ec;
    auto v = boost::json::parse(r.body, ec);
    const boost::json::object* o = ec ? nullptr : v.if_object();
    const boost::json::value* t = o ? o->if_contains("access_token") : nullptr;
    if (!t || !t->is_string() || t->get_string().empty())
        throw skarv::PluginError::invalid("malformed_answer", "POST " + std::string(kTokenPath) + " (" + what +
                                                                  "): the answer holds no access_token");
    int64_t ttl_s = 3600;
    if (const auto* e = o->if_contains("expires_in"); e && e->is_number()) ttl_s = e->to_number<int64_t>();
    // Renew a margin early, but never so early that a short-lived token is useless.
    const int64_t margin_s = std::min<int64_t>(config_.token_renew_margin_s, ttl_s / 2);
    token_ = std::string(t->get_string());
    expires_at_ms_ = host_.now_ms() + (ttl_s - margin_s) * 1000;
    host_.info("Norce token obtained for client '" + config_.client_id + "', valid " + std::to_string(ttl_s) + " s");
}

}  // namespace jetshop
