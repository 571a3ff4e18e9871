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
//
// Connections are kept alive and reused. A client holds the connections it opened to its
// one host (scheme, host and port of the base URL) between requests, so a pass of a
// thousand calls opens one connection, not a thousand, and over https:// pays one full
// TLS handshake. Keep the client (a member of the plugin instance), not one per call.
//   - An idle connection is reused only while it is fresh: idle less than
//     kKeepIdleAtMost (or the server's own Keep-Alive timeout, less a second), and
//     nothing readable on it, which is what a server that closed it leaves (its FIN, or
//     TLS close_notify). Otherwise it is closed and a new one opened, transparently.
//   - A server may still close the connection between that check and our request: the
//     race every keep-alive client has. A request that fails so on a reused connection,
//     before any answer, is sent once more on a new connection when that cannot do
//     anything twice; see may_resend().
//   - A new https:// connection resumes the TLS session of the last one (its Session
//     handed to the new HTTPSClientSession), so a reconnect costs no certificate
//     exchange. Sessions stay inside one client: one host, one trust store.
//   - Answers that end the connection (Connection: close, or a body that runs until
//     the connection closes) are read, and the connection is closed, never reused.
// Every socket operation runs with SIGPIPE blocked on the calling thread: writing to a
// connection the server has just reset must be an error, not the end of the process.
// libPocoFoundation blocks SIGPIPE when it is loaded, but only on the loading thread and
// the threads it starts later; that is every thread of skarv, not necessarily of another
// host of the C ABI (which may call from threads it made before loading the plugin).

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <istream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#ifndef _WIN32
#include <pthread.h>
#include <signal.h>
#include <time.h>
#endif

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/IPAddress.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/Session.h>
#include <Poco/Net/Socket.h>
#include <Poco/StreamCopier.h>
#include <Poco/Timespan.h>
#include <Poco/URI.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include "skarv/plugin.hpp"

namespace skarv {

namespace detail {

// Why OpenSSL refused the last peer certificate, per thread, for one TLS context (empty:
// it did not). A handshake runs on the thread that sends the request, so the request that
// failed reads its own thread's reason right after; one client may serve several threads.
// Kept on the SSL_CTX (OpenSSL's ex_data, freed with the context), not in a thread_local:
// a thread_local in a dlopen'd plugin is dynamic TLS, which GCC 12's LeakSanitizer misreads
// when glibc's block happens to sit 16 bytes into a page (google/sanitizers#1322: "Tracer
// caught signal 11"), and which every plugin built on this header would carry.
class TlsRefusals {
public:
    void note(const char* reason) {
        std::lock_guard lock(mutex_);
        reasons_.try_emplace(std::this_thread::get_id(), reason);   // the first reason is the cause
    }
    void clear() {
        std::lock_guard lock(mutex_);
        reasons_.erase(std::this_thread::get_id());
    }
    std::string take() {
        std::lock_guard lock(mutex_);
        auto it = reasons_.find(std::this_thread::get_id());
        if (it == reasons_.end()) return {};
        std::string reason = std::move(it->second);
        reasons_.erase(it);
        return reason;
    }

