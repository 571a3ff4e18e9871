#pragma once
// status.read: order and invoice heads changed since the last pass, turned into
// canonical OrderStatusEvents for the orders that came from the shop.

#include <boost/json.hpp>

#include "context.hpp"

namespace visma {

class StatusReader {
public:
    explicit StatusReader(const Context& ctx) : ctx_(ctx) {}
    boost::json::value read(const boost::json::object& request);

private:
    const Context& ctx_;
};

}  // namespace visma
