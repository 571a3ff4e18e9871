#pragma once
// An HTTP client for connectors (Poco), which classifies every failure the way the host
// wants it: timeouts, dropped connections and 5xx are retryable; 429 is retryable and
// carries Retry-After; 401/403 are authentication errors; other 4xx are invalid. The
// messages name the method and path but never the query string, which may hold a key.
// Header-only and optional: only a plugin that includes it needs Poco (Net, NetSSL,
// Foundation). NetSSL too, because https:// uses HTTPSClientSession: a plugin linked
// without it has that symbol undefined, and the host (RTLD_NOW) refuses to load it.
// Poco::NetSSL's CMake target brings OpenSSL (libssl, libcrypto) along, which the TLS
// set-up below calls directly.
//
// HTTPS needs no set-up by the host or the plugin: each client made for an https://
// URL builds its own TLS context (Poco::Net::Context) once, and never touches Poco's
// process-wide SSLManager, which nobody here configures and which every plugin shares
// (one libPocoNetSSL, however many plugins). That context
//   - trusts the system's CA store through OpenSSL's default paths, so the standard
//     SSL_CERT_FILE / SSL_CERT_DIR environment variables point it elsewhere (a private
//     CA: docs/operating.md). They are read when the client is made;
//   - verifies the peer (VERIFY_STRICT: Poco's other modes skip the host-name check for
//     loopback addresses) and checks the URL's host against the certificate, inside
//     OpenSSL's own verification, so a mismatch is refused during the handshake;
//   - refuses anything older than TLS 1.2, and uses OpenSSL's DEFAULT cipher list.
// The trust decision is OpenSSL's alone: our verify callback only records the reason,
// so a handler another plugin might install in the SSLManager (say, one that accepts
// every certificate) cannot overrule it.
// OpenSSL initialisation is reference-counted by each Context for its lifetime, so no
// Poco::Net::initializeSSL() is needed; never call uninitializeSSL() from a plugin: it
// shuts down the SSLManager every other plugin in the process shares.
//
// A refused certificate is SKARV_ERR_INVALID ("tls_certificate"), not retryable: an
// untrusted issuer, a wrong host name or an expired certificate is a configuration
// problem (or someone in the middle), and the same handshake fails the same way until a
// person changes the trust store, the URL or the server's certificate. Nothing has been
// sent at that point. Other TLS failures (a handshake cut short) stay retryable.

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
#include <Poco/Net/IPAddress.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>
#include <Poco/StreamCopier.h>
#include <Poco/Timespan.h>
#include <Poco/URI.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include "skarv/plugin.hpp"

namespace skarv {

namespace detail {

// Why OpenSSL refused the last peer certificate on this thread (empty: it did not). A
// handshake runs on the thread that sends the request, so the request that failed can
// read it right after; thread-local because one client may serve several threads.
inline std::string& tls_refusal_reason() {
    thread_local std::string reason;
    return reason;
}

// OpenSSL's verify callback: keeps OpenSSL's verdict (`ok`) and notes the reason of a
// refusal, e.g. "self-signed certificate" or "hostname mismatch".
inline int note_tls_refusal(int ok, X509_STORE_CTX* store) {
    if (!ok && tls_refusal_reason().empty())
        tls_refusal_reason() = X509_verify_cert_error_string(X509_STORE_CTX_get_error(store));
    return ok;
}

// The TLS context of one client, for one host; see the top of this file.
inline Poco::Net::Context::Ptr make_tls_context(const std::string& host) {
    Poco::Net::Context::Params params;
    params.verificationMode = Poco::Net::Context::VERIFY_STRICT;
    params.loadDefaultCAs = true;
    params.cipherList = "DEFAULT";
    Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
    context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
    context->enableExtendedCertificateVerification(true);   // Poco's own host check, after OpenSSL's
    SSL_CTX* ssl = context->sslContext();
    X509_VERIFY_PARAM* verify = SSL_CTX_get0_param(ssl);
    Poco::Net::IPAddress address;
    bool host_set = Poco::Net::IPAddress::tryParse(host, address)
                        ? X509_VERIFY_PARAM_set1_ip_asc(verify, host.c_str()) == 1
                        : X509_VERIFY_PARAM_set1_host(verify, host.c_str(), host.size()) == 1;
    if (!host_set) throw PluginError::invalid("tls_setup", "cannot check TLS certificates against host '" + host + "'");
    SSL_CTX_set_verify(ssl, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, &note_tls_refusal);
    return context;
}

}  // namespace detail

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
        if (base_.getScheme() == "https") {
            try {
                tls_ = detail::make_tls_context(base_.getHost());
            } catch (const Poco::Exception& e) {
                throw PluginError::invalid("tls_setup", "cannot set up TLS for " + base_.getHost() + ": " + e.displayText());
            }
        }
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
        if (tls_)
            session = std::make_unique<Poco::Net::HTTPSClientSession>(base_.getHost(), base_.getPort(), tls_);
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
        detail::tls_refusal_reason().clear();
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
        } catch (const Poco::Net::SSLException& e) {
            throw tls_failure(e, label(method, path_and_query, what));
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
    PluginError tls_failure(const Poco::Net::SSLException& e, const std::string& where) const {
        const std::string peer = base_.getHost() + ":" + std::to_string(base_.getPort());
        std::string reason = detail::tls_refusal_reason();
        if (reason.empty() && dynamic_cast<const Poco::Net::CertificateValidationException*>(&e))
            reason = e.message();   // Poco's own host-name check, after the handshake
        if (reason.empty()) return PluginError::retryable("tls", where + ": TLS with " + peer + " failed: " + e.displayText());
        return PluginError::invalid("tls_certificate",
                                    where + ": the TLS certificate of " + peer + " was refused (" + reason +
                                        "); check the URL's host, or trust the CA that issued the certificate "
                                        "(SSL_CERT_FILE, docs/operating.md)");
    }

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
    Poco::Net::Context::Ptr tls_;   // https:// only; shared by the copies of a client
};

}  // namespace skarv
