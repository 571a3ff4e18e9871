#include "scripted_server.hpp"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/NullStream.h>
#include <Poco/StreamCopier.h>
#include <Poco/ThreadPool.h>
#include <Poco/Timespan.h>

namespace skarv::fuzz {

std::vector<std::string> split_answers(std::string_view input) {
    std::vector<std::string> out;
    for (;;) {
        auto at = input.find(kAnswerSeparator);
        out.emplace_back(input.substr(0, at));
        if (at == std::string_view::npos) return out;
        input.remove_prefix(at + kAnswerSeparator.size());
    }
}

Script read_script(std::string_view input) {
    auto end = input.find('\n');
    Script s{std::string(input.substr(0, end)), {}};
    if (end != std::string_view::npos) s.answers = split_answers(input.substr(end + 1));
    return s;
}

namespace {

class ScriptHandler : public Poco::Net::HTTPRequestHandler {
public:
    explicit ScriptHandler(ScriptedServer& server) : server_(server) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
        Poco::NullOutputStream discard;
        Poco::StreamCopier::copyStream(request.stream(), discard);   // read the body, keep the connection sane
        auto answer = server_.next(request.getURI());
        response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(answer.status));
        response.setContentType(answer.content_type);
        response.setContentLength(static_cast<std::streamsize>(answer.body.size()));
        response.send().write(answer.body.data(), static_cast<std::streamsize>(answer.body.size()));
    }

private:
    ScriptedServer& server_;
};

class ScriptHandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit ScriptHandlerFactory(ScriptedServer& server) : server_(server) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
        return new ScriptHandler(server_);
    }

private:
    ScriptedServer& server_;
};

}  // namespace

ScriptedServer::ScriptedServer(std::string content_type, std::string fixed_path, std::string fixed_body)
    : content_type_(std::move(content_type)), fixed_path_(std::move(fixed_path)), fixed_body_(std::move(fixed_body)) {
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    port_ = socket.address().port();
    auto params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(2);
    // Every answer says "Connection: close", so the plugins' HttpClient, which otherwise
    // keeps its connection, opens one per request: a kept-alive connection would hold a
    // pool thread (and the harness's exit) for the keep-alive timeout.
    params->setKeepAlive(false);
    params->setThreadIdleTime(Poco::Timespan(0, 200000));
    // Its own pool, not Poco's default one: the default pool's static destructor waits
    // 10 s for threads still parked in it, on every exit of a harness.
    pool_ = std::make_unique<Poco::ThreadPool>(1, 4);
    server_ = std::make_unique<Poco::Net::HTTPServer>(new ScriptHandlerFactory(*this), *pool_, socket, params);
    server_->start();
}

ScriptedServer::~ScriptedServer() {
    server_->stopAll(true);
    // Wait for the pool's threads to leave the server's dispatcher: the last of them drops
    // the dispatcher's last reference, and one still on its way out when the harness
    // exits made LeakSanitizer report the dispatcher as leaked (seen under load).
    pool_->joinAll();
}

std::string ScriptedServer::base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

void ScriptedServer::set_script(std::vector<std::string> answers) {
    std::lock_guard lock(mutex_);
    answers_ = std::move(answers);
    next_ = 0;
}

ScriptedServer::Answer ScriptedServer::next(const std::string& path) {
    std::lock_guard lock(mutex_);
    if (!fixed_path_.empty() && path.rfind(fixed_path_, 0) == 0) return {200, "application/json", fixed_body_};
    if (next_ >= answers_.size()) return {503, "text/plain", "the fuzz script has no more answers"};
    return {200, content_type_, answers_[next_++]};
}

}  // namespace skarv::fuzz