    // The slot on an SSL_CTX that holds its TlsRefusals; OpenSSL frees it with the context.
    static int slot() {
        static const int index = SSL_CTX_get_ex_new_index(
            0, nullptr, nullptr, nullptr,
            [](void*, void* held, CRYPTO_EX_DATA*, int, long, void*) { delete static_cast<TlsRefusals*>(held); });
        return index;
    }
    static TlsRefusals* of(SSL_CTX* context) {
        return context ? static_cast<TlsRefusals*>(SSL_CTX_get_ex_data(context, slot())) : nullptr;
    }

private:
    std::mutex mutex_;
    std::unordered_map<std::thread::id, std::string> reasons_;
};

// OpenSSL's verify callback: keeps OpenSSL's verdict (`ok`) and notes the reason of a
// refusal, e.g. "self-signed certificate" or "hostname mismatch".
inline int note_tls_refusal(int ok, X509_STORE_CTX* store) {
    if (ok) return ok;
    auto* ssl = static_cast<SSL*>(X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()));
    if (auto* refusals = ssl ? TlsRefusals::of(SSL_get_SSL_CTX(ssl)) : nullptr)
        refusals->note(X509_verify_cert_error_string(X509_STORE_CTX_get_error(store)));
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
    auto refusals = std::make_unique<TlsRefusals>();
    if (SSL_CTX_set_ex_data(ssl, TlsRefusals::slot(), refusals.get()) != 1)
        throw PluginError::invalid("tls_setup", "cannot set up TLS for host '" + host + "'");
    refusals.release();   // the context owns it now
    SSL_CTX_set_verify(ssl, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, &note_tls_refusal);
    // Client-side session caching, so Poco hands a new connection the Session we give
    // it (it checks sessionCacheEnabled()). NO_INTERNAL_STORE: the client keeps the one
    // session it resumes itself, so OpenSSL's own cache holds nothing that could grow.
    SSL_CTX_set_session_cache_mode(ssl, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
    return context;
}

// Blocks SIGPIPE on this thread for its lifetime and swallows one raised meanwhile; the
// way libpq keeps a write to a reset socket (plain or inside OpenSSL) an error code.
class SigpipeBlocked {
public:
#ifndef _WIN32
    SigpipeBlocked() {
        sigemptyset(&pipe_);
        sigaddset(&pipe_, SIGPIPE);
        pthread_sigmask(SIG_BLOCK, &pipe_, &before_);
        sigset_t pending;
        sigpending(&pending);
        was_pending_ = sigismember(&pending, SIGPIPE) == 1;
    }
    ~SigpipeBlocked() {
        sigset_t pending;
        sigpending(&pending);
        // One that was pending before is not ours to take.
        if (!was_pending_ && sigismember(&pending, SIGPIPE) == 1) {
            const timespec now{0, 0};
            while (sigtimedwait(&pipe_, nullptr, &now) < 0 && errno == EINTR) {
            }
        }
        pthread_sigmask(SIG_SETMASK, &before_, nullptr);
    }

private:
    sigset_t pipe_{};
    sigset_t before_{};
    bool was_pending_ = false;
#else
    SigpipeBlocked() = default;   // no SIGPIPE on Windows
#endif
public:
    SigpipeBlocked(const SigpipeBlocked&) = delete;
    SigpipeBlocked& operator=(const SigpipeBlocked&) = delete;
};

// The connections one client keeps open to its host between requests, and the TLS
// session the next new connection resumes. Shared by the copies of a client and safe
// across threads: each request takes a connection for itself, so concurrent requests
// use separate connections and none waits for another.
class ConnectionPool {
public:
    using Connection = std::unique_ptr<Poco::Net::HTTPClientSession>;
    using Clock = std::chrono::steady_clock;

    ConnectionPool() = default;
    ConnectionPool(const ConnectionPool&) = delete;
    ConnectionPool& operator=(const ConnectionPool&) = delete;
    ~ConnectionPool() {
        SigpipeBlocked no_sigpipe;   // closing TLS writes close_notify, maybe to a dead peer
        idle_.clear();
    }

    // A kept connection that still looks usable, newest first, or null. Stale ones are
    // closed on the way.
    Connection take() {
        for (;;) {
            Idle idle;
            {
                std::lock_guard lock(mutex_);
                if (idle_.empty()) return nullptr;
                idle = std::move(idle_.back());
                idle_.pop_back();
            }
            if (Clock::now() - idle.since < idle.keep_for && !closed_by_peer(*idle.connection))
                return std::move(idle.connection);
        }
    }

    // Keeps a connection whose last answer was read to the end, for `keep_for`.
    void give_back(Connection connection, std::chrono::milliseconds keep_for) {
        std::lock_guard lock(mutex_);
        // More idle connections than threads ever used at once would only hold sockets.
        if (idle_.size() >= kMaxIdle) return;
        idle_.push_back(Idle{std::move(connection), Clock::now(), keep_for});
    }

    Poco::Net::Session::Ptr tls_session() {
        std::lock_guard lock(mutex_);
        return tls_session_;
    }
    void remember(Poco::Net::Session::Ptr session) {
        if (!session) return;
        std::lock_guard lock(mutex_);
        tls_session_ = std::move(session);
    }

private:
    static constexpr std::size_t kMaxIdle = 4;
    struct Idle {
        Connection connection;
        Clock::time_point since;
        std::chrono::milliseconds keep_for{0};
    };

