#include "status_writer.hpp"

#include <ctime>

#include <skarv/protocol.hpp>
#include <skarv/records.hpp>

#include "order_push.hpp"
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

// GUESS (as the emulator): Norce has no documented notify flag on follow-ups; it is sent
// as a top-level NotifyCustomer and as an Infos entry, the requests' extension point.
void add_notify(json::object& body, bool notify) {
    body["NotifyCustomer"] = notify;
    body["Infos"] = json::array{json::object{{"Code", "NotifyCustomer"}, {"Value", notify ? "true" : "false"}}};
}

Step post(NorceClient& client, const std::string& op, const json::object& body, const std::string& what) {
    const std::string path = std::string(kConnect) + "/Order/" + op;
    auto r = client.send("POST", path, json::serialize(body), {}, what);
    Step s;
    s.http = r.status;
    // 400 (refused), 404 (no such order) and 409 (already done) are about this event;
    // anything else (429, 5xx, 403) is about Norce and fails the whole call.
    if (r.status != 400 && r.status != 404 && r.status != 409) skarv::HttpClient::classify(r, "POST", path, what);
    auto doc = NorceClient::parse(r, "POST", path, what);
    if (doc.is_object()) {
        s.description = text(doc.get_object(), "Description");
        s.order_no = text(doc.get_object(), "OrderNo");
        s.order_status = text(doc.get_object(), "OrderStatus");
    }
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
        json::object base{{"ClientOrderRef", e.order_id}};
        std::optional<Step> step;
        bool already = false;
        try {
            switch (e.status) {
                case OrderStatus::delivered: {
                    json::object b = base;
                    // A note number from the ERP, else one derived from the event, so a
                    // retried event meets its own note (409) instead of a second delivery.
                    b["NoteNo"] = !e.erp_document.empty() ? e.erp_document
                                                          : e.order_id + "-" + e.tracking_number.value_or("1");
                    b["DeliveryDate"] = today_or(e.occurred_at, host.now_ms());
                    if (e.carrier) {
                        b["CarrierName"] = *e.carrier;
                        b["DeliveryMode"] = *e.carrier;
                    }
                    json::array packages;
                    if (e.tracking_number)
                        packages.push_back(json::object{{"ParcelNumber", *e.tracking_number}, {"StatusId", 4}});
                    b["DeliveryNotePackages"] = packages;
                    if (e.tracking_url) b["TrackingUrl"] = *e.tracking_url;
                    add_notify(b, e.notify_customer);
                    step = post(client, "CreateDeliveryNote", b, what);
                    break;
                }
                case OrderStatus::invoiced: {
                    json::object b = base;
                    b["InvoiceNo"] = !e.erp_document.empty() ? e.erp_document : e.order_id + "-1";
                    b["InvoiceDate"] = today_or(e.occurred_at, host.now_ms());
                    b["IsLastInvoiceForOrder"] = true;
                    if (e.capture) {
                        b["CurrencyCode"] = e.capture->amount.currency();
                        b["TotalAmount"] = money_to_json(e.capture->amount);
                        std::string ref = e.capture->payment_reference;
                        if (ref.empty()) ref = host.state_get(payment_ref_key(e.order_id)).value_or("");
                        if (!ref.empty()) b["Payment"] = json::object{{"PaymentRef", ref}};
                        b["SuppressPspCall"] = false;
                    } else {
                        // Invoiced in the ERP without a capture asked for: no money moves.
                        b["SuppressPspCall"] = true;
                    }
                    add_notify(b, e.notify_customer);
                    step = post(client, "CreateInvoice", b, what);
                    break;
                }
                case OrderStatus::cancelled: {
                    json::object b = base;
                    json::array payments;
                    std::string ref = e.capture ? e.capture->payment_reference : "";
                    if (ref.empty()) ref = host.state_get(payment_ref_key(e.order_id)).value_or("");
                    if (!ref.empty()) payments.push_back(json::object{{"PaymentRef", ref}});
                    b["Payments"] = payments;
                    add_notify(b, e.notify_customer);
                    step = post(client, "CancelOrder", b, what);
                    break;
                }
                case OrderStatus::paid: break;
            }
            if (step && step->http == 409) already = true;
            if (step && (step->http == 400 || step->http == 404)) {
                results.push_back(failed(i, e.order_id, step->http == 404 ? "unknown_order" : "refused",
                                         what + ": Norce refused it: " + step->description));
                continue;
            }
            const auto mapped = config.status_map.find(to_string(e.status));
            const std::string status_name = mapped == config.status_map.end() ? "" : mapped->second;
            if (!status_name.empty() && !(step && iequals(step->order_status, status_name)) && !already) {
                json::object b = base;
                b["OrderStatus"] = status_name;
                if (config.account_id) b["AccountId"] = config.account_id;
                add_notify(b, e.notify_customer && !step);
                auto s = post(client, "SendOrderStatus", b, what);
                if (s.http == 400 || s.http == 404) {
                    results.push_back(failed(i, e.order_id, s.http == 404 ? "unknown_order" : "refused",
                                             what + ": Norce refused status " + status_name + ": " + s.description));
                    continue;
                }
                if (!step) step = s;
                else step->order_no = s.order_no.empty() ? step->order_no : s.order_no;
            }
        } catch (const skarv::PluginError& err) {
            // A malformed answer is about this event only; anything else stops the batch.
            if (err.code() != "malformed_answer") throw;
            results.push_back(failed(i, e.order_id, err.code(), err.what()));
            continue;
        }
        json::object ok{{"index", i}, {"id", e.order_id},
                        {"outcome", already || !step ? skarv::protocol::kUnchanged : skarv::protocol::kUpdated}};
        if (step && !step->order_no.empty()) ok["target_id"] = step->order_no;
        host.info(what + (already ? ": already done" : step ? ": " + step->description : ": nothing to send"));
        results.push_back(ok);
    }
    return {{"results", results}};
}

}  // namespace jetshop
