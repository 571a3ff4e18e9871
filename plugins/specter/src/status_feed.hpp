#pragma once
// Order status out of Specter: the order change feed (getOrdersExternalNeedUpdate) of
// every configured webshop becomes canonical OrderStatusEvents (delivered, cancelled),
// keyed by the shop's order id that this connector remembered for each Specter order
// number it wrote (the feed names only orderNo). Invoices come by callback instead
// (callback_events.hpp). Batches are acknowledged only in status.ack, after the host
// has recorded them.

#include <boost/json.hpp>
#include <skarv/plugin.hpp>

#include "feed_batches.hpp"

namespace specter {

class StatusFeed {
public:
    StatusFeed(const ApiClient& api, skarv::HostServices host)
        : api_(api), host_(host), feed_(api, host, Feed::orders) {}

    boost::json::object read(const boost::json::object& request) const;
    boost::json::object ack(const boost::json::object& request) const;

private:
    void events_of(const Poco::XML::Element* order, boost::json::array& out) const;
    const ApiClient& api_;
    skarv::HostServices host_;
    FeedBatches feed_;
};

}  // namespace specter
