#include "http_client.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

#include <Poco/Exception.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

namespace skarv::bench {

boost::json::value HttpAnswer::json() const {
    boost::system::error_code ec;
    auto v = boost::json::parse(body, ec);
    if (ec) throw std::runtime_error("answer is not JSON (" + ec.message() + "): " + body.substr(0, 200));
    return v;
}

HttpClient::HttpClient(const std::string& base_url, int timeout_s) : base_url_(base_url) {
    Poco::URI uri(base_url);
    session_ = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
    session_->setTimeout(Poco::Timespan(timeout_s, 0));
    session_->setKeepAlive(true);
}

HttpClient::~HttpClient() = default;

HttpAnswer HttpClient::request(const std::string& method, const std::string& path_and_query, const std::string& body,
                               const std::string& bearer) {
    // One retry on a fresh connection: a server may close an idle keep-alive connection.
    for (int attempt = 0;; ++attempt) {
        try {
            Poco::Net::HTTPRequest req(method, path_and_query, Poco::Net::HTTPMessage::HTTP_1_1);
            req.setKeepAlive(true);
            if (!bearer.empty()) req.set("Authorization", "Bearer " + bearer);
            if (method == "POST" || method == "PUT") {
                req.setContentType("application/json");
                req.setContentLength(static_cast<std::streamsize>(body.size()));
            }
            auto& out = session_->sendRequest(req);
            if (!body.empty()) out << body;
            Poco::Net::HTTPResponse resp;
            auto& in = session_->receiveResponse(resp);
            HttpAnswer answer;
            answer.status = static_cast<int>(resp.getStatus());
            Poco::StreamCopier::copyToString(in, answer.body);
            return answer;
        } catch (const Poco::Exception& e) {
            session_->reset();
            if (attempt >= 1)
                throw std::runtime_error(method + " " + base_url_ + path_and_query + ": " + e.displayText());
        }
    }
}

boost::json::value HttpClient::get_json(const std::string& path) {
    auto a = request("GET", path);
    if (a.status < 200 || a.status >= 300)
        throw std::runtime_error("GET " + base_url_ + path + " answered " + std::to_string(a.status) + ": " +
                                 a.body.substr(0, 300));
    return a.json();
}

boost::json::value HttpClient::post_json(const std::string& path, const boost::json::value& body,
                                         const std::string& bearer) {
    auto a = request("POST", path, boost::json::serialize(body), bearer);
    if (a.status < 200 || a.status >= 300)
        throw std::runtime_error("POST " + base_url_ + path + " answered " + std::to_string(a.status) + ": " +
                                 a.body.substr(0, 300));
    return a.json();
}

std::string loopback_url(uint16_t port) { return "http://127.0.0.1:" + std::to_string(port); }

uint16_t free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) throw std::runtime_error("socket() failed while looking for a free port");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
        ::close(fd);
        throw std::runtime_error("could not bind a loopback port");
    }
    ::close(fd);
    return ntohs(addr.sin_port);
}

}  // namespace skarv::bench
