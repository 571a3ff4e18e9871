#include "skarv/host/service/erp_callback.hpp"

#include <boost/json.hpp>

#include <skarv/model/order_status.hpp>

#include "skarv/host/reconcile/order_records.hpp"

#include "skarv/host/flow/sync_runner.hpp"

namespace skarv::host {

namespace {

PushOutcome text(int status, const std::string& body) { return {status, "text/plain", body + "\n"}; }

}  // namespace

PushOutcome accept_erp_callback(Service& service, const std::string& connection_name, const std::string& secret,
                                const std::string& raw_query, const std::string& body) {
    auto& runner = service.runner();
    auto& logger = service.logger();
    auto lock = runner.lock_connections();
    ConnectionRuntime* connection = nullptr;
    for (auto& c : runner.order_connections())
        if (c->name() == connection_name) connection = c.get();
    // The same answer as a wrong secret: a caller learns nothing about connection names.
    if (!connection) return text(404, "not found");

    auto result = connection->erp().instance->call(
        boost::json::object{{"op", "callback.parse"}, {"secret", secret}, {"query", raw_query}, {"body", body},
                            {"connection", connection_name}});
    if (!result.ok()) {
        if (result.status == SKARV_ERR_AUTH || result.status == SKARV_ERR_UNSUPPORTED) {
            logger.log(SKARV_LOG_WARN, connection_name + "/status", "ERP callback refused: " + logger.scrub(result.message()));
            return text(404, "not found");
        }
        auto message = logger.scrub(result.message());
        logger.log(SKARV_LOG_WARN, connection_name + "/status", "ERP callback not taken: " + message);
        return text(result.retryable() ? 503 : 400, message);
    }
    const auto& doc = result.document.as_object();
    int queued = 0;
    try {
        auto& store = runner.store();
        if (const auto* records = doc.if_contains("records"); records && records->is_array()) {
            for (const auto& record : records->get_array()) {
                auto event = model::read_order_status_event(record, "ERP callback");
                // Back to the shop the order came from, as the status flow sends it: the
                // payload of a retried status record, picked up by the next status pass.
                auto mapping = store.mapping(connection_name, "orders", event.order_id);
                auto* shop = connection->shop_for_channel(mapping && mapping->channel ? *mapping->channel : 1);
                if (!shop) throw std::runtime_error("no shop for order " + event.order_id);
                auto payload = boost::json::serialize(boost::json::object{{"target", shop->label}, {"record", record}});
                Store::WriteBatch both(store, "queueing an ERP callback's event");
                store.enqueue(connection_name, "status", event.order_id + ":" + std::string(model::to_string(event.status)),
                              payload, system_clock_ms());
                // The invoice a payout's rows will settle (docs/reconciliation.md).
                record_invoiced(store, connection_name, event, system_clock_ms());
                store.add_record_event(connection_name, "status", event.order_id + ":" + std::string(model::to_string(event.status)),
                                       journey_step::status_queued,
                                       std::string(model::to_string(event.status)) + " from the ERP's callback, queued for " + shop->label,
                                       system_clock_ms());
                both.commit();
                ++queued;
            }
        }
    } catch (const std::exception& e) {
        // Not queued: the ERP hears an error, and whatever was queued before the failure
        // goes out once; nothing is lost that the ERP was told was taken.
        logger.log(SKARV_LOG_ERROR, connection_name + "/status", std::string("ERP callback not queued: ") + e.what());
        return text(503, "not queued");
    }
    if (queued > 0) {
        logger.log(SKARV_LOG_INFO, connection_name + "/status",
                   "ERP callback: " + std::to_string(queued) + " status event(s) queued");
        service.scheduler().trigger(connection_name, std::string("status"));
    }
    PushOutcome out{200, "text/plain", "OK"};
    if (auto* reply = doc.if_contains("reply"); reply && reply->is_object()) {
        const auto& r = reply->get_object();
        if (auto* s = r.if_contains("status"); s && s->is_int64()) out.status = static_cast<int>(s->get_int64());
        if (auto* c = r.if_contains("content_type"); c && c->is_string()) out.content_type = std::string(c->get_string());
        if (auto* b = r.if_contains("body"); b && b->is_string()) out.body = std::string(b->get_string());
    }
    return out;
}

}  // namespace skarv::host
