#pragma once
// Import jobs: a worker runs queued jobs once they are due, and /Job/Get, /Job/GetLog
// report on them the way Storm Connect's Job service does.

#include <thread>

#include <boost/json.hpp>

#include "model.hpp"
#include "skarv/sandbox/http_emulator.hpp"

namespace skarv::sandbox::jetshop {

class JobRunner {
public:
    explicit JobRunner(Shop& shop) : shop_(shop) {}
    ~JobRunner() { stop(); }
    void start();
    void stop();   // shop.stopping must be set by the caller first

private:
    void loop();
    Shop& shop_;
    std::thread thread_;
};

HttpReply job_get(Shop& shop, const HttpRequest& req);
HttpReply job_get_log(Shop& shop, const HttpRequest& req);
boost::json::object job_state(const Job& job);

}  // namespace skarv::sandbox::jetshop
