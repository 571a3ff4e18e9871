// The shop's order push, as `skarv run` receives it: Norce POSTs each new order to
// /push/{connection}/{channel}, and the host's own Service::accept_push parses it with
// the shop connector, queues it durably and answers. The demo does not start the
// Service (its scheduler would run passes on its own clock); it serves only this one
// route, so the passes stay where the demo puts them.
//
// The gate listens before the emulators start, because Norce needs the URL at start;
// until the host is attached it answers 503, and Norce retries, as it would. It serves
// Specter's invoice callback too, /callback/{connection}/{secret}, through the host's
// own accept_erp_callback, as `skarv run` does.

#include <mutex>

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>

#include "demo_parts.hpp"
#include "skarv/host/service/erp_callback.hpp"
#include "skarv/host/service/service.hpp"

namespace skarv::demo {

struct PushGate::Impl {
    std::mutex mu;
    host::Service* service = nullptr;
    std::unique_ptr<Poco::Net::ServerSocket> socket;
    std::unique_ptr<Poco::Net::HTTPServer> server;
    int pushes = 0;

    struct Handler : Poco::Net::HTTPRequestHandler {
        explicit Handler(Impl& gate) : gate(gate) {}
        void handleRequest(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& resp) override {
            std::string body;
            Poco::StreamCopier::copyToString(req.stream(), body);
            host::PushOutcome outcome{503, "text/plain", "the host is not ready yet\n"};
            // /push/{connection}/{channel}
            const std::string uri = req.getURI();
            const auto q = uri.find('?');
            const std::string path = uri.substr(0, q);
            const auto a = path.find('/', 1), b = a == std::string::npos ? a : path.find('/', a + 1);
            if (path.rfind("/callback/", 0) == 0 && b != std::string::npos) {
                std::lock_guard lock(gate.mu);
                if (gate.service)
                    outcome = host::accept_erp_callback(*gate.service, path.substr(a + 1, b - a - 1), path.substr(b + 1),
                                                        q == std::string::npos ? "" : uri.substr(q + 1), body);
            } else if (req.getMethod() != "POST" || path.rfind("/push/", 0) != 0 || b == std::string::npos) {
                outcome = {404, "text/plain", "no such route\n"};
            } else {
                boost::json::object headers;
                for (const auto& [k, v] : req) headers[Poco::toLower(k)] = v;
                std::lock_guard lock(gate.mu);
                if (gate.service) {
                    int channel = 0;
                    try {
                        channel = std::stoi(path.substr(b + 1));
                    } catch (const std::exception&) {
                    }
                    outcome = gate.service->accept_push(path.substr(a + 1, b - a - 1), channel, body, headers);
                    if (outcome.status / 100 == 2) ++gate.pushes;
                }
            }
            resp.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(outcome.status));
            resp.setContentType(outcome.content_type);
            resp.sendBuffer(outcome.body.data(), outcome.body.size());
        }
        Impl& gate;
    };
    struct Factory : Poco::Net::HTTPRequestHandlerFactory {
        explicit Factory(Impl& gate) : gate(gate) {}
        Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
            return new Handler(gate);
        }
        Impl& gate;
    };
};

PushGate::PushGate() : impl_(std::make_unique<Impl>()) {
    impl_->socket = std::make_unique<Poco::Net::ServerSocket>(Poco::Net::SocketAddress("127.0.0.1", 0));
    auto params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(2);
    params->setKeepAlive(false);
    params->setThreadIdleTime(Poco::Timespan(0, 200000));
    impl_->server = std::make_unique<Poco::Net::HTTPServer>(new Impl::Factory(*impl_), *impl_->socket, params);
    impl_->server->start();
}

PushGate::~PushGate() {
    attach(nullptr);
    impl_->server->stopAll(true);
}

std::string PushGate::url(const std::string& connection, int channel) const {
    return "http://127.0.0.1:" + std::to_string(impl_->socket->address().port()) + "/push/" + connection + "/" +
           std::to_string(channel);
}

std::string PushGate::callback_url(const std::string& connection, const std::string& secret) const {
    return "http://127.0.0.1:" + std::to_string(impl_->socket->address().port()) + "/callback/" + connection + "/" +
           secret;
}

void PushGate::attach(host::Service* service) {
    std::lock_guard lock(impl_->mu);
    impl_->service = service;
}

int PushGate::pushes() const {
    std::lock_guard lock(impl_->mu);
    return impl_->pushes;
}

}  // namespace skarv::demo
