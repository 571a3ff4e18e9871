#include "status_writer.hpp"

#include <cstdint>
#include <ctime>
#include <stdexcept>

#include <skarv/protocol.hpp>
#include <skarv/records.hpp>

#include "delivery_rows.hpp"
#include "order_push.hpp"
#include "order_query.hpp"
#include "wire_amounts.hpp"
#include "wire_fields.hpp"

namespace jetshop {

namespace json = boost::json;
using skarv::model::OrderStatus;
using skarv::model::OrderStatusEvent;

namespace {

// What one follow-up call came to.
struct Step {
    int http = 0;
    std::string description;
    std::string order_no;
    std::string order_status;
};

json::object failed(std::size_t index, const std::string& id, const std::string& code, const std::string& message,
                    bool retryable = false) {
    return {{"index", index}, {"id", id}, {"outcome", skarv::protocol::kFailed},
            {"error", json::object{{"code", code}, {"message", message}, {"retryable", retryable}}}};
}

// An event Skarv cannot send as Norce documents it: a dead letter that says why.
struct Unsendable : std::runtime_error {
    Unsendable(std::string code, const std::string& message) : std::runtime_error(message), code(std::move(code)) {}
    std::string code;   // unknown_order, not_int32, unknown_line, over_delivery
};

// Norce documents no idempotent answer for a second note or invoice with the same number
// (only 200/400/500), so what Skarv created is remembered here and not sent twice.
// guess norce.followup-idempotency, docs/guesses.md
// Under order/, so the host's retention prunes them (abi.h); releases before kept them
// under sent/, still read.
std::string sent_key(const char* what, const std::string& number) { return std::string("order/sent/") + what + "/" + number; }
bool sent_before(const skarv::HostServices& host, const char* what, const std::string& number) {
    return host.state_get(sent_key(what, number)) || host.state_get(std::string("sent/") + what + "/" + number);
}

// guess norce.notify-customer, docs/guesses.md
void add_notify(json::object& body, bool notify) {
    body["NotifyCustomer"] = notify;
    body["Infos"] = json::array{json::object{{"Code", "NotifyCustomer"}, {"Value", notify ? "true" : "false"}}};
}

Step post(NorceClient& client, const std::string& op, const json::object& body, const std::string& what) {
    const std::string path = std::string(kConnect) + "/Order/" + op;
    auto r = client.send("POST", path, json::serialize(body), {}, what);
    Step s;
    s.http = r.status;
    // The Order operations answer "200 Success, 400 Bad Request, 500" (docs.norce.io, Connect Order
    // Service): a 400 is about this event; anything else (429, 5xx, 403) is about Norce.
    if (r.status != 400) skarv::HttpClient::classify(r, "POST", path, what);
    auto doc = NorceClient::parse(r, "POST", path, what);
    if (doc.is_object()) {
        s.description = text(doc.get_object(), "Description");
        s.order_no = text(doc.get_object(), "OrderNo");
        s.order_status = text(doc.get_object(), "OrderStatus");
    }
    // guess norce.followup-error-body, docs/guesses.md (Description carries the reason)
    if (r.status == 400 && s.description.empty()) s.description = r.body.substr(0, 500);
    return s;
}

std::string today_or(const std::string& occurred_at, int64_t now_ms) {
    if (occurred_at.size() >= 10) return occurred_at;
    const std::time_t t = static_cast<std::time_t>(now_ms / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

// ClientOrderRef is an int32 on every Order operation (…/schemas/sendorderstatusrequest,
// …/invoice/createinvoice, …/schemas/connectorder).
std::optional<int> int32_of(const std::string& s) {
    if (s.empty() || s.size() > 10) return std::nullopt;
    int64_t n = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        n = n * 10 + (c - '0');
    }
    if (n > INT32_MAX) return std::nullopt;
    return static_cast<int>(n);
}

int client_order_ref(const OrderStatusEvent& e) {
    const auto ref = int32_of(e.order_id);
    if (!ref)
        throw Unsendable("not_int32", "order " + e.order_id + ": Norce's ClientOrderRef is an int32, and '" + e.order_id +
                         "' is not one (an external order?); this follow-up cannot name it");
    return *ref;
}

// The order as Norce holds it: its OrderNo (the ERP's number once confirmed, else the
// quotation id: https://docs.norce.io/api-reference/query/openapi/order), currency and lines.
struct NorceOrder {
    std::string order_no;
    std::string currency;
    json::array items;
};

NorceOrder fetch_order(NorceClient& client, int ref, const std::string& what) {
    const std::string path = std::string(kQuery) + "/Orders/Orders?$filter=" +
                             query_value("QuotationId eq " + std::to_string(ref)) + "&$expand=Items";
    auto doc = client.json("GET", path, "", {}, what);
    const auto* rows = doc.is_object() ? array_at(doc.get_object(), "value") : nullptr;
    if (!rows || rows->empty() || !(*rows)[0].is_object())
        throw Unsendable("unknown_order", what + ": Norce's Query has no order with QuotationId " + std::to_string(ref));
    const auto& row = (*rows)[0].get_object();
    NorceOrder o;
    o.order_no = text(row, "OrderNo");
    o.currency = text(row, "CurrencyCode");
    if (o.currency.empty())
        if (const auto app = integer(row, "ApplicationId"))
            if (const Application* a = client.config().by_application_id(static_cast<int>(*app))) o.currency = a->currency;
    if (const auto* items = array_at(row, "Items")) o.items = *items;
    return o;
}

bool is_freight(const Config& config, const std::string& part_no) {
    for (const auto& f : config.freight_part_nos)
        if (f == part_no) return true;
    return false;
}

// The order's goods rows (freight is not delivered), with what Skarv's earlier notes shipped.
std::vector<OrderRow> goods_rows(const Config& config, const NorceOrder& o, const std::optional<std::string>& remembered) {
    std::vector<OrderRow> rows;
    for (const auto& iv : o.items) {
        if (!iv.is_object()) continue;
        const auto& it = iv.get_object();
        OrderRow row;
        row.part_no = text(it, "PartNo");
        if (row.part_no.empty() || is_freight(config, row.part_no)) continue;
        row.line_number = integer(it, "LineNumber");
        row.ordered = integer(it, "QtyOrdered").value_or(1);
        rows.push_back(std::move(row));
    }
    if (remembered) apply_delivered(rows, *remembered);
    return rows;
}

// What an order's delivery notes shipped so far, per row (delivery_rows.hpp).
std::string delivered_key(const std::string& order_id) { return "order/delivered/" + order_id; }
std::string legacy_delivered_key(const std::string& order_id) { return "delivered/" + order_id; }
std::optional<std::string> delivered_before(const skarv::HostServices& host, const std::string& order_id) {
    if (auto rows = host.state_get(delivered_key(order_id))) return rows;
    return host.state_get(legacy_delivered_key(order_id));
}

// Items[{PartNo, Quantity, UnitPrice, …}]: "List of invoiced order items. Mandatory for PSP capture"
// (https://docs.norce.io/api-reference/connect/orderservice/openapi/invoice/createinvoice).
json::array invoice_items(const NorceOrder& o) {
    json::array out;
    for (const auto& iv : o.items) {
        if (!iv.is_object()) continue;
        const auto& it = iv.get_object();
        json::object row{{"PartNo", text(it, "PartNo")},
                         {"Quantity", field(it, "QtyOrdered") ? *field(it, "QtyOrdered") : json::value(1)},
                         {"UnitPrice", field(it, "PriceSale") ? *field(it, "PriceSale") : json::value(0)}};
        if (const auto line = integer(it, "LineNumber")) row["LineNo"] = *line;
        if (const auto* vat = field(it, "VatRate")) row["VatRate"] = *vat;
        if (const auto* amount = field(it, "LineAmount")) row["LineAmount"] = *amount;
        out.push_back(std::move(row));
    }
    return out;
}

}  // namespace

json::object write_statuses(const json::object& request, NorceClient& client, skarv::HostServices host) {
    const Config& config = client.config();
    json::array results;
    const auto* records = array_at(request, "records");
    if (!records) return {{"results", results}};
    for (std::size_t i = 0; i < records->size(); ++i) {
        const std::string rp = "records[" + std::to_string(i) + "]";
        OrderStatusEvent e;
        try {
            e = skarv::model::read_order_status_event((*records)[i], rp);
        } catch (const skarv::RecordError& err) {
            std::string id;
            if ((*records)[i].is_object()) id = text((*records)[i].get_object(), "order_id");
            results.push_back(failed(i, id, "invalid_record", err.what()));
            continue;
        }
        if (host.cancelled()) break;
        const std::string what = "order " + e.order_id + " " + to_string(e.status);
        std::optional<Step> step;
        bool already = false;
        bool partly_delivered = false;   // goods remain after this note: not yet "delivered"
        std::optional<std::string> erp_order_no = e.erp_order_no;
        try {
            switch (e.status) {
                case OrderStatus::confirmed: break;   // SendOrderStatus below carries it
                case OrderStatus::delivered: {
                    const std::string note_no = !e.erp_document.empty() && e.erp_document != e.erp_order_no.value_or("")
                                                    ? e.erp_document
                                                    : e.order_id + "-" + e.tracking_number.value_or("1");
                    if (sent_before(host, "notes", note_no)) { already = true; break; }
                    const NorceOrder o = fetch_order(client, client_order_ref(e), what);
                    if (!erp_order_no) erp_order_no = o.order_no;
                    // A delivery note names its order by OrderNo, "the external order number … usually
                    // from an ERP", and has no ClientOrderRef (CreateDeliveryNote sample).
                    json::object b{{"OrderNo", *erp_order_no}};
                    // A note number from the ERP, else one derived from the event, so a retried
                    // event is known by it.
                    b["NoteNo"] = note_no;
                    b["DeliveryDate"] = today_or(e.occurred_at, host.now_ms());
                    if (e.carrier) {
                        b["CarrierName"] = *e.carrier;   // guess norce.delivery-carrier, docs/guesses.md
                        b["DeliveryMode"] = *e.carrier;
                    }
                    // The rows the ERP says this delivery carries (freight rows are not goods);
                    // none named: what remains of the whole order.
                    std::vector<skarv::model::DeliveredLine> lines;
                    for (const auto& l : e.lines)
                        if (!is_freight(config, l.sku)) lines.push_back(l);
                    if (!e.lines.empty() && lines.empty())
                        throw Unsendable("unknown_line", what + ": the delivery names only freight rows, no goods");
                    std::vector<OrderRow> rows = goods_rows(config, o, delivered_before(host, e.order_id));
                    try {
                        b["DeliverynoteItems"] = take_delivery(rows, lines, e.order_id);
                    } catch (const DeliveryRefused& err) {
                        throw Unsendable(err.code, err.what());   // names the order and SKU
                    }
                    for (const auto& row : rows) partly_delivered = partly_delivered || row.remaining() > 0;
                    json::array packages;
                    if (e.tracking_number) packages.push_back(json::object{{"ParcelNumber", *e.tracking_number}});
                    b["DeliveryNotePackages"] = packages;
                    add_notify(b, e.notify_customer);
                    step = post(client, "CreateDeliveryNote", b, what);
                    if (step->http < 300) {
                        host.state_write_many({{sent_key("notes", note_no), *erp_order_no},
                                               {delivered_key(e.order_id), remember_delivered(rows)},
                                               {legacy_delivered_key(e.order_id), std::nullopt}});
                    }
                    break;
                }
                case OrderStatus::invoiced: {
                    const int ref = client_order_ref(e);
                    const std::string invoice_no = !e.erp_document.empty() ? e.erp_document : e.order_id + "-1";
                    if (sent_before(host, "invoices", invoice_no)) { already = true; break; }
                    const NorceOrder o = fetch_order(client, ref, what);
                    if (!erp_order_no) erp_order_no = o.order_no;
                    // ClientOrderRef, CurrencyCode, ErpOrderNo, InvoiceDate, InvoiceNo lead the
                    // CreateInvoice sample: sent always.
                    json::object b{{"ClientOrderRef", ref},
                                   {"CurrencyCode", e.capture ? e.capture->amount.currency() : o.currency},
                                   {"ErpOrderNo", *erp_order_no},
                                   {"InvoiceDate", today_or(e.occurred_at, host.now_ms())},
                                   {"InvoiceNo", invoice_no},
                                   {"IsLastInvoiceForOrder", true},
                                   {"Items", invoice_items(o)}};
                    if (e.capture) {
                        b["TotalAmount"] = money_to_json(e.capture->amount);
                        std::string pref = e.capture->payment_reference;
                        if (pref.empty()) pref = remembered_payment_ref(host, e.order_id).value_or("");
                        if (!pref.empty()) b["Payment"] = json::object{{"PaymentRef", pref}};
                        b["SuppressPspCall"] = false;
                    } else {
                        // Invoiced in the ERP without a capture asked for: no money moves.
                        b["SuppressPspCall"] = true;
                    }
                    add_notify(b, e.notify_customer);
                    step = post(client, "CreateInvoice", b, what);
                    if (step->http < 300) host.state_set(sent_key("invoices", invoice_no), *erp_order_no);
                    break;
                }
                case OrderStatus::cancelled: {
                    const int ref = client_order_ref(e);
                    // CancelOrderRequest: ClientOrderRef and ErpOrderNo both required
                    // (https://docs.norce.io/api-reference/schemas/connectorder).
                    if (!erp_order_no) erp_order_no = fetch_order(client, ref, what).order_no;
                    json::object b{{"ClientOrderRef", ref}, {"ErpOrderNo", *erp_order_no}};
                    json::array payments;
                    std::string pref = e.capture ? e.capture->payment_reference : "";
                    if (pref.empty()) pref = remembered_payment_ref(host, e.order_id).value_or("");
                    if (!pref.empty()) payments.push_back(json::object{{"PaymentRef", pref}});
                    b["Payments"] = payments;
                    add_notify(b, e.notify_customer);
                    step = post(client, "CancelOrder", b, what);
                    break;
                }
                case OrderStatus::paid: break;
            }
            if (step && step->http == 400) {
                results.push_back(failed(i, e.order_id, "refused", what + ": Norce refused it (400): " + step->description));
                continue;
            }
            const auto mapped = config.status_map.find(to_string(e.status));
            const std::string status_name = mapped == config.status_map.end() ? "" : mapped->second;
            // A partial note leaves the order partly delivered (Query Orders: PartlyDelivered "can be
            // true if goods ordered is partly delivered by a DeliveryNote"); the status waits for the rest.
            if (!status_name.empty() && !already && !partly_delivered &&
                !(step && iequals(step->order_status, status_name))) {
                // "Either ClientOrderRef or ErpOrderNo must be provided" (…/schemas/sendorderstatusrequest);
                // the acknowledgement "updates the order with the ERP order number" (shopping-integrations).
                json::object b{{"OrderStatus", status_name}, {"AccountId", config.account_id}};
                if (const auto ref = int32_of(e.order_id)) b["ClientOrderRef"] = *ref;
                if (erp_order_no && !erp_order_no->empty()) b["ErpOrderNo"] = *erp_order_no;
                if (!b.contains("ClientOrderRef") && !b.contains("ErpOrderNo"))
                    throw Unsendable("not_int32", what + ": neither an int32 ClientOrderRef nor an ERP order number names the order");
                add_notify(b, e.notify_customer && !step);
                auto s = post(client, "SendOrderStatus", b, what);
                if (s.http == 400) {
                    results.push_back(failed(i, e.order_id, "refused",
                                             what + ": Norce refused status " + status_name + " (400): " + s.description));
                    continue;
                }
                if (!step) step = s;
                else step->order_no = s.order_no.empty() ? step->order_no : s.order_no;
            }
        } catch (const Unsendable& err) {
            results.push_back(failed(i, e.order_id, err.code, err.what()));
            continue;
        } catch (const skarv::PluginError& err) {
            // A malformed answer is about this event only; anything else stops the batch.
            if (err.code() != "malformed_answer") throw;
            results.push_back(failed(i, e.order_id, err.code(), err.what()));
            continue;
        }
        json::object ok{{"index", i}, {"id", e.order_id},
                        {"outcome", already || !step ? skarv::protocol::kUnchanged : skarv::protocol::kUpdated}};
        if (step && !step->order_no.empty()) ok["target_id"] = step->order_no;
        host.info(what + (already ? ": already sent" : step ? ": " + step->description : ": nothing to send"));
        results.push_back(ok);
    }
    return {{"results", results}};
}

}  // namespace jetshop
