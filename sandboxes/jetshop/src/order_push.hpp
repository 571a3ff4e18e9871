#pragma once
// Norce's order push: every new order is POSTed as an OrderRequest to the merchant's
// ERP endpoint with Basic auth, and retried until the answer is an OrderResponse with
// StatusCode "OK". Every attempt is recorded on the order.

#include <thread>

#include "model.hpp"

namespace skarv::sandbox::jetshop {

class OrderPusher {
public:
    explicit OrderPusher(Shop& shop) : shop_(shop) {}
    ~OrderPusher() { stop(); }
    void start();
    void stop();   // shop.stopping must be set by the caller first

private:
    void loop();
    Shop& shop_;
    std::thread thread_;
};

}  // namespace skarv::sandbox::jetshop
