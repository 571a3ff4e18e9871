#pragma once
// Specter's push side: the URLs a client registered with checkAccountSettings are
// called with a plain GET when something changes, placeholders ($orderId, $invoiceId,
// $invoiceSource, $orderNo) filled in. The calls go out from one worker thread so no
// API answer waits on a slow receiver, and a receiver that fails is only logged, as
// the callbacks are mere triggers for the feeds.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace skarv::sandbox::specter {

struct CallbackResult {
    uint64_t seq = 0;
    std::string url;
    int status = 0;      // 0 when the receiver could not be reached
    std::string error;
};

class CallbackSender {
public:
    CallbackSender();
    ~CallbackSender();
    CallbackSender(const CallbackSender&) = delete;
    CallbackSender& operator=(const CallbackSender&) = delete;

    void send(std::string url);
    // Waits until every queued call has been made (tests), at most timeout_ms.
    bool flush(int timeout_ms);
    std::vector<CallbackResult> log() const;

private:
    void run();

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable idle_;
    std::deque<std::string> queue_;
    bool busy_ = false;
    bool stopping_ = false;
    uint64_t next_seq_ = 1;
    std::vector<CallbackResult> log_;
    std::thread worker_;
};

}  // namespace skarv::sandbox::specter
