#include "status_feed.hpp"

#include <skarv/model/order_status.hpp>

#include "order_writer.hpp"

namespace specter {

using skarv::model::OrderStatus;
using skarv::model::OrderStatusEvent;

void StatusFeed::events_of(const Poco::XML::Element* order, boost::json::array& out) const {
    std::string order_id = order->getAttribute("externalOrderNo");
    std::string order_no = order->getAttribute("orderNo");
    if (order_id.empty()) {
        // Entered in Specter by hand, not a shop order: nobody to tell.
        host_.info("Specter order " + order_no + " has no externalOrderNo; its status is not sent to a shop");
        return;
    }
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
    // GUESS (emulator): invoices in the order feed; publicly they come as a callback.
    for (auto* invoices : children(order, "invoices"))
        for (auto* inv : children(invoices, "invoice")) {
            auto e = base(OrderStatus::invoiced, inv->getAttribute("invoiceNo"));
            // The emulator invoices whole orders, and the order's total in Specter equals
            // the shop's (order_rows.hpp); the real Specter's invoice amount is not in the
            // feed, so this is the order's amount as written.
            if (remembered && !remembered->payment_reference.empty())
                e.capture = skarv::model::Capture{skarv::model::Money(remembered->total_minor, remembered->currency),
                                                  remembered->payment_reference};
            out.push_back(boost::json::value_from(e));
        }
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
