#include "headless_chromium.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <Poco/Base64Decoder.h>
#include <Poco/Buffer.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/WebSocket.h>

namespace skarv::test {
namespace fs = std::filesystem;

std::optional<fs::path> HeadlessChromium::find() {
    if (const char* configured = std::getenv("SKARV_CHROMIUM"); configured && *configured) return fs::path(configured);
    const char* path = std::getenv("PATH");
    std::stringstream dirs(path ? path : "/usr/bin:/bin");
    for (std::string dir; std::getline(dirs, dir, ':');)
        for (const char* name : {"chromium", "chromium-browser", "google-chrome"})
            if (auto candidate = fs::path(dir) / name; ::access(candidate.c_str(), X_OK) == 0) return candidate;
    return std::nullopt;
}

HeadlessChromium::HeadlessChromium(const fs::path& binary, const fs::path& profile_dir) {
    fs::create_directories(profile_dir);
    auto log = profile_dir / "chromium.log";
    pid_ = ::fork();
    if (pid_ == 0) {
        auto profile = "--user-data-dir=" + profile_dir.string();
        FILE* out = std::freopen(log.c_str(), "w", stdout);
        (void)out;
        ::dup2(STDOUT_FILENO, STDERR_FILENO);
        // --no-sandbox: tests run as root in CI containers, where Chromium's sandbox cannot start.
        ::execl(binary.c_str(), binary.c_str(), "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--remote-debugging-port=0",
                "--window-size=1200,900", profile.c_str(), "about:blank", static_cast<char*>(nullptr));
        ::_exit(127);
    }
    if (pid_ < 0) throw std::runtime_error("cannot start " + binary.string());
    // Chromium writes the port it chose, and the browser endpoint's path, to this file.
    auto active_port = profile_dir / "DevToolsActivePort";
    std::string port, path;
    for (int i = 0; i < 300 && port.empty(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        std::ifstream in(active_port);
        std::getline(in, port);
        std::getline(in, path);
        if (path.empty()) port.clear();
    }
    if (port.empty()) throw std::runtime_error("chromium did not open its DevTools port; see " + log.string());
    Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<uint16_t>(std::stoi(port)));
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, path, Poco::Net::HTTPMessage::HTTP_1_1);
    Poco::Net::HTTPResponse response;
    socket_ = std::make_unique<Poco::Net::WebSocket>(session, request, response);
    socket_->setMaxPayloadSize(64 << 20);   // screenshots arrive as one base64 message
    socket_->setReceiveTimeout(Poco::Timespan(60, 0));
    auto target = call("Target.createTarget", {{"url", "about:blank"}}, false);
    auto attached = call("Target.attachToTarget", {{"targetId", target.at("targetId")}, {"flatten", true}}, false);
    session_ = std::string(attached.at("sessionId").as_string());
    call("Page.enable", {});
    call("Runtime.enable", {});
}

HeadlessChromium::~HeadlessChromium() {
    try {
        if (socket_) socket_->close();
    } catch (const std::exception&) {
    }
    if (pid_ > 0) {
        ::kill(pid_, SIGTERM);
        int status = 0;
        for (int i = 0; i < 50 && ::waitpid(pid_, &status, WNOHANG) == 0; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        if (::waitpid(pid_, &status, WNOHANG) == 0) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, &status, 0);
        }
    }
}

boost::json::object HeadlessChromium::call(const std::string& method, boost::json::object params, bool in_tab) {
    auto id = next_id_++;
    boost::json::object message{{"id", id}, {"method", method}, {"params", std::move(params)}};
    if (in_tab) message["sessionId"] = session_;
    auto text = boost::json::serialize(message);
    socket_->sendFrame(text.data(), static_cast<int>(text.size()), Poco::Net::WebSocket::FRAME_TEXT);
    // Events arrive in between; read on until the answer with this id.
    for (;;) {
        Poco::Buffer<char> buffer(0);
        int flags = 0;
        do {
            if (socket_->receiveFrame(buffer, flags) <= 0 && buffer.size() == 0)
                throw std::runtime_error("chromium closed the DevTools connection during " + method);
        } while (!(flags & Poco::Net::WebSocket::FRAME_FLAG_FIN));
        auto answer = boost::json::parse(std::string_view(buffer.begin(), buffer.size()));
        const auto& o = answer.as_object();
        if (!o.contains("id") || o.at("id").to_number<int64_t>() != id) continue;
        if (o.contains("error")) throw std::runtime_error(method + ": " + boost::json::serialize(o.at("error")));
        return o.at("result").as_object();
    }
}

void HeadlessChromium::navigate(const std::string& url) {
    call("Page.navigate", {{"url", url}});
    if (!wait_for("document.readyState === 'complete' && location.href.startsWith('" + url.substr(0, url.find('#')) + "')"))
        throw std::runtime_error("the page " + url + " did not load");
}

boost::json::value HeadlessChromium::evaluate(const std::string& expression) {
    auto result = call("Runtime.evaluate", {{"expression", expression}, {"awaitPromise", true}, {"returnByValue", true}});
    if (result.contains("exceptionDetails"))
        throw std::runtime_error("script failed: " + boost::json::serialize(result.at("exceptionDetails")));
    const auto& value = result.at("result").as_object();
    return value.contains("value") ? value.at("value") : boost::json::value();
}

bool HeadlessChromium::wait_for(const std::string& expression, int seconds) {
    for (int i = 0; i < seconds * 10; ++i) {
        try {
            auto v = evaluate("Boolean(" + expression + ")");
            if (v.is_bool() && v.get_bool()) return true;
        } catch (const std::runtime_error&) {
            // The page may be between documents.
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
}

void HeadlessChromium::screenshot(const fs::path& file) {
    auto shot = call("Page.captureScreenshot", {{"format", "png"}});
    std::istringstream encoded(std::string(shot.at("data").as_string()));
    Poco::Base64Decoder decoder(encoded);
    fs::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary);
    out << decoder.rdbuf();
}

}  // namespace skarv::test
