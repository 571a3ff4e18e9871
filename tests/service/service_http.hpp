#pragma once
// What the service tests share: a plain HTTP client that can send any header (a foreign
// Host, a cookie, a text/plain body), a test admin token, and a way to add the "admin"
// and "http" blocks to a FlowFixture's configuration.

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>

#include <boost/json.hpp>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include "skarv/host/service/admin_tokens.hpp"

namespace skarv::test {

// A token made the way `skarv token new` makes one; only its hash goes into the config.
inline const host::NewAdminToken& test_admin_token() {
    static const host::NewAdminToken token = host::make_admin_token();
    return token;
}
inline std::string bearer() { return "Bearer " + test_admin_token().token; }

struct Reply {
    int status = 0;
    std::string body;
    std::map<std::string, std::string> headers;
};

struct Request {
    std::string method = "GET";
    std::string path = "/";
    std::string body;
    std::string content_type;                     // none when empty
    std::map<std::string, std::string> headers;   // e.g. {"Host", "evil.example"}

    Request(std::string method_, std::string path_, std::string body_ = "", std::string content_type_ = "",
            std::map<std::string, std::string> headers_ = {})
        : method(std::move(method_)), path(std::move(path_)), body(std::move(body_)), content_type(std::move(content_type_)),
          headers(std::move(headers_)) {}
};

inline Reply send(uint16_t port, const Request& r) {
    Poco::Net::HTTPClientSession session("127.0.0.1", port);
    session.setTimeout(Poco::Timespan(30, 0));
    Poco::Net::HTTPRequest req(r.method, r.path, Poco::Net::HTTPMessage::HTTP_1_1);
    if (!r.content_type.empty()) req.setContentType(r.content_type);
    for (const auto& [k, v] : r.headers) req.set(k, v);
    req.setContentLength(static_cast<std::streamsize>(r.body.size()));
    session.sendRequest(req) << r.body;
    Poco::Net::HTTPResponse res;
    Reply out;
    Poco::StreamCopier::copyToString(session.receiveResponse(res), out.body);
    out.status = static_cast<int>(res.getStatus());
    for (const auto& [k, v] : res) out.headers[k] = v;
    return out;
}

// An admin API call with the test token: JSON content type on anything that changes state.
inline Reply admin(uint16_t port, const std::string& method, const std::string& path, const std::string& body = "") {
    Request r{method, path, body, method == "GET" ? "" : "application/json", {{"Authorization", bearer()}}};
    return send(port, r);
}

// Adds top-level blocks (e.g. "admin", "http") to the configuration file at `path`.
inline void add_config_blocks(const std::string& path, const boost::json::object& blocks) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    auto doc = boost::json::parse(text.str());
    for (const auto& [k, v] : blocks) doc.as_object()[k] = v;
    std::ofstream(path) << boost::json::serialize(doc);
}

// The test token as the only admin token, plus `http` settings.
inline void configure_admin(const std::string& path, const boost::json::object& http = {},
                            const boost::json::object& admin_extra = {}) {
    boost::json::object admin{{"tokens", boost::json::array{{{"name", "test"}, {"sha256", test_admin_token().sha256_hex}}}}};
    for (const auto& [k, v] : admin_extra) admin[k] = v;
    boost::json::object blocks{{"admin", admin}};
    if (!http.empty()) blocks["http"] = http;
    add_config_blocks(path, blocks);
}

template <class Pred>
bool eventually(Pred pred, int tries = 200) {
    for (int i = 0; i < tries; ++i) {
        if (pred()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    return false;
}

}  // namespace skarv::test
