#include "order_actions.hpp"

#include "order_book.hpp"
#include "wire_format.hpp"

namespace skarv::sandbox::jetshop {

namespace json = boost::json;

namespace {

std::optional<json::object> body_object(const HttpRequest& req) {
    boost::system::error_code ec;
    json::value v = json::parse(req.body, ec);
    if (ec || !v.is_object()) return std::nullopt;
    return v.get_object();
}

// GUESS: no public source says how a follow-up asks Norce to notify the customer. We
// accept a top-level NotifyCustomer flag, or an Infos/AdditionalInfo entry with Code
// "NotifyCustomer" (the generic extension point these requests have).
bool notify_customer(const json::object& body) {
    if (const auto b = bool_field(body, "NotifyCustomer")) return *b;
    for (const char* list : {"Infos", "AdditionalInfo"})
        if (const auto* infos = find_ci(body, list); infos && infos->is_array())
            for (const auto& i : infos->get_array())
                if (i.is_object() && iequals(string_field(i.get_object(), "Code"), "NotifyCustomer"))
                    return iequals(string_field(i.get_object(), "Value"), "true");
    return false;
}

// Either ClientOrderRef or ErpOrderNo (or, on delivery notes, OrderNo) names the order.
Order* find_order(Shop& shop, const json::object& body, std::string& named) {
    for (const char* key : {"ClientOrderRef", "ErpOrderNo", "OrderNo"}) {
        const std::string ref = string_field(body, key);
        if (ref.empty() || ref == "0") continue;
        named = std::string(key) + " '" + ref + "'";
        if (Order* o = shop.find_order_by_any_ref(ref)) return o;
    }
    if (named.empty()) named = "no ClientOrderRef, ErpOrderNo or OrderNo";
    return nullptr;
}

HttpReply ok(const Order& o, const std::string& description) {
    return wire_json(json::object{{"StatusCode", "OK"},
                                        {"Description", description},
                                        {"ClientOrderRef", o.client_order_ref},
                                        {"OrderNo", o.order_no()},
                                        {"StatusId", o.status_id},
                                        {"OrderStatus", o.status}});
}

}  // namespace

HttpReply send_order_status(Shop& shop, const HttpRequest& req) {
    const auto body = body_object(req);
    if (!body) return failure(400, "body must be a JSON object");
    const std::string status = string_field(*body, "OrderStatus");
    std::lock_guard lock(shop.mu);
    std::string named;
    Order* o = find_order(shop, *body, named);
    if (!o) return failure(404, "no order with " + named);
    if (status.empty()) return failure(400, "OrderStatus is missing");
    const auto id = status_id_for(status, o->status_id);
    if (!id) return failure(400, "unknown OrderStatus '" + status + "'");
    if (o->status_id == 6 && *id != 6) return failure(400, "order " + o->client_order_ref + " is cancelled");
    // The ERP's acknowledgement carries its own order number; Norce keeps it as OrderNo.
    if (const std::string erp = string_field(*body, "ErpOrderNo"); !erp.empty()) o->erp_order_no = erp;
    set_status(*o, status, *id, notify_customer(*body), "SendOrderStatus");
    return ok(*o, "status set to " + status);
}

HttpReply create_delivery_note(Shop& shop, const HttpRequest& req) {
    const auto body = body_object(req);
    if (!body) return failure(400, "body must be a JSON object");
    std::lock_guard lock(shop.mu);
    std::string named;
    Order* o = find_order(shop, *body, named);
    if (!o) return failure(404, "no order with " + named);
    if (o->status_id == 6) return failure(400, "order " + o->client_order_ref + " is cancelled");
    Delivery d;
    d.note_no = string_field(*body, "NoteNo");
    if (d.note_no.empty()) d.note_no = o->order_no() + "-" + std::to_string(o->deliveries.size() + 1);
    for (const auto& prev : o->deliveries)
        if (prev.note_no == d.note_no) return failure(409, "delivery note '" + d.note_no + "' already exists");
    d.delivery_date = string_field(*body, "DeliveryDate", now_iso());
    d.delivery_mode = string_field(*body, "DeliveryMode");
    // GUESS: the delivery note schema has no carrier field; POS Shipment calls it CarrierName.
    d.carrier = string_field(*body, "CarrierName", d.delivery_mode);
    if (const auto* pk = find_ci(*body, "DeliveryNotePackages"); pk && pk->is_array())
        for (const auto& p : pk->get_array())
            if (p.is_object())
                if (const std::string parcel = string_field(p.get_object(), "ParcelNumber"); !parcel.empty())
                    d.tracking_numbers.push_back(parcel);

    std::vector<int> delivered(o->lines.size(), 0);
    const auto* items = find_ci(*body, "DeliverynoteItems");
    if (items && items->is_array() && !items->get_array().empty()) {
        for (const auto& iv : items->get_array()) {
            if (!iv.is_object()) return failure(400, "DeliverynoteItems entries must be objects");
            const auto& it = iv.get_object();
            const auto row = int_field(it, "RowNumber");
            const std::string part = string_field(it, "ItemNo");
            const int qty = static_cast<int>(int_field(it, "Qty").value_or(0));
            size_t idx = o->lines.size();
            for (size_t i = 0; i < o->lines.size(); ++i)
                if ((row && o->lines[i].line_no == *row) || (!row && o->lines[i].part_no == part)) idx = i;
            if (idx == o->lines.size())
                return failure(400, "order " + o->client_order_ref + " has no line " +
                                        (row ? std::to_string(*row) : "'" + part + "'"));
            if (qty <= 0) return failure(400, "Qty must be positive on line " + std::to_string(o->lines[idx].line_no));
            delivered[idx] += qty;
            if (o->lines[idx].delivered + delivered[idx] > o->lines[idx].quantity)
                return failure(400, "line " + std::to_string(o->lines[idx].line_no) + " ('" +
                                        o->lines[idx].part_no + "') would be delivered more than ordered");
        }
        d.items = items->get_array();
    } else {
        for (size_t i = 0; i < o->lines.size(); ++i) delivered[i] = o->lines[i].quantity - o->lines[i].delivered;
    }
    bool all = true;
    for (size_t i = 0; i < o->lines.size(); ++i) {
        o->lines[i].delivered += delivered[i];
        if (o->lines[i].type_group != "Fee" && o->lines[i].delivered < o->lines[i].quantity) all = false;
    }
    d.partial = !all;
    d.notify_customer = notify_customer(*body);
    d.at = now_iso();
    o->deliveries.push_back(d);
    if (o->status_id != 5)
        set_status(*o, all ? "Delivered" : "PartlyDelivered", all ? 4 : 8, d.notify_customer, "CreateDeliveryNote");
    else
        o->updated = d.at;
    return ok(*o, "delivery note " + d.note_no + " created");
}

HttpReply create_invoice(Shop& shop, const HttpRequest& req) {
    const auto body = body_object(req);
    if (!body) return failure(400, "body must be a JSON object");
    std::lock_guard lock(shop.mu);
    std::string named;
    Order* o = find_order(shop, *body, named);
    if (!o) return failure(404, "no order with " + named);
    if (o->status_id == 6) return failure(400, "order " + o->client_order_ref + " is cancelled");
    Invoice inv;
    inv.invoice_no = string_field(*body, "InvoiceNo");
    if (inv.invoice_no.empty()) return failure(400, "InvoiceNo is missing");
    for (const auto& [ref, other] : shop.orders)
        for (const auto& prev : other.invoices)
            if (prev.invoice_no == inv.invoice_no)
                return failure(409, "invoice '" + inv.invoice_no + "' already exists (order " + ref + ")");
    inv.invoice_date = string_field(*body, "InvoiceDate", now_iso());
    inv.currency = string_field(*body, "CurrencyCode", o->currency);
    if (inv.currency != o->currency)
        return failure(400, "CurrencyCode " + inv.currency + " differs from the order's " + o->currency);
    const Amount4 remaining = o->payment.amount - o->captured();
    inv.total = remaining;
    if (const auto* t = find_ci(*body, "TotalAmount"); t && !t->is_null()) {
        const auto a = amount_from_json(*t);
        if (!a || *a < 0) return failure(400, "TotalAmount " + json::serialize(*t) + " is not a valid amount");
        inv.total = *a;
    }
    if (const auto* v = find_ci(*body, "Vat"); v && !v->is_null()) inv.vat = amount_from_json(*v).value_or(0);
    inv.last = bool_field(*body, "IsLastInvoiceForOrder").value_or(true);
    inv.notify_customer = notify_customer(*body);
    inv.at = now_iso();

    // "Will capture/activate payment if applicable": the capture goes to the order's PSP
    // reference unless the caller names one or suppresses the PSP call.
    Capture c;
    c.invoice_no = inv.invoice_no;
    c.payment_ref = o->payment.ref;
    c.payment_method = o->payment.method;
    c.currency = inv.currency;
    c.amount = inv.total;
    c.at = inv.at;
    if (const auto* p = find_ci(*body, "Payment"); p && p->is_object())
        if (const std::string r = string_field(p->get_object(), "PaymentRef"); !r.empty()) c.payment_ref = r;
    if (bool_field(*body, "SuppressPspCall").value_or(false)) {
        c.result = "Suppressed";
    } else if (c.payment_ref != o->payment.ref) {
        c.result = "Rejected";
        c.reason = "unknown payment reference '" + c.payment_ref + "'";
    } else if (c.amount > remaining) {
        c.result = "Rejected";
        c.reason = "capture of " + json::serialize(amount_to_json(c.amount)) + " exceeds the " +
                   json::serialize(amount_to_json(remaining)) + " left on the authorization";
    } else {
        c.result = "Captured";
    }
    o->captures.push_back(c);
    if (c.result == "Rejected") {
        o->updated = c.at;
        return failure(400, "invoice " + inv.invoice_no + " not created: PSP capture rejected, " + c.reason);
    }
    o->invoices.push_back(inv);
    if (inv.last) set_status(*o, "Invoiced", 5, inv.notify_customer, "CreateInvoice");
    else o->updated = inv.at;
    return ok(*o, "invoice " + inv.invoice_no + " created, payment " + c.result);
}

HttpReply cancel_order(Shop& shop, const HttpRequest& req) {
    const auto body = body_object(req);
    if (!body) return failure(400, "body must be a JSON object");
    std::lock_guard lock(shop.mu);
    std::string named;
    Order* o = find_order(shop, *body, named);
    if (!o) return failure(404, "no order with " + named);
    if (o->status_id == 6) return ok(*o, "already cancelled");
    if (o->status_id == 5 || o->captured() > 0)
        return failure(400, "order " + o->client_order_ref + " is invoiced or captured; credit it instead");
    Cancellation c;
    if (const auto* ps = find_ci(*body, "Payments"); ps && ps->is_array())
        for (const auto& p : ps->get_array())
            if (p.is_object())
                if (const std::string r = string_field(p.get_object(), "PaymentRef"); !r.empty())
                    c.voided_payment_refs.push_back(r);
    c.notify_customer = notify_customer(*body);
    c.at = now_iso();
    o->cancellation = c;
    set_status(*o, "Cancelled", 6, c.notify_customer, "CancelOrder");
    return ok(*o, "order cancelled");
}

}  // namespace skarv::sandbox::jetshop
