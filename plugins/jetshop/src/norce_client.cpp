#include "norce_client.hpp"

#include <Poco/URI.h>

namespace jetshop {

NorceClient::NorceClient(const Config& config, skarv::HostServices host)
    : config_(config), http_(config.base_url, config.request_timeout), tokens_(config, host) {}

skarv::HttpResponse NorceClient::send(const std::string& method, const std::string& path, const std::string& body,
                                      std::map<std::string, std::string> headers, const std::string& what) {
    headers["Accept"] = "application/json";
    for (int attempt = 0; attempt < 2; ++attempt) {
        headers["Authorization"] = "Bearer " + tokens_.bearer();
        auto r = http_.send(method, path, body, headers, "application/json", what);
        if (r.status != 401) return r;
        tokens_.invalidate();
    }
    auto q = path.find('?');
    throw skarv::PluginError::auth(method + " " + path.substr(0, q) + (what.empty() ? "" : " (" + what + ")") +
                                   ": Norce refused a freshly issued token (HTTP 401); check the OAuth user's access");
}

boost::json::value NorceClient::json(const std::string& method, const std::string& path, const std::string& body,
                                     std::map<std::string, std::string> headers, const std::string& what) {
    auto r = send(method, path, body, std::move(headers), what);
    skarv::HttpClient::classify(r, method, path, what);
    return parse(r, method, path, what);
}

boost::json::value NorceClient::parse(const skarv::HttpResponse& r, const std::string& method, const std::string& path,
                                      const std::string& what) {
    boost::system::error_code ec;
    auto v = boost::json::parse(r.body, ec);
    if (ec) {
        auto q = path.find('?');
        throw skarv::PluginError::invalid("malformed_answer", method + " " + path.substr(0, q) +
                                                                  (what.empty() ? "" : " (" + what + ")") +
                                                                  ": Norce's answer is not JSON (" + ec.message() + ")");
    }
    return v;
}

std::string NorceClient::relative(const std::string& absolute_link) const {
    if (absolute_link.rfind(config_.base_url, 0) == 0) return absolute_link.substr(config_.base_url.size());
    // Another host in the link: keep only its path and query, under our base.
    std::string pq;
    try {
        pq = Poco::URI(absolute_link).getPathEtc();
    } catch (const Poco::Exception&) {
        // Not echoed: like any URL with its query, the link may carry what a log should not.
        throw skarv::PluginError::invalid("malformed_answer", "Norce's @odata.nextLink is not a URL");
    }
    const std::string base_path = Poco::URI(config_.base_url).getPath();
    if (!base_path.empty() && pq.rfind(base_path, 0) == 0) pq = pq.substr(base_path.size());
    return pq;
}

}  // namespace jetshop
