#pragma once
// Order status out of Specter: the order change feed (getOrdersExternalNeedUpdate) of
// every configured webshop becomes canonical OrderStatusEvents, keyed by the shop's
// order id (externalOrderNo). Deliveries carry their tracking number; invoices carry a
// capture of the order's amount with its payment reference, from what this connector
// remembered when it wrote the order (the feed shows neither). Batches are acknowledged
// only in status.ack, after the host has recorded them.

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
