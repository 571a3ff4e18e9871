#include "order_actions.hpp"

#include <cstdint>

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

// guess norce.notify-customer, docs/guesses.md
bool notify_customer(const json::object& body) {
    if (const auto b = bool_field(body, "NotifyCustomer")) return *b;
    for (const char* list : {"Infos", "AdditionalInfo"})
        if (const auto* infos = find_ci(body, list); infos && infos->is_array())
            for (const auto& i : infos->get_array())
                if (i.is_object() && iequals(string_field(i.get_object(), "Code"), "NotifyCustomer"))
                    return iequals(string_field(i.get_object(), "Value"), "true");
    return false;
}

// The Order operations document "200 Success, 400 Bad Request, 500" and nothing else
// (https://docs.norce.io/api-reference/connect/orderservice/nc-latest/operation/SendOrderStatus), so
// every refusal, an unknown order or a duplicate included, is a 400.
// guess norce.followup-error-body, docs/guesses.md (the body of that 400)
HttpReply refused(const Shop& shop, const std::string& description) {
    if (shop.options.contradict_guesses)   // ASP.NET's own shape, the likeliest other answer
        return wire_json(json::object{{"Message", description}}, 400);
    return failure(400, description);
}

// ClientOrderRef is "integer (int32)" on every Order operation (…/schemas/sendorderstatusrequest,
// …/invoice/createinvoice, …/schemas/connectorder). Empty optional = absent; a text or a number out of
// range is an error, named in `why`.
std::optional<int> int32_ref(const json::object& body, std::string& why) {
    const auto* v = find_ci(body, "ClientOrderRef");
    if (!v || v->is_null()) return std::nullopt;
    if (v->is_int64() && v->get_int64() >= INT32_MIN && v->get_int64() <= INT32_MAX)
        return static_cast<int>(v->get_int64());
    if (v->is_uint64() && v->get_uint64() <= INT32_MAX) return static_cast<int>(v->get_uint64());
    why = "ClientOrderRef must be an integer (int32), not " + json::serialize(*v);
    return std::nullopt;
}

Order* by_client_ref(Shop& shop, int ref) {
    const auto it = shop.orders.find(std::to_string(ref));
    return it == shop.orders.end() ? nullptr : &it->second;
}

Order* by_erp_order_no(Shop& shop, const std::string& erp) {
    for (auto& [ref, o] : shop.orders)
        if (!o.erp_order_no.empty() && o.erp_order_no == erp) return &o;
    return nullptr;
}

// OrderNo on a delivery note is "the external order number … usually from an ERP" (…/services/
// orderservice DeliveryNote); Query's orderNo is "commonly same as quotation id unless overriden from
// the ERP confirmation" (https://docs.norce.io/api-reference/query/openapi/order): the order's OrderNo.
Order* by_order_no(Shop& shop, const std::string& order_no) {
    for (auto& [ref, o] : shop.orders)
        if (o.order_no() == order_no) return &o;
    return nullptr;
}

// The fields a request sample lists ahead of its alphabetical optional ones; a missing one is named.
std::string missing_text(const json::object& body, std::initializer_list<const char*> fields) {
    for (const char* f : fields) {
        const auto* v = find_ci(body, f);
        if (!v || v->is_null() || (v->is_string() && v->get_string().empty())) return std::string(f) + " is required";
    }
    return "";
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
    if (!body) return refused(shop, "body must be a JSON object");
    const std::string status = string_field(*body, "OrderStatus");
    std::string why;
    const auto ref = int32_ref(*body, why);
    if (!why.empty()) return refused(shop, why);
    const std::string erp = string_field(*body, "ErpOrderNo");
    // "Either ClientOrderRef or ErpOrderNo must be provided" (…/schemas/sendorderstatusrequest).
    if (!ref && erp.empty()) return refused(shop, "either ClientOrderRef or ErpOrderNo must be provided");
    std::lock_guard lock(shop.mu);
    Order* o = ref ? by_client_ref(shop, *ref) : by_erp_order_no(shop, erp);
    if (!o) return refused(shop, ref ? "no order with ClientOrderRef " + std::to_string(*ref) : "no order with ErpOrderNo '" + erp + "'");
    if (status.empty()) return refused(shop, "OrderStatus is required");
    const auto id = status_id_for(status, o->status_id);
    if (!id) return refused(shop, "unknown OrderStatus '" + status + "'");
    if (o->status_id == 6 && *id != 6) return refused(shop, "order " + o->client_order_ref + " is cancelled");
    // "An acknowledgement … sets the status in Norce Commerce to 'Confirmed' and updates the order with
    // the ERP order number" (https://docs.norce.io/developer-portal/system-integration/shopping-integrations).
    if (!erp.empty()) o->erp_order_no = erp;
    set_status(*o, status, *id, notify_customer(*body), "SendOrderStatus");
    return ok(*o, "status set to " + status);
}

