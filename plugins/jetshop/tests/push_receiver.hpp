#pragma once
// Stands in for the host's push endpoint in tests: Norce (the emulator) POSTs an
// OrderRequest here; it is handed to the plugin's orders.parse_push exactly as the host
// would, and the plugin's reply (or a 401/500 on its refusal) goes back to Norce.

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>

#include "plugin_fixture.hpp"

namespace jetshop_test {

class PushReceiver {
public:
    // Each push goes through `call` (the plugin instance) under a lock: a host never
    // overlaps calls on one instance either.
    PushReceiver() {
        socket_ = std::make_unique<Poco::Net::ServerSocket>(Poco::Net::SocketAddress("127.0.0.1", 0));
        auto params = new Poco::Net::HTTPServerParams;
        params->setMaxThreads(2);
        server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(*this), *socket_, params);
        server_->start();
    }
    ~PushReceiver() { server_->stopAll(true); }

    // Until a plugin is attached, pushes are answered 503 and Norce retries them.
    void attach(PluginInstance* plugin) {
        std::lock_guard lock(mu_);
        plugin_ = plugin;
    }

    std::string url() const { return "http://127.0.0.1:" + std::to_string(socket_->address().port()) + "/norce/orders"; }

    std::vector<json::object> records() {
        std::lock_guard lock(mu_);
        return records_;
    }
    std::vector<CallResult> results() {
        std::lock_guard lock(mu_);
        return results_;
    }

private:
    struct Handler : Poco::Net::HTTPRequestHandler {
        explicit Handler(PushReceiver& r) : r(r) {}
        void handleRequest(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& resp) override {
            std::string body;
            Poco::StreamCopier::copyToString(req.stream(), body);
            json::object headers;
            for (const auto& [k, v] : req) {
                std::string lower = k;
                for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                headers[lower] = v;
            }
            CallResult result;
            {
                std::lock_guard lock(r.mu_);
                if (!r.plugin_) {
                    resp.setStatus(Poco::Net::HTTPResponse::HTTP_SERVICE_UNAVAILABLE);
                    resp.send() << "{}";
                    return;
                }
                result = r.plugin_->call(json::object{{"op", "orders.parse_push"}, {"body", body}, {"headers", headers}});
                r.results_.push_back(result);
                if (result.ok())
                    for (const auto& rec : result.document.at("records").as_array()) r.records_.push_back(rec.as_object());
            }
            if (!result.ok()) {
                resp.setStatus(result.status == SKARV_ERR_AUTH ? Poco::Net::HTTPResponse::HTTP_UNAUTHORIZED
                                                               : Poco::Net::HTTPResponse::HTTP_INTERNAL_SERVER_ERROR);
                resp.send() << "{\"StatusCode\":\"Failed\"}";
                return;
            }
            const auto& reply = result.document.at("reply").as_object();
            resp.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(reply.at("status").as_int64()));
            resp.setContentType(std::string(reply.at("content_type").as_string()));
            resp.send() << std::string(reply.at("body").as_string());
        }
        PushReceiver& r;
    };
    struct Factory : Poco::Net::HTTPRequestHandlerFactory {
        explicit Factory(PushReceiver& r) : r(r) {}
        Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
            return new Handler(r);
        }
        PushReceiver& r;
    };

    PluginInstance* plugin_ = nullptr;
    std::mutex mu_;
    std::vector<json::object> records_;
    std::vector<CallResult> results_;
    std::unique_ptr<Poco::Net::ServerSocket> socket_;
    std::unique_ptr<Poco::Net::HTTPServer> server_;
};

}  // namespace jetshop_test
