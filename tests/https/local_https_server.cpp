#include "local_https_server.hpp"

#include <mutex>

#include <boost/json.hpp>

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/StreamCopier.h>

namespace skarv::test {

namespace {

struct RequestLog {
    std::mutex mutex;
    std::vector<ReceivedRequest> received;
};

class EchoHandler : public Poco::Net::HTTPRequestHandler {
public:
    explicit EchoHandler(RequestLog& log) : log_(log) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
        ReceivedRequest r{request.getMethod(), request.getURI(), {}, request.clientAddress().toString(), false};
        Poco::StreamCopier::copyToString(request.stream(), r.body);
        // The handshake is over once the request has been read.
        Poco::Net::SecureStreamSocket tls(static_cast<Poco::Net::HTTPServerRequestImpl&>(request).socket());
        r.tls_resumed = tls.sessionWasReused();
        if (r.uri == "/close") response.setKeepAlive(false);
        {
            std::lock_guard lock(log_.mutex);
            log_.received.push_back(r);
        }
        auto body = boost::json::serialize(boost::json::object{{"method", r.method}, {"uri", r.uri}, {"body", r.body}});
        response.setContentType("application/json");
        response.setContentLength(static_cast<std::streamsize>(body.size()));
        response.send() << body;
    }

private:
    RequestLog& log_;
};

class EchoFactory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit EchoFactory(RequestLog& log) : log_(log) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
        return new EchoHandler(log_);
    }

private:
    RequestLog& log_;
};

}  // namespace

struct LocalHttpsServer::Impl {
    RequestLog log;
    std::unique_ptr<Poco::Net::HTTPServer> server;
    uint16_t port = 0;
};

LocalHttpsServer::LocalHttpsServer(const std::filesystem::path& key_file, const std::filesystem::path& cert_file)
    : impl_(std::make_unique<Impl>()) {
    // The server does not ask for a client certificate; what is under test is the
    // client's judgement of this one.
    Poco::Net::Context::Ptr context =
        new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, key_file.string(), cert_file.string(), "",
                               Poco::Net::Context::VERIFY_NONE);
    // Resumption needs the server's consent: a session cache (TLS 1.2 session ids; TLS
    // 1.3 tickets work without it).
    context->enableSessionCache(true, "skarv-https-test");
    Poco::Net::SecureServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0), 16, context);
    impl_->port = socket.address().port();
    auto params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(2);
    impl_->server = std::make_unique<Poco::Net::HTTPServer>(new EchoFactory(impl_->log), socket, params);
    impl_->server->start();
}

LocalHttpsServer::~LocalHttpsServer() { impl_->server->stopAll(true); }

uint16_t LocalHttpsServer::port() const { return impl_->port; }

std::vector<ReceivedRequest> LocalHttpsServer::received() const {
    std::lock_guard lock(impl_->log.mutex);
    return impl_->log.received;
}

}  // namespace skarv::test
