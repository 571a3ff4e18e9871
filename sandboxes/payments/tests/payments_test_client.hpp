#pragma once
// A plain HTTP client for the payment emulators' tests: one GET with headers, the answer
// as status, content type and body.

#include <Poco/Base64Encoder.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <map>
#include <sstream>
#include <string>

#include <boost/json.hpp>

namespace payments_test {

struct Reply {
    int status = 0;
    std::string content_type;
    std::string body;
    boost::json::value json() const { return boost::json::parse(body); }
};

inline Reply get(const std::string& base_url, const std::string& path_and_query,
                 const std::map<std::string, std::string>& headers = {}) {
    Poco::URI uri(base_url);
    Poco::Net::HTTPClientSession session(uri.getHost(), uri.getPort());
    Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_GET, path_and_query, Poco::Net::HTTPMessage::HTTP_1_1);
    for (const auto& [k, v] : headers) req.set(k, v);
    session.sendRequest(req);
    Poco::Net::HTTPResponse res;
    auto& in = session.receiveResponse(res);
    Reply r;
    r.status = static_cast<int>(res.getStatus());
    r.content_type = res.getContentType();
    Poco::StreamCopier::copyToString(in, r.body);
    return r;
}

inline std::string basic(const std::string& user, const std::string& password) {
    std::ostringstream s;
    Poco::Base64Encoder b(s);
    b.rdbuf()->setLineLength(0);
    b << user << ':' << password;
    b.close();
    return "Basic " + s.str();
}

}  // namespace payments_test
