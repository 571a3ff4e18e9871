#include "status_feed.hpp"

#include <skarv/model/order_status.hpp>

#include "order_writer.hpp"

namespace specter {

using skarv::model::OrderStatus;
using skarv::model::OrderStatusEvent;

void StatusFeed::events_of(const Poco::XML::Element* order, boost::json::array& out) const {
    // [SEEN] spectercron.php keys everything on orderNo and finds the shop's order in its
    // own table: the feed names no shop order.
    std::string order_no = order->getAttribute("orderNo");
    auto known = order_no.empty() ? std::nullopt : shop_order_id(host_, order_no);
    if (!known) {
        // Entered in Specter by hand, or refused as a duplicate before its number was
        // learned (docs/flows.md): nobody to tell.
        host_.info("Specter order " + order_no + " is not one Skarv wrote; its status is not sent to a shop");
        return;
    }
    const std::string& order_id = *known;
    auto remembered = remembered_order(host_, order_id);
    auto base = [&](OrderStatus status, std::string document) {
        OrderStatusEvent e;
        e.order_id = order_id;
        e.erp_document = std::move(document);
        e.status = status;
        if (remembered && !remembered->email.empty()) e.customer_email = remembered->email;
        return e;
    };
    bool cancelled = false;
    for (auto* s : children(order, "orderstatus")) cancelled = s->getAttribute("statusId") == "5";

    for (auto* deliveries : children(order, "deliveries")) {
        auto list = children(deliveries, "delivery");
        // updated="1": a delivery was added since we last acknowledged this order.
        if (deliveries->getAttribute("updated") != "1" || list.empty()) continue;
        const auto* last = list.back();
        auto e = base(OrderStatus::delivered, order_no);
        e.occurred_at = last->getAttribute("deliveryDate");
        if (auto t = last->getAttribute("trackingNo"); !t.empty()) e.tracking_number = t;
        out.push_back(boost::json::value_from(e));
    }
    // Invoices are not in the feed: they come by the actionNewInvoice callback
    // (callback_events.cpp).
    if (cancelled) out.push_back(boost::json::value_from(base(OrderStatus::cancelled, order_no)));
}

boost::json::object StatusFeed::read(const boost::json::object& request) const {
    skarv::JsonReader r(request, "request");
    int64_t limit = r.integer_or("limit", 100);
    boost::json::value cursor = request.contains("cursor") ? request.at("cursor") : boost::json::value();
    std::vector<FeedBatch> batches;
    boost::json::array records;
    bool more = false;
    for (const auto& webshop : api_.config().webshop_ids()) {
        auto batch = feed_.fetch(webshop, recorded_batch(cursor, webshop), limit);
        if (auto* orders = batch.answer.payload("orders"))
            for (auto* order : children(orders, "order")) events_of(order, records);
        more = more || batch.more;
        batches.push_back(std::move(batch));
    }
    return {{"records", std::move(records)}, {"cursor", batches_cursor(batches)}, {"more", more}, {"ack", true}};
}

boost::json::object StatusFeed::ack(const boost::json::object& request) const {
    acknowledge_cursor(feed_, request.contains("cursor") ? request.at("cursor") : boost::json::value());
    return {};
}

}  // namespace specter
