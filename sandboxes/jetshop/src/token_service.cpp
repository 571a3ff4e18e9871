#include "token_service.hpp"

#include <chrono>
#include <sstream>

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/URI.h>

#include "wire_format.hpp"

namespace skarv::sandbox::jetshop {

namespace json = boost::json;

namespace {

constexpr double kBurst = 20.0;            // documented: burst 20
constexpr double kRefillPerSecond = 3.0 / 60.0;   // documented: 3 requests a minute

std::map<std::string, std::string> parse_form(const std::string& body) {
    std::map<std::string, std::string> out;
    std::istringstream in(body);
    std::string pair;
    while (std::getline(in, pair, '&')) {
        if (pair.empty()) continue;
        const auto eq = pair.find('=');
        std::string k = pair.substr(0, eq), v = eq == std::string::npos ? "" : pair.substr(eq + 1);
        for (auto* s : {&k, &v})
            for (auto& c : *s)
                if (c == '+') c = ' ';
        std::string dk, dv;
        Poco::URI::decode(k, dk);
        Poco::URI::decode(v, dv);
        out[dk] = dv;
    }
    return out;
}

std::string base64url(const std::string& raw) {
    std::ostringstream out;
    Poco::Base64Encoder enc(out, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
    enc.rdbuf()->setLineLength(0);
    enc << raw;
    enc.close();
    return out.str();
}

HttpReply oauth_error(int status, const std::string& error, const std::string& description) {
    return wire_json(json::object{{"error", error}, {"error_description", description}}, status);
}

}  // namespace

TokenService::TokenService(std::string client_id, std::string client_secret, int ttl_s, bool rate_limit)
    : client_id_(std::move(client_id)), client_secret_(std::move(client_secret)), ttl_s_(ttl_s),
      rate_limit_(rate_limit), rng_(std::random_device{}()), bucket_(kBurst), bucket_at_(Clock::now()) {}

bool TokenService::take_rate_token(Clock::time_point now) {
    const double elapsed = std::chrono::duration<double>(now - bucket_at_).count();
    bucket_ = std::min(kBurst, bucket_ + elapsed * kRefillPerSecond);
    bucket_at_ = now;
    if (bucket_ < 1.0) return false;
    bucket_ -= 1.0;
    return true;
}

std::string TokenService::mint(Clock::time_point expires) {
    // Shaped like the JWT Norce returns so clients that peek at "exp" keep working;
    // the signature is not a signature, and nothing here checks one.
    const auto exp = std::chrono::system_clock::now() + (expires - Clock::now());
    const json::object header{{"alg", "none"}, {"typ", "JWT"}};
    const json::object claims{
        {"client_id", client_id_},
        {"exp", std::chrono::duration_cast<std::chrono::seconds>(exp.time_since_epoch()).count()},
        {"jti", std::to_string(rng_())}};
    return base64url(json::serialize(header)) + "." + base64url(json::serialize(claims)) + "." +
           base64url("skarv-emulator-" + std::to_string(rng_()));
}

HttpReply TokenService::issue(const HttpRequest& req) {
    auto form = parse_form(req.body);
    // RFC 6749 lets a client send its credentials as Basic auth instead of in the body.
    const std::string auth = req.header("authorization");
    if (form["client_id"].empty() && auth.rfind("Basic ", 0) == 0) {
        std::istringstream in(auth.substr(6));
        Poco::Base64Decoder dec(in);
        std::string pair((std::istreambuf_iterator<char>(dec)), std::istreambuf_iterator<char>());
        const auto colon = pair.find(':');
        form["client_id"] = pair.substr(0, colon);
        form["client_secret"] = colon == std::string::npos ? "" : pair.substr(colon + 1);
    }
    std::lock_guard lock(mu_);
    const auto now = Clock::now();
    if (rate_limit_ && !take_rate_token(now)) {
        ++throttled_;
        auto r = oauth_error(429, "rate_limited", "too many token requests; cache the token");
        r.headers["Retry-After"] = "20";
        return r;
    }
    if (form["grant_type"] != "client_credentials") {
        ++refused_;
        return oauth_error(400, "unsupported_grant_type", "only client_credentials is supported");
    }
    if (form["client_id"] != client_id_ || form["client_secret"] != client_secret_) {
        ++refused_;
        return oauth_error(401, "invalid_client", "unknown client or wrong secret");
    }
    for (auto it = tokens_.begin(); it != tokens_.end();)
        it = it->second <= now ? tokens_.erase(it) : std::next(it);
    const auto expires = now + std::chrono::seconds(ttl_s_);
    std::string token = mint(expires);
    tokens_[token] = expires;
    ++issued_;
    json::object body{{"access_token", token},
                      {"token_type", "Bearer"},
                      {"expires_in", ttl_s_},
                      {"scope", form["scope"].empty() ? "playground" : form["scope"]}};
    return wire_json(body);
}

std::string TokenService::rejection(const HttpRequest& req) {
    const std::string auth = req.header("authorization");
    if (auth.empty()) return "no Authorization header";
    if (auth.size() < 8 || !iequals(auth.substr(0, 7), "Bearer ")) return "Authorization is not a Bearer token";
    const std::string token = auth.substr(7);
    std::lock_guard lock(mu_);
    const auto it = tokens_.find(token);
    if (it == tokens_.end()) return "unknown token";
    if (it->second <= Clock::now()) return "token expired";
    return "";
}

HttpReply TokenService::unauthorized(const std::string& why) {
    auto r = oauth_error(401, "invalid_token", why);
    r.headers["WWW-Authenticate"] = "Bearer error=\"invalid_token\", error_description=\"" + why + "\"";
    return r;
}

json::object TokenService::state() const {
    std::lock_guard lock(mu_);
    const auto now = Clock::now();
    int live = 0;
    for (const auto& [t, exp] : tokens_)
        if (exp > now) ++live;
    return {{"issued", issued_}, {"refused", refused_}, {"throttled", throttled_}, {"live", live},
            {"ttl_s", ttl_s_}, {"rate_limit", rate_limit_}};
}

}  // namespace skarv::sandbox::jetshop
