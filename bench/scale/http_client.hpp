#pragma once
// One keep-alive HTTP connection to a loopback server (an emulator's control routes,
// skarv's admin API). One per thread: a session is not shared.

#include <cstdint>
#include <memory>
#include <string>

#include <boost/json.hpp>

namespace Poco::Net {
class HTTPClientSession;
}

namespace skarv::bench {

struct HttpAnswer {
    int status = 0;
    std::string body;
    boost::json::value json() const;   // throws naming the body when it is not JSON
};

class HttpClient {
public:
    explicit HttpClient(const std::string& base_url, int timeout_s = 120);
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    // A JSON body is sent as application/json; bearer, when given, as Authorization.
    HttpAnswer request(const std::string& method, const std::string& path_and_query, const std::string& body = "",
                       const std::string& bearer = "");
    // GET or POST that must answer 2xx; throws naming the path and the answer otherwise.
    boost::json::value get_json(const std::string& path);
    boost::json::value post_json(const std::string& path, const boost::json::value& body, const std::string& bearer = "");

private:
    std::string base_url_;
    std::unique_ptr<Poco::Net::HTTPClientSession> session_;
};

// "http://127.0.0.1:4711" for a port.
std::string loopback_url(uint16_t port);
// A port nobody listens on now (bound to 0, then released), for a server that must be
// named before it starts (the push URL Norce is started with).
uint16_t free_port();

}  // namespace skarv::bench