    // Between requests a server sends nothing, so anything readable (end of stream,
    // close_notify, a reset, stray bytes) means the connection is no longer one to
    // send a request on.
    static bool closed_by_peer(Poco::Net::HTTPClientSession& connection) {
        try {
            return connection.socket().poll(Poco::Timespan(0),
                                            Poco::Net::Socket::SELECT_READ | Poco::Net::Socket::SELECT_ERROR);
        } catch (const Poco::Exception&) {
            return true;
        }
    }

    std::mutex mutex_;
    std::vector<Idle> idle_;
    Poco::Net::Session::Ptr tls_session_;
};

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
        : base_(base_url), timeout_(timeout), connections_(std::make_shared<detail::ConnectionPool>()) {
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
        detail::SigpipeBlocked no_sigpipe;
        std::string base_path = base_.getPath();
        if (!base_path.empty() && base_path.back() == '/') base_path.pop_back();
        Poco::Net::HTTPRequest req(method, base_path + path_and_query, Poco::Net::HTTPMessage::HTTP_1_1);
        for (const auto& [k, v] : headers) req.set(k, v);
        if (!body.empty() || method == "POST" || method == "PUT") {
            req.setContentType(content_type);
            req.setContentLength(static_cast<std::streamsize>(body.size()));
        }
        try {
            auto connection = connections_->take();
            bool reused = connection != nullptr;
            for (;;) {
                if (!connection) connection = open();
                if (auto* refusals = tls_ ? detail::TlsRefusals::of(tls_->sslContext()) : nullptr) refusals->clear();
                Stage stage = Stage::sending;
                try {
                    return exchange(std::move(connection), req, body, stage);
                } catch (const Poco::Exception& e) {
                    if (!reused || !may_resend(method, stage, e)) throw;
                    reused = false;   // once, on a new connection
                }
            }
        } catch (const Poco::TimeoutException&) {
            throw PluginError::retryable("timeout", label(method, path_and_query, what) + ": no answer within " +
                                                        std::to_string(timeout_.count()) + " ms");
        } catch (const Poco::Net::SSLException& e) {
            throw tls_failure(e, label(method, path_and_query, what));
        } catch (const Poco::Exception& e) {
            throw PluginError::retryable("connection", label(method, path_and_query, what) + ": " + e.displayText());
        }
    }

    // How long an idle connection is trusted when the server does not say (Keep-Alive:
    // timeout=N). Shorter than common server defaults (Apache's 5 s, IIS's 120 s), so
    // that within a pass, where calls follow each other, connections are reused, while
    // one idle for longer is replaced before the server is likely to drop it.
    static constexpr std::chrono::milliseconds kKeepIdleAtMost{4000};

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
    // Where a request was when it failed.
    enum class Stage { sending, awaiting_answer, reading_answer };

    // A new, not yet connected, session to the base URL's host; it connects on its first
    // request. Over TLS it offers the session of the last connection for resumption.
    std::unique_ptr<Poco::Net::HTTPClientSession> open() const {
        std::unique_ptr<Poco::Net::HTTPClientSession> session;
        if (tls_)
            session = std::make_unique<Poco::Net::HTTPSClientSession>(base_.getHost(), base_.getPort(), tls_,
                                                                      connections_->tls_session());
        else
            session = std::make_unique<Poco::Net::HTTPClientSession>(base_.getHost(), base_.getPort());
        session->setKeepAlive(true);
        // Poco would otherwise reconnect an old session behind our back (after 8 s),
        // without the TLS session we hold; the pool retires connections before this.
        session->setKeepAliveTimeout(Poco::Timespan(3600, 0));
        session->setTimeout(Poco::Timespan(static_cast<long>(timeout_.count() / 1000),
                                           static_cast<long>(timeout_.count() % 1000) * 1000));
        return session;
    }

