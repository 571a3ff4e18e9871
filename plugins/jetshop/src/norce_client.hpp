#pragma once
// Calls to Norce's Connect and Query services with a bearer token. A 401 means the
// token died early (revoked, clock skew): renew once and retry once; a second 401 is a
// clear authentication error. Everything else is classified by skarv::HttpClient.

#include <map>
#include <string>

#include <boost/json.hpp>

#include <skarv/http_client.hpp>
#include <skarv/plugin.hpp>

#include "config.hpp"
#include "token_cache.hpp"

namespace jetshop {

inline constexpr const char* kConnect = "/commerce/connect/4.0";
inline constexpr const char* kQuery = "/commerce/query/2.0";
// The Job service under Connect. guess norce.job-path, docs/guesses.md
inline constexpr const char* kJobPath = "/api/Job";

class NorceClient {
public:
    NorceClient(const Config& config, skarv::HostServices host);

    // Any HTTP answer but 401 comes back; transport failures throw (retryable).
    skarv::HttpResponse send(const std::string& method, const std::string& path, const std::string& body,
                             std::map<std::string, std::string> headers, const std::string& what);
    // A 2xx answer's JSON; any other answer throws the classified PluginError, and a body
    // that is not JSON throws a non-retryable error naming `what`.
    boost::json::value json(const std::string& method, const std::string& path, const std::string& body,
                            std::map<std::string, std::string> headers, const std::string& what);
    // The JSON of an answer already received (same malformed rule).
    static boost::json::value parse(const skarv::HttpResponse& r, const std::string& method, const std::string& path,
                                    const std::string& what);

    // path+query relative to the base URL, from an absolute link Norce returned.
    std::string relative(const std::string& absolute_link) const;

    TokenCache& tokens() { return tokens_; }
    const Config& config() const { return config_; }

private:
    const Config& config_;
    skarv::HttpClient http_;
    TokenCache tokens_;
};

}  // namespace jetshop
