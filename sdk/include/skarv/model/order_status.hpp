#pragma once
// OrderStatusEvent: something the ERP did to an order that the shop must learn:
// confirmed (the ERP created it, under its own order number), delivered (with
// tracking), invoiced (which captures the payment), paid, cancelled.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "skarv/json_reader.hpp"
#include "skarv/model/money.hpp"

namespace skarv::model {

enum class OrderStatus { confirmed, delivered, invoiced, paid, cancelled };

inline const char* to_string(OrderStatus s) {
    switch (s) {
        case OrderStatus::confirmed: return "confirmed";
        case OrderStatus::delivered: return "delivered";
        case OrderStatus::invoiced: return "invoiced";
        case OrderStatus::paid: return "paid";
        case OrderStatus::cancelled: return "cancelled";
    }
    return "delivered";
}
inline OrderStatus order_status_from(const std::string& s, const std::string& path) {
    for (auto v : {OrderStatus::confirmed, OrderStatus::delivered, OrderStatus::invoiced, OrderStatus::paid,
                   OrderStatus::cancelled})
        if (s == to_string(v)) return v;
    throw RecordError(path, "unknown order status '" + s + "' (confirmed, delivered, invoiced, paid, cancelled)");
}

struct Capture {
    Money amount;                    // what to capture at the PSP; may be partial
    std::string payment_reference;   // the PSP's reference from the order
};

// One row of a delivery: which goods left the warehouse, so a partial delivery is expressed.
struct DeliveredLine {
    std::string sku;                 // the article number, as on the order line
    int64_t quantity = 1;            // how many of it this delivery carries; positive
    // The shop order's line number (Norce's LineNumber/RowNumber), when the ERP kept it;
    // without it the shop's lines with this SKU are filled in line order.
    std::optional<int64_t> line_no;
};

struct OrderStatusEvent {
    std::string order_id;            // the shop's reference
    std::string erp_document;        // the ERP's order/invoice number
    // The ERP's number of the order itself (confirmed: the number it was created under),
    // when known; a delivery or invoice event may carry it too.
    std::optional<std::string> erp_order_no;
    OrderStatus status = OrderStatus::delivered;
    std::string occurred_at;         // ISO 8601
    std::optional<std::string> tracking_number;
    std::optional<std::string> carrier;
    std::optional<std::string> tracking_url;
    bool notify_customer = true;     // the shop e-mails the customer
    std::optional<std::string> customer_email;
    std::optional<Capture> capture;  // invoiced: capture the payment now
    // delivered: the rows this delivery carries; empty = the whole order (what remains of it).
    std::vector<DeliveredLine> lines;
};

inline void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const OrderStatusEvent& e) {
    boost::json::object o{{"order_id", e.order_id}, {"erp_document", e.erp_document},
                          {"status", to_string(e.status)}, {"occurred_at", e.occurred_at},
                          {"notify_customer", e.notify_customer}};
    if (e.erp_order_no) o["erp_order_no"] = *e.erp_order_no;
    if (e.tracking_number) o["tracking_number"] = *e.tracking_number;
    if (e.carrier) o["carrier"] = *e.carrier;
    if (e.tracking_url) o["tracking_url"] = *e.tracking_url;
    if (e.customer_email) o["customer_email"] = *e.customer_email;
    if (e.capture)
        o["capture"] = {{"amount", boost::json::value_from(e.capture->amount)},
                        {"payment_reference", e.capture->payment_reference}};
    if (!e.lines.empty()) {
        boost::json::array lines;
        for (const auto& l : e.lines) {
            boost::json::object line{{"sku", l.sku}, {"quantity", l.quantity}};
            if (l.line_no) line["line_no"] = *l.line_no;
            lines.push_back(std::move(line));
        }
        o["lines"] = std::move(lines);
    }
    v = std::move(o);
}
inline OrderStatusEvent read_order_status_event(const boost::json::value& v, const std::string& path = "event") {
    JsonReader r(v, path);
    OrderStatusEvent e;
    e.order_id = r.string("order_id");
    e.erp_document = r.string_or("erp_document", "");
    e.status = order_status_from(r.string("status"), r.at("status"));
    e.occurred_at = r.string_or("occurred_at", "");
    e.erp_order_no = r.optional_string("erp_order_no");
    e.tracking_number = r.optional_string("tracking_number");
    e.carrier = r.optional_string("carrier");
    e.tracking_url = r.optional_string("tracking_url");
    e.notify_customer = r.boolean_or("notify_customer", true);
    e.customer_email = r.optional_string("customer_email");
    if (r.has("capture")) {
        JsonReader c = r.child("capture");
        e.capture = Capture{read_money(c.value("amount"), c.at("amount")), c.string_or("payment_reference", "")};
    }
    if (r.has("lines")) {
        e.lines = r.list<DeliveredLine>("lines", [](const boost::json::value& lv, const std::string& p) {
            JsonReader lr(lv, p);
            DeliveredLine l;
            l.sku = lr.string("sku");
            if (l.sku.empty()) throw RecordError(lr.at("sku"), "must not be empty");
            l.quantity = lr.integer("quantity");
            if (l.quantity <= 0) throw RecordError(lr.at("quantity"), "must be positive");
            if (lr.has("line_no")) {
                l.line_no = lr.integer("line_no");
                if (*l.line_no <= 0) throw RecordError(lr.at("line_no"), "must be positive");
            }
            return l;
        });
        if (!e.lines.empty() && e.status != OrderStatus::delivered)
            throw RecordError(r.at("lines"), "only a delivered event carries lines");
    }
    return e;
}

}  // namespace skarv::model