    // One request and its whole answer on `connection`, which goes back to the pool
    // afterwards if the server keeps it open. `stage` tells a failure's caller how far
    // it got.
    HttpResponse exchange(std::unique_ptr<Poco::Net::HTTPClientSession> connection, Poco::Net::HTTPRequest& req,
                          const std::string& body, Stage& stage) const {
        auto& os = connection->sendRequest(req);
        os << body;
        os.flush();
        // Poco records a failed write on the session (the stream swallows it); until
        // here, the server has not had the whole request.
        if (const Poco::Exception* failed = connection->networkException()) failed->rethrow();
        if (!os) throw Poco::IOException("the request could not be written");
        stage = Stage::awaiting_answer;
        Poco::Net::HTTPResponse res;
        auto& is = connection->receiveResponse(res);
        stage = Stage::reading_answer;
        HttpResponse out;
        Poco::StreamCopier::copyToString(is, out.body);
        out.status = static_cast<int>(res.getStatus());
        out.content_type = res.getContentType();
        for (const auto& [k, v] : res) out.headers[k] = v;
        if (auto keep_for = reusable_for(req, res); keep_for.count() > 0) {
            if (tls_) connections_->remember(Poco::Net::SecureStreamSocket(connection->socket()).currentSession());
            connections_->give_back(std::move(connection), keep_for);
        }
        return out;
    }

    // How long the connection an answer came on may be reused; zero: not at all.
    static std::chrono::milliseconds reusable_for(const Poco::Net::HTTPRequest& req, const Poco::Net::HTTPResponse& res) {
        if (!res.getKeepAlive()) return std::chrono::milliseconds(0);
        // A body without a length runs until the server closes the connection.
        const auto status = res.getStatus();
        bool bodiless = req.getMethod() == Poco::Net::HTTPRequest::HTTP_HEAD || status < 200 ||
                        status == Poco::Net::HTTPResponse::HTTP_NO_CONTENT ||
                        status == Poco::Net::HTTPResponse::HTTP_NOT_MODIFIED;
        if (!bodiless && !res.hasContentLength() && !res.getChunkedTransferEncoding()) return std::chrono::milliseconds(0);
        auto keep_for = kKeepIdleAtMost;
        // "Keep-Alive: timeout=5, max=100": the server drops idle connections after 5 s;
        // stop using them a second before.
        const std::string keep_alive = res.get("Keep-Alive", "");
        if (auto at = keep_alive.find("timeout="); at != std::string::npos) {
            try {
                long long seconds = std::stoll(keep_alive.substr(at + 8));
                keep_for = std::min(keep_for, std::chrono::milliseconds(std::max(seconds - 1, 0LL) * 1000));
            } catch (...) {
                // Not a number: the default stands.
            }
        }
        return keep_for;
    }

    // Whether a request that failed on a reused connection may go once more on a new
    // one. Only failures that show the connection was already gone qualify (closed or
    // reset, by a server that dropped it while idle): not a timeout, which may mean the
    // server is still working on it, and nothing after the answer began.
    //   - Failed while sending: the server never had the whole request (its length is
    //     in the header), so it cannot have acted on it. Safe for every method.
    //   - Failed after sending, before the answer: safe only for GET, HEAD and OPTIONS,
    //     which change nothing. A POST that was sent in full may have been carried out
    //     by a server that then closed without answering; sending it again could create
    //     an order twice. It fails as a retryable "connection" error instead, and the
    //     host's retry with the connectors' idempotency (orders.find before a create)
    //     decides.
    static bool may_resend(const std::string& method, Stage stage, const Poco::Exception& e) {
        const bool gone = dynamic_cast<const Poco::Net::NoMessageException*>(&e) ||
                          dynamic_cast<const Poco::Net::ConnectionResetException*>(&e) ||
                          dynamic_cast<const Poco::Net::ConnectionAbortedException*>(&e) ||
                          dynamic_cast<const Poco::Net::SSLConnectionUnexpectedlyClosedException*>(&e) ||
                          (dynamic_cast<const Poco::IOException*>(&e) && e.code() == EPIPE);
        if (!gone) return false;
        if (stage == Stage::sending) return true;
        if (stage == Stage::awaiting_answer) return method == "GET" || method == "HEAD" || method == "OPTIONS";
        return false;
    }

    PluginError tls_failure(const Poco::Net::SSLException& e, const std::string& where) const {
        const std::string peer = base_.getHost() + ":" + std::to_string(base_.getPort());
        auto* refusals = tls_ ? detail::TlsRefusals::of(tls_->sslContext()) : nullptr;
        std::string reason = refusals ? refusals->take() : std::string();
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
    std::shared_ptr<detail::ConnectionPool> connections_;   // shared by the copies of a client
};

}  // namespace skarv
