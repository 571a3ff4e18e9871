#pragma once
// An HTTP client for connectors (Poco), which classifies every failure the way the host
// wants it: timeouts, dropped connections and 5xx are retryable; 429 is retryable and
// carries Retry-After; 401/403 are authentication errors; other 4xx are invalid. The
// messages name the method and path but never the query string, which may hold a key.
// Header-only and optional: only a plugin that includes it needs Poco (Net, NetSSL,
// Foundation). NetSSL too, because https:// uses HTTPSClientSession: a plugin linked
// without it has that symbol undefined, and the host (RTLD_NOW) refuses to load it.

#include <algorithm>
#include <cctype>
#include <chrono>
#include <istream>
#include <map>
#include <memory>
#include <sstream>
#include <string>

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/StreamCopier.h>
#include <Poco/Timespan.h>
#include <Poco/URI.h>

#include "skarv/plugin.hpp"

namespace skarv {

struct HttpResponse {
    int status = 0;
    std::string body;
    std::map<std::string, std::string> headers;   // names as the server sent them
    std::string content_type;
};

class HttpClient {
public:
    // base_url: "http://127.0.0.1:8081" or "https://api.example.com/base"
    explicit HttpClient(const std::string& base_url, std::chrono::milliseconds timeout = std::chrono::seconds(30))
        : base_(base_url), timeout_(timeout) {
        if (base_.getScheme() != "http" && base_.getScheme() != "https")
            throw PluginError::invalid("bad_url", "base URL must start with http:// or https://");
    }

    // `path_and_query` is appended to the base URL's path. Throws a classified
    // PluginError for anything but a 2xx answer, naming `what` (e.g. "order 100234").
    HttpResponse request(const std::string& method, const std::string& path_and_query, const std::string& body = "",
                         const std::map<std::string, std::string>& headers = {},
                         const std::string& content_type = "application/json", const std::string& what = "") const {
        auto response = send(method, path_and_query, body, headers, content_type, what);
        classify(response, method, path_and_query, what);
        return response;
    }

    // The same, but any HTTP answer comes back (only transport failures throw).
    HttpResponse send(const std::string& method, const std::string& path_and_query, const std::string& body,
                      const std::map<std::string, std::string>& headers, const std::string& content_type,
                      const std::string& what) const {
        std::unique_ptr<Poco::Net::HTTPClientSession> session;
        if (base_.getScheme() == "https")
            session = std::make_unique<Poco::Net::HTTPSClientSession>(base_.getHost(), base_.getPort());
        else
            session = std::make_unique<Poco::Net::HTTPClientSession>(base_.getHost(), base_.getPort());
        session->setTimeout(Poco::Timespan(static_cast<long>(timeout_.count() / 1000), static_cast<long>(timeout_.count() % 1000) * 1000));
        std::string base_path = base_.getPath();
        if (!base_path.empty() && base_path.back() == '/') base_path.pop_back();
        Poco::Net::HTTPRequest req(method, base_path + path_and_query, Poco::Net::HTTPMessage::HTTP_1_1);
        for (const auto& [k, v] : headers) req.set(k, v);
        if (!body.empty() || method == "POST" || method == "PUT") {
            req.setContentType(content_type);
            req.setContentLength(static_cast<std::streamsize>(body.size()));
        }
        HttpResponse out;
        try {
            auto& os = session->sendRequest(req);
            os << body;
            Poco::Net::HTTPResponse res;
            auto& is = session->receiveResponse(res);
            Poco::StreamCopier::copyToString(is, out.body);
            out.status = static_cast<int>(res.getStatus());
            out.content_type = res.getContentType();
            for (const auto& [k, v] : res) out.headers[k] = v;
        } catch (const Poco::TimeoutException&) {
            throw PluginError::retryable("timeout", label(method, path_and_query, what) + ": no answer within " +
                                                        std::to_string(timeout_.count()) + " ms");
        } catch (const Poco::Exception& e) {
            throw PluginError::retryable("connection", label(method, path_and_query, what) + ": " + e.displayText());
        }
        return out;
    }

    // Turns a non-2xx answer into the right PluginError.
    static void classify(const HttpResponse& r, const std::string& method, const std::string& path, const std::string& what) {
        if (r.status >= 200 && r.status < 300) return;
        auto where = label(method, path, what) + ": HTTP " + std::to_string(r.status);
        if (r.status == 429) {
            int64_t after_ms = 1000;
            for (const auto& [k, v] : r.headers)
                if (equals_nocase(k, "Retry-After")) {
                    try {
                        // Seconds; clamped, so a huge value cannot overflow into a
                        // negative delay. An HTTP-date keeps the default.
                        after_ms = std::min<long long>(std::max<long long>(std::stoll(v), 0), 86400) * 1000;
                    } catch (...) {
                    }
                }
            throw PluginError::retry_after("rate_limited", where + " (rate limited, retry after " + std::to_string(after_ms) + " ms)",
                                           after_ms);
        }
        if (r.status == 401 || r.status == 403) throw PluginError::auth(where + " (credentials refused)");
        if (r.status >= 500 || r.status == 408) throw PluginError::retryable("http_" + std::to_string(r.status), where);
        throw PluginError::invalid("http_" + std::to_string(r.status), where + ": " + r.body.substr(0, 200));
    }

private:
    // "POST /Order/CreateInvoice (order 100234)": the query string is left out because it
    // may carry a key or a signature.
    static std::string label(const std::string& method, const std::string& path, const std::string& what) {
        auto q = path.find('?');
        return method + " " + path.substr(0, q) + (what.empty() ? "" : " (" + what + ")");
    }
    static bool equals_nocase(const std::string& a, const std::string& b) {
        if (a.size() != b.size()) return false;
        for (std::size_t i = 0; i < a.size(); ++i)
            if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
        return true;
    }

    Poco::URI base_;
    std::chrono::milliseconds timeout_;
};

}  // namespace skarv
