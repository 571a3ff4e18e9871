#include "callbacks.hpp"

#include <chrono>

#include <Poco/Exception.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/NullStream.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

namespace skarv::sandbox::specter {

namespace {
// The log is for tests and the demo; it keeps the newest entries only.
constexpr std::size_t log_capacity = 200;
}  // namespace

CallbackSender::CallbackSender() : worker_([this] { run(); }) {}

CallbackSender::~CallbackSender() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    worker_.join();
}

void CallbackSender::send(std::string url) {
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(std::move(url));
    }
    wake_.notify_one();
}

bool CallbackSender::flush(int timeout_ms) {
    std::unique_lock lock(mutex_);
    return idle_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [this] { return queue_.empty() && !busy_; });
}

std::vector<CallbackResult> CallbackSender::log() const {
    std::lock_guard lock(mutex_);
    return log_;
}

void CallbackSender::run() {
    for (;;) {
        std::string url;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (stopping_) return;
            url = std::move(queue_.front());
            queue_.pop_front();
            busy_ = true;
        }
        CallbackResult result;
        result.url = url;
        try {
            Poco::URI uri(url);
            Poco::Net::HTTPClientSession session(uri.getHost(), uri.getPort());
            session.setTimeout(Poco::Timespan(2, 0));
            Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, uri.getPathAndQuery(),
                                           Poco::Net::HTTPMessage::HTTP_1_1);
            session.sendRequest(request);
            Poco::Net::HTTPResponse response;
            auto& body = session.receiveResponse(response);
            Poco::NullOutputStream sink;
            Poco::StreamCopier::copyStream(body, sink);
            result.status = static_cast<int>(response.getStatus());
        } catch (const Poco::Exception& e) {
            result.error = e.displayText();
        } catch (const std::exception& e) {
            result.error = e.what();
        }
        {
            std::lock_guard lock(mutex_);
            result.seq = next_seq_++;
            log_.push_back(std::move(result));
            if (log_.size() > log_capacity) log_.erase(log_.begin());
            busy_ = false;
        }
        idle_.notify_all();
    }
}

}  // namespace skarv::sandbox::specter