HttpReply create_delivery_note(Shop& shop, const HttpRequest& req) {
    const auto body = body_object(req);
    if (!body) return refused(shop, "body must be a JSON object");
    // The CreateDeliveryNote sample (https://docs.norce.io/api-reference/connect/orderservice/openapi/order/
    // sendorderstatus) lists DeliveryDate, NoteNo, OrderNo first and has no ClientOrderRef at all.
    if (const std::string m = missing_text(*body, {"OrderNo", "NoteNo", "DeliveryDate"}); !m.empty())
        return refused(shop, m + (find_ci(*body, "ClientOrderRef") ? " (a delivery note names its order by OrderNo, not ClientOrderRef)" : ""));
    std::lock_guard lock(shop.mu);
    const std::string order_no = string_field(*body, "OrderNo");
    Order* o = by_order_no(shop, order_no);
    if (!o) return refused(shop, "no order with OrderNo '" + order_no + "'");
    if (o->status_id == 6) return refused(shop, "order " + o->client_order_ref + " is cancelled");
    Delivery d;
    d.note_no = string_field(*body, "NoteNo");
    // guess norce.followup-idempotency, docs/guesses.md
    for (const auto& prev : o->deliveries)
        if (prev.note_no == d.note_no) return refused(shop, "delivery note '" + d.note_no + "' already exists");
    d.delivery_date = string_field(*body, "DeliveryDate");
    d.delivery_mode = string_field(*body, "DeliveryMode");
    // guess norce.delivery-carrier, docs/guesses.md
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
            if (!iv.is_object()) return refused(shop, "DeliverynoteItems entries must be objects");
            const auto& it = iv.get_object();
            const auto row = int_field(it, "RowNumber");
            const std::string part = string_field(it, "ItemNo");
            const int qty = static_cast<int>(int_field(it, "Qty").value_or(0));
            size_t idx = o->lines.size();
            for (size_t i = 0; i < o->lines.size(); ++i)
                if ((row && o->lines[i].line_no == *row) || (!row && o->lines[i].part_no == part)) idx = i;
            if (idx == o->lines.size())
                return refused(shop, "order " + o->client_order_ref + " has no line " +
                                        (row ? std::to_string(*row) : "'" + part + "'"));
            if (qty <= 0) return refused(shop, "Qty must be positive on line " + std::to_string(o->lines[idx].line_no));
            delivered[idx] += qty;
            if (o->lines[idx].delivered + delivered[idx] > o->lines[idx].quantity)
                return refused(shop, "line " + std::to_string(o->lines[idx].line_no) + " ('" +
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

// Items "List of invoiced order items. Mandatory for PSP capture." Each row of the sample starts with
// PartNo, Quantity, UnitPrice (https://docs.norce.io/api-reference/connect/orderservice/openapi/invoice/
// createinvoice). Answers what is wrong, or "".
std::string invalid_invoice_items(const json::value* items) {
    if (!items || items->is_null() || !items->is_array() || items->get_array().empty())
        return "Items is required for a PSP capture (or set SuppressPspCall)";
    int n = 0;
    for (const auto& iv : items->get_array()) {
        ++n;
        if (!iv.is_object()) return "Items[" + std::to_string(n) + "] is not an object";
        const auto& it = iv.get_object();
        if (string_field(it, "PartNo").empty()) return "Items[" + std::to_string(n) + "].PartNo is required";
        for (const char* f : {"Quantity", "UnitPrice"}) {
            const auto* v = find_ci(it, f);
            if (!v || !amount_from_json(*v)) return "Items[" + std::to_string(n) + "]." + f + " is required (a number)";
        }
    }
    return "";
}

HttpReply create_invoice(Shop& shop, const HttpRequest& req) {
    const auto body = body_object(req);
    if (!body) return refused(shop, "body must be a JSON object");
    std::string why;
    const auto ref = int32_ref(*body, why);
    if (!why.empty()) return refused(shop, why);
    if (const std::string m = missing_text(*body, {"ClientOrderRef", "CurrencyCode", "ErpOrderNo", "InvoiceDate", "InvoiceNo"});
        !m.empty())
        return refused(shop, m);
    const bool suppress = bool_field(*body, "SuppressPspCall").value_or(false);
    if (!suppress)
        if (const std::string bad = invalid_invoice_items(find_ci(*body, "Items")); !bad.empty()) return refused(shop, bad);
    std::lock_guard lock(shop.mu);
    Order* o = by_client_ref(shop, *ref);
    if (!o) return refused(shop, "no order with ClientOrderRef " + std::to_string(*ref));
    if (o->status_id == 6) return refused(shop, "order " + o->client_order_ref + " is cancelled");
    Invoice inv;
    inv.invoice_no = string_field(*body, "InvoiceNo");
    for (const auto& [other_ref, other] : shop.orders)
        for (const auto& prev : other.invoices)   // guess norce.followup-idempotency, docs/guesses.md
            if (prev.invoice_no == inv.invoice_no)
                return refused(shop, "invoice '" + inv.invoice_no + "' already exists (order " + other_ref + ")");
    inv.invoice_date = string_field(*body, "InvoiceDate");
    inv.currency = string_field(*body, "CurrencyCode");
    if (inv.currency != o->currency)   // guess norce.invoice-currency, docs/guesses.md
        return refused(shop, "CurrencyCode " + inv.currency + " differs from the order's " + o->currency);
    if (o->erp_order_no.empty()) o->erp_order_no = string_field(*body, "ErpOrderNo");
    const Amount4 remaining = o->payment.amount - o->captured();
    inv.total = remaining;
    if (const auto* t = find_ci(*body, "TotalAmount"); t && !t->is_null()) {
        const auto a = amount_from_json(*t);
        if (!a || *a < 0) return refused(shop, "TotalAmount " + json::serialize(*t) + " is not a valid amount");
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
    if (suppress) {
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
        return refused(shop, "invoice " + inv.invoice_no + " not created: PSP capture rejected, " + c.reason);
    }
    o->invoices.push_back(inv);
    if (inv.last) set_status(*o, "Invoiced", 5, inv.notify_customer, "CreateInvoice");
    else o->updated = inv.at;
    return ok(*o, "invoice " + inv.invoice_no + " created, payment " + c.result);
}

HttpReply cancel_order(Shop& shop, const HttpRequest& req) {
    const auto body = body_object(req);
    if (!body) return refused(shop, "body must be a JSON object");
    // CancelOrderRequest {ClientOrderRef int32 (required), ErpOrderNo (required), Payments}
    // (https://docs.norce.io/api-reference/schemas/connectorder).
    std::string why;
    const auto ref = int32_ref(*body, why);
    if (!why.empty()) return refused(shop, why);
    if (const std::string m = missing_text(*body, {"ClientOrderRef", "ErpOrderNo"}); !m.empty()) return refused(shop, m);
    std::lock_guard lock(shop.mu);
    Order* o = by_client_ref(shop, *ref);
    if (!o) return refused(shop, "no order with ClientOrderRef " + std::to_string(*ref));
    if (o->status_id == 6) return ok(*o, "already cancelled");
    if (o->status_id == 5 || o->captured() > 0)
        return refused(shop, "order " + o->client_order_ref + " is invoiced or captured; credit it instead");
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
