// Orders, shop -> ERP, exactly once. Two phases:
//  1. read: each shop's new orders go into the durable work queue, and only then is the
//     shop's cursor advanced (and its batch acknowledged);
//  2. deliver: each queued order is looked up in the ERP by the shop's reference before
//     it is created, and its mapping recorded before it leaves the queue.
// A kill at any point leaves either the order in the queue (delivered again, found by the
// look-up, not created twice) or its mapping recorded (skipped).

#include <map>
#include <set>
#include <optional>

#include <skarv/json_reader.hpp>
#include <skarv/model/order.hpp>

#include "transfer_support.hpp"

namespace skarv::host {
namespace {

constexpr const char* kEntity = "orders";

std::string string_at(const boost::json::value& record, std::initializer_list<const char*> path) {
    const boost::json::value* v = &record;
    for (const char* name : path) {
        const auto* o = v->if_object();
        v = o ? o->if_contains(name) : nullptr;
        if (!v) return "";
    }
    return v->is_string() ? std::string(v->get_string()) : "";
}

}  // namespace

void record_order_journey(Store& store, const std::string& connection, const boost::json::value& record, const char* step,
                          const std::string& detail, int64_t now) {
    const auto order_id = string_at(record, {"order_id"});
    if (order_id.empty()) return;
    const JourneySubject order{"order", order_id};
    if (auto number = string_at(record, {"order_number"}); number != order_id)
        store.add_record_key(connection, order, "order_number", number, now);
    store.add_record_key(connection, order, "email", string_at(record, {"customer", "email"}), now);
    store.add_record_key(connection, order, "payment_reference", string_at(record, {"payment", "reference"}), now);
    store.add_record_event(connection, kEntity, order_id, step, detail, now);
}

namespace {

void read_shop(ConnectionRuntime& connection, Endpoint& shop, PassContext& pass, ReportBuilder& report) {
    const std::string source = "read from " + shop.label + " (channel " + std::to_string(shop.channel) + ")";
    const std::string cursor_name = std::string(kEntity) + "@" + shop.label;
    auto cursor = detail::load_cursor(pass.store, connection.name(), cursor_name);
    detail::ReadBudget budget(connection, pass.options);
    while (true) {
        boost::json::object request{{"op", "orders.read"}, {"cursor", cursor}, {"limit", pass.options.batch_size}};
        if (pass.options.initial) request["initial"] = true;
        auto result = detail::call_endpoint(connection, shop, request);
        if (!result.ok()) {
            report.error(pass.logger.scrub("reading orders from " + shop.label + ": " + result.message()));
            return;   // cursor untouched: the next pass reads the same orders again
        }
        const auto& doc = result.document.as_object();
        const auto* records = doc.if_contains("records");
        if (!records || !records->is_array()) {
            report.error("reading orders from " + shop.label + ": the answer has no \"records\" array");
            return;
        }
        // The page's queue rows, their journey events and search keys: one commit.
        std::optional<Store::WriteBatch> page;
        if (!pass.options.dry_run) page.emplace(pass.store, "queueing a page of orders");
        for (const auto& record : records->get_array()) {
            report.considered();
            std::string key;
            try {
                key = record_key(kEntity, record);
                model::read_order(record, "order " + key);   // refuse a malformed order here, by name
            } catch (const RecordError& e) {
                auto id = key.empty() ? "(no order_id)" : key;
                boost::json::object payload{{"channel", shop.channel}, {"record", record}};
                if (!pass.options.dry_run)
                    detail::park_failure(pass, report, connection.name(), kEntity, id, boost::json::serialize(payload),
                                         std::nullopt, {std::string("order from ") + shop.label + ": " + e.what(), false, {}});
                else
                    report.failed(id, e.what());
                continue;
            }
            if (pass.options.dry_run) {
                if (pass.plan_out) *pass.plan_out << "orders: would transfer order " << key << " from " << shop.label << "\n";
                continue;
            }
            boost::json::object payload{{"channel", shop.channel}, {"record", record}};
            pass.store.enqueue_read(connection.name(), kEntity, key, boost::json::serialize(payload), pass.clock());
            record_order_journey(pass.store, connection.name(), record, journey_step::read, source + "; queued", pass.clock());
        }
        if (page) page->commit();
        pass.tick(report.current(), doc, report.current().started_at);
        boost::json::value next = doc.contains("cursor") ? doc.at("cursor") : cursor;
        if (!pass.options.dry_run) {
            pass.store.set_cursor(connection.name(), cursor_name, boost::json::serialize(next), pass.clock());
            if (auto* ack = doc.if_contains("ack"); ack && *ack == true) detail::acknowledge(connection, shop, pass, kEntity, next);
        }
        auto* more = doc.if_contains("more");
        if (!budget.another_page(more && *more == true, records->get_array().size(), report, cursor, next,
                                 "reading orders from " + shop.label))
            return;
        cursor = next;
    }
}

struct Pending {
    WorkItem work;
    boost::json::value record;
    int channel = 0;
};

// What a payout's transactions will name the order by: its payment reference (docs/reconciliation.md).
void record_payment(ConnectionRuntime& connection, PassContext& pass, const Pending& p, const std::string& target_id) {
    const auto* o = p.record.if_object();
    const auto* payment = o ? o->if_contains("payment") : nullptr;
    if (!payment || !payment->is_object()) return;
    const auto* reference = payment->get_object().if_contains("reference");
    if (!reference || !reference->is_string() || reference->get_string().empty()) return;
    OrderPaymentRecord r{p.work.record_key, std::string(reference->get_string()), target_id, std::nullopt, ""};
    if (const auto* amount = payment->get_object().if_contains("amount")) {
        try {
            auto m = model::read_money(*amount, "payment.amount");
            r.amount = m.minor();
            r.currency = m.currency();
        } catch (const RecordError&) {
            // The order was checked when read; an amount it lacks just leaves the check to the invoice.
        }
    }
    pass.store.put_order_payment(connection.name(), r, pass.clock());
}

// One commit: the mapping, the queue row's end, the journey and the usage count together,
// so a crash neither loses the count nor, through a second delivery, doubles it.
// `how`: the journey's step and what it says ("created", "already in the ERP").
void record_delivered(ConnectionRuntime& connection, PassContext& pass, const Pending& p, const std::string& target_id,
                      const char* step, const std::string& how) {
    Store::WriteBatch batch(pass.store, "recording a delivered order");
    record_payment(connection, pass, p, target_id);
    pass.store.put_mapping({connection.name(), kEntity, p.work.record_key, target_id, content_hash(p.record), p.channel},
                           pass.clock());
    pass.store.complete(p.work.id);
    pass.store.count_order(connection.name(), p.work.record_key, pass.clock());
    const JourneySubject order{"order", p.work.record_key};
    pass.store.add_record_key(connection.name(), order, "erp_number", target_id, pass.clock());
    pass.store.add_record_event(connection.name(), kEntity, p.work.record_key, step,
                                how + (target_id.empty() ? "" : " as ERP order " + target_id), pass.clock());
    batch.commit();
}

// The ERP created the order under its own number: the shop is told so ("confirmed"),
// through the status queue, so the next status pass delivers it to the order's shop with
// the same retries and dead letters as any status event. It is queued before the order's
// mapping is recorded, so a kill between the two cannot lose it.
void queue_confirmation(ConnectionRuntime& connection, PassContext& pass, const Pending& p, const std::string& erp_order_no) {
    bool status_flows = false;
    for (const auto& f : connection.plan()) status_flows = status_flows || f.entity == "status";
    Endpoint* shop = connection.shop_for_channel(p.channel ? p.channel : 1);
    if (!status_flows || !shop || erp_order_no.empty()) return;
    const boost::json::object event{{"order_id", p.work.record_key},
                                    {"status", "confirmed"},
                                    {"erp_order_no", erp_order_no},
                                    {"erp_document", erp_order_no},
                                    {"notify_customer", false}};
    Store::WriteBatch batch(pass.store, "queueing an order's confirmation");
    pass.store.enqueue(connection.name(), "status", p.work.record_key + ":confirmed", detail::queue_payload(*shop, event),
                       pass.clock());
    pass.store.add_record_event(connection.name(), "status", p.work.record_key + ":confirmed", journey_step::status_queued,
                                "confirmed (ERP order " + erp_order_no + ") queued for " + shop->label, pass.clock());
    batch.commit();
}

// An order whose lines, freight and discounts do not add up to what its payment
// authorised would be booked wrong in the ERP: it is parked, showing both figures, for a
// person to settle (a shop may read its own amounts wrong, e.g. Norce's Discount).
std::optional<std::string> unbalanced(const boost::json::value& record) {
    try {
        const auto order = model::read_order(record, "order");
        if (!order.payment || order.payment->amount.currency() != order.currency) return std::nullopt;
        const auto total = order.total_inc_vat();
        if (total == order.payment->amount) return std::nullopt;
        return "the lines, freight and discounts add up to " + total.to_string() + " but the payment authorised " +
               order.payment->amount.to_string() + "; not written to the ERP";
    } catch (const RecordError&) {
        return std::nullopt;   // a malformed order is named where it is written
    }
}

// The chain at order.before_write: kept orders go on (changed), dropped ones leave the
// queue as skipped with the transform's reason, failed ones become dead letters.
void apply_transforms(ConnectionRuntime& connection, PassContext& pass, ReportBuilder& report, std::vector<Pending>& pending) {
    const auto hook = TransformChain::before_write_hook(kEntity);
    if (!connection.transforms().has(hook) || pending.empty()) return;
    std::vector<Pending> kept;
    std::map<int, std::vector<std::size_t>> by_channel;
    for (std::size_t i = 0; i < pending.size(); ++i) by_channel[pending[i].channel].push_back(i);
    for (const auto& [channel, indexes] : by_channel) {
        std::vector<boost::json::value> records;
        for (auto i : indexes) records.push_back(pending[i].record);
        auto outcomes = connection.transforms().run(hook, records, {{"connection", connection.name()}, {"channel", channel}});
        for (std::size_t k = 0; k < indexes.size(); ++k) {
            auto& p = pending[indexes[k]];
            const auto& out = outcomes[k];
            if (out.action == TransformOutcome::Action::keep) {
                if (auto change = change_summary(p.record, out.record); !change.empty())
                    pass.store.add_record_event(connection.name(), kEntity, p.work.record_key, journey_step::transformed,
                                                "by " + connection.transforms().labels(hook) + ": " + change, pass.clock());
                p.record = out.record;
                kept.push_back(std::move(p));
            } else if (out.action == TransformOutcome::Action::drop) {
                Store::WriteBatch batch(pass.store, "dropping an order");
                pass.store.complete(p.work.id);
                pass.store.add_record_event(connection.name(), kEntity, p.work.record_key, journey_step::dropped,
                                            "dropped by " + out.reason, pass.clock());
                batch.commit();
                report.skipped(p.work.record_key, "order " + p.work.record_key + " dropped by " + out.reason);
            } else {
                detail::park_failure(pass, report, connection.name(), kEntity, p.work.record_key, p.work.payload, p.work,
                                     {"order " + p.work.record_key + ": " + out.reason, false, {}});
            }
        }
    }
    pending = std::move(kept);
}

bool creates_articles_in_erp(const ConnectionRuntime& connection) {
    for (const auto& flow : connection.plan())
        if (flow.entity == "products" && flow.direction == Direction::shop_to_erp) return true;
    return false;
}

// One claimed batch: each order looked up, then the new ones written in one call.
void deliver_batch(ConnectionRuntime& connection, PassContext& pass, ReportBuilder& report, const std::vector<WorkItem>& due) {
    auto& erp = connection.erp();
    const std::string as = connection.option_string("orders_as", "order");
    std::vector<Pending> to_create;
    for (std::size_t i = 0; i < due.size(); ++i) {
        Pending p{due[i], nullptr, 0};
        boost::system::error_code ec;
        auto payload = boost::json::parse(p.work.payload, ec);
        if (ec || !payload.is_object() || !payload.get_object().contains("record")) {
            detail::park_failure(pass, report, connection.name(), kEntity, p.work.record_key, p.work.payload, p.work,
                                 {"order " + p.work.record_key + ": queued payload is unreadable", false, {}});
            continue;
        }
        p.record = payload.at("record");
        if (auto* ch = payload.get_object().if_contains("channel"); ch && ch->is_int64()) p.channel = static_cast<int>(ch->get_int64());
        if (auto gap = unbalanced(p.record)) {
            detail::park_failure(pass, report, connection.name(), kEntity, p.work.record_key, p.work.payload, p.work,
                                 {"order " + p.work.record_key + ": " + *gap, false, {}});
            continue;
        }
        if (auto existing = pass.store.mapping(connection.name(), kEntity, p.work.record_key)) {
            // Delivered before; only the queue row outlived a crash.
            pass.store.complete(p.work.id);
            report.unchanged();
            continue;
        }
        auto found = detail::call_endpoint(connection, erp, {{"op", "orders.find"}, {"order_id", p.work.record_key}});
        if (!found.ok()) {
            detail::park_failure(pass, report, connection.name(), kEntity, p.work.record_key, p.work.payload, p.work,
                                 detail::failure_of(found, "order " + p.work.record_key + ": looking it up in the ERP"));
            continue;
        }
        const auto& f = found.document.as_object();
        if (auto* yes = f.if_contains("found"); yes && *yes == true) {
            auto* tid = f.if_contains("target_id");
            record_delivered(connection, pass, p, tid && tid->is_string() ? std::string(tid->get_string()) : "",
                             journey_step::found, "already in the ERP; not created again");
            report.unchanged();
            pass.logger.log(SKARV_LOG_INFO, connection.name() + "/orders",
                            "order " + p.work.record_key + " is already in the ERP; not created again");
            continue;
        }
        to_create.push_back(std::move(p));
    }
    apply_transforms(connection, pass, report, to_create);
    if (to_create.empty()) return;
    // The look-ups took time: only orders still claimed by this worker are written. One
    // whose claim ran out (this worker stalled past its lease) may be another worker's now,
    // and writing it here too could create it twice; it is left to that worker.
    {
        std::vector<int64_t> ids;
        for (const auto& p : to_create) ids.push_back(p.work.id);
        const int64_t now = pass.clock();
        const auto still = pass.store.renew_claims(ids, pass.options.worker, now, now + pass.options.claim_ms);
        std::erase_if(to_create, [&](const Pending& p) {
            if (still.count(p.work.id)) return false;
            pass.logger.log(SKARV_LOG_WARN, connection.name() + "/orders",
                            "order " + p.work.record_key + ": its claim ran out before it was written; left to the worker that holds it now");
            return true;
        });
        if (to_create.empty()) return;
    }
    boost::json::array records;
    for (const auto& p : to_create) records.push_back(p.record);
    auto written = detail::call_endpoint(connection, erp, {{"op", "orders.write"}, {"as", as}, {"records", records}});
    if (!written.ok()) {
        for (const auto& p : to_create)
            detail::park_failure(pass, report, connection.name(), kEntity, p.work.record_key, p.work.payload, p.work,
                                 detail::failure_of(written, "order " + p.work.record_key + ": writing to the ERP"));
        return;
    }
    const auto* results = written.document.as_object().if_contains("results");
    for (std::size_t i = 0; i < to_create.size(); ++i) {
        const auto& p = to_create[i];
        const boost::json::object* r = nullptr;
        if (results && results->is_array())
            for (const auto& candidate : results->get_array())
                if (candidate.is_object() && candidate.get_object().contains("index") &&
                    candidate.get_object().at("index") == static_cast<int64_t>(i))
                    r = &candidate.get_object();
        if (!r) {
            detail::park_failure(pass, report, connection.name(), kEntity, p.work.record_key, p.work.payload, p.work,
                                 {"order " + p.work.record_key + ": the ERP connector gave no result for it", true, {}});
            continue;
        }
        auto outcome = r->if_contains("outcome");
        if (outcome && *outcome == "failed") {
            const auto& error = r->contains("error") ? r->at("error") : boost::json::value();
            auto failure = detail::failure_of_item(error, "order " + p.work.record_key);
            // Orders and the catalogue run in separate lanes, side by side: where products
            // go from the shop to the ERP, an order may name an article whose products
            // pass has not reached the ERP yet. It is retried with backoff (the catalogue
            // lane creates the article meanwhile) and becomes a dead letter only when the
            // retry policy gives up. Elsewhere a missing article stays missing: a dead
            // letter at once. docs/flows.md, "Lanes".
            if (error.is_object() && creates_articles_in_erp(connection))
                if (auto* code = error.get_object().if_contains("code"); code && *code == "missing_article")
                    failure.retryable = true;
            detail::park_failure(pass, report, connection.name(), kEntity, p.work.record_key, p.work.payload, p.work,
                                 failure);
            continue;
        }
        auto* tid = r->if_contains("target_id");
        const std::string target_id = tid && tid->is_string() ? std::string(tid->get_string()) : "";
        const bool created = outcome && *outcome == "created";
        if (created) queue_confirmation(connection, pass, p, target_id);
        record_delivered(connection, pass, p, target_id, journey_step::written,
                         created ? "created in the ERP (" + as + ")" : "the ERP already had it");
        if (created) report.created();
        else report.unchanged();
    }
}

void deliver_queue(ConnectionRuntime& connection, PassContext& pass, ReportBuilder& report) {
    // Bounded: a pass delivers what was due when it started; retries wait for their time.
    const int64_t due_by = pass.clock();
    const auto& worker = pass.options.worker;
    std::set<int64_t> claimed_before;
    while (!(pass.cancelled && pass.cancelled->load())) {   // cancelled: the rest stays queued
        // A batch at a time, claimed: no other worker delivers these while this one does,
        // and if this worker dies they are free again when the claim ends.
        const int64_t now = pass.clock();
        auto due = pass.store.claim_work(connection.name(), kEntity, due_by, now, pass.options.batch_size, worker,
                                         now + pass.options.claim_ms);
        // A record this pass already had and left queued (its claim outlived the batch)
        // waits for the next pass rather than looping here.
        std::erase_if(due, [&](const WorkItem& w) { return !claimed_before.insert(w.id).second; });
        if (due.empty()) break;
        deliver_batch(connection, pass, report, due);
    }
    // What this pass claimed and did not finish is free for the next one at once.
    pass.store.release_claims(connection.name(), kEntity, worker);
}

}  // namespace

TransferReport transfer_orders(ConnectionRuntime& connection, PassContext& pass) {
    ReportBuilder report(connection.name(), kEntity, pass.clock());
    for (auto& shop : connection.shops()) read_shop(connection, shop, pass, report);
    if (!pass.options.dry_run) deliver_queue(connection, pass, report);
    return report.finish(pass.clock());
}

}  // namespace skarv::host
