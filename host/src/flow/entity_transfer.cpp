// Every entity but orders: status, products, prices, price lists, stock. Read a page of
// changes from the source, write to each target what differs from what we last wrote
// there (content hash per record and target), record the mapping, then advance the
// cursor. A record that fails goes to the work queue to be retried with backoff, or to
// the dead letters, so the cursor can advance past it without losing it.

#include <map>

#include <skarv/json_reader.hpp>
#include <skarv/model/order_status.hpp>

#include "skarv/host/reconcile/order_records.hpp"
#include "transfer_support.hpp"

namespace skarv::host {

std::string detail::queue_payload(const Endpoint& target, const boost::json::value& record) {
    return boost::json::serialize(boost::json::object{{"target", target.label}, {"record", record}});
}

namespace {
using detail::queue_payload;

struct Item {
    std::string key;
    boost::json::value record;
    std::string hash;
    std::optional<WorkItem> work;   // set when it comes from the retry queue
    std::string change = {};        // what a transform changed, for the journey's event
};

// A catalogue record's journey keeps one event a change (written, dropped) and every
// failure: at 50,000 SKUs an event for each unchanged record of each pass would cost the
// initial sync and the file more than it tells anyone (docs/tracing.md). A status event
// is the order's: always kept.
// A status sent back is an event of its order's journey. A catalogue write is not: its id
// mapping already holds the latest write (target id, time), which the trace shows as the
// "written" step; an event row per record would be 200,000 rows on a 50,000-SKU initial
// sync, and issue 14's state-size target. Failures, drops and retries are events always.
bool journey_keeps(const std::string& entity, const boost::json::value*) { return entity == "status"; }

std::string mapping_entity(const std::string& entity, const Endpoint& target) { return entity + "@" + target.label; }

// combo and similar plans: products go one way, prices the other. The product records
// still carry a price (a new article needs one), so the target is told to keep the prices
// it leads: set a price only on an article it creates.
bool target_leads_prices(const ConnectionRuntime& connection, const std::string& entity, const Endpoint& target) {
    if (entity != "products") return false;
    const auto to_target = target.role == "shop" ? Direction::erp_to_shop : Direction::shop_to_erp;
    for (const auto& f : connection.plan())
        if ((f.entity == "prices" || f.entity == "pricelists") && f.direction != to_target) return true;
    return false;
}

// The SKUs a written record makes active for usage (docs/operating.md#usage): a product's
// variants (or its article number when it has none), the SKU of a stock figure or price.
std::vector<std::string> skus_written(const std::string& entity, const boost::json::value& record) {
    std::vector<std::string> skus;
    const auto* o = record.if_object();
    if (!o) return skus;
    auto text = [](const boost::json::value* v) { return v && v->is_string() ? std::string(v->get_string()) : std::string(); };
    if (entity == "products") {
        if (const auto* variants = o->if_contains("variants"); variants && variants->is_array())
            for (const auto& v : variants->get_array())
                if (v.is_object()) skus.push_back(text(v.get_object().if_contains("sku")));
        if (skus.empty()) skus.push_back(text(o->if_contains("article_number")));
    } else if (entity == "stock" || entity == "prices") {
        skus.push_back(text(o->if_contains("sku")));
    }
    return skus;
}

// Writes items to one target in batches and records each outcome.
void write_items(ConnectionRuntime& connection, const std::string& entity, Endpoint& target, std::vector<Item>& items,
                 PassContext& pass, ReportBuilder& report, detail::PageLedger& ledger) {
    const auto map_entity = mapping_entity(entity, target);
    for (std::size_t start = 0; start < items.size(); start += pass.options.batch_size) {
        std::size_t end = std::min(items.size(), start + pass.options.batch_size);
        boost::json::array records;
        for (std::size_t i = start; i < end; ++i) records.push_back(items[i].record);
        if (pass.options.dry_run) {
            for (std::size_t i = start; i < end; ++i) {
                bool known = pass.store.mapping(connection.name(), map_entity, items[i].key).has_value();
                if (pass.plan_out)
                    *pass.plan_out << entity << ": would " << (known ? "update " : "create ") << items[i].key << " in "
                                   << target.label << "\n";
                known ? report.updated() : report.created();
            }
            continue;
        }
        boost::json::object request{{"op", entity + ".write"}, {"records", std::move(records)}};
        if (target_leads_prices(connection, entity, target)) request["keep_prices"] = true;
        auto result = detail::call_endpoint(connection, target, std::move(request));
        for (std::size_t i = start; i < end; ++i) {
            auto& item = items[i];
            auto context = entity + " " + item.key + " to " + target.label;
            if (!result.ok()) {
                ledger.later([&pass, &report, &connection, entity, key = item.key, payload = queue_payload(target, item.record),
                              work = item.work, failure = detail::failure_of(result, context)] {
                    detail::park_failure(pass, report, connection.name(), entity, key, payload, work, failure);
                });
                continue;
            }
            const boost::json::object* r = nullptr;
            if (auto* results = result.document.as_object().if_contains("results"); results && results->is_array())
                for (const auto& c : results->get_array())
                    if (c.is_object() && c.get_object().contains("index") && c.get_object().at("index") == static_cast<int64_t>(i - start))
                        r = &c.get_object();
            auto* outcome = r ? r->if_contains("outcome") : nullptr;
            if (!r || (outcome && *outcome == "failed")) {
                auto failure = r ? detail::failure_of_item(r->contains("error") ? r->at("error") : boost::json::value(), context)
                                 : detail::Failure{context + ": the connector gave no result for it", true, {}};
                ledger.later([&pass, &report, &connection, entity, key = item.key, payload = queue_payload(target, item.record),
                              work = item.work, failure] {
                    detail::park_failure(pass, report, connection.name(), entity, key, payload, work, failure);
                });
                continue;
            }
            auto* tid = r->if_contains("target_id");
            std::optional<std::pair<std::string, std::string>> event;   // the journey's step and what it says
            if (journey_keeps(entity, outcome)) {
                const std::string did = entity == "status" ? "sent to " + target.label
                                        : outcome && *outcome == "created" ? "created in " + target.label
                                                                           : "updated in " + target.label;
                event.emplace(entity == "status" ? journey_step::status_sent : journey_step::written,
                              did + (tid && tid->is_string() && tid->get_string() != item.key ? " as " + std::string(tid->get_string()) : "") +
                                  (item.change.empty() ? "" : "; transformed " + item.change));
            }
            ledger.later([&pass, &connection, entity, mapping = IdMapping{connection.name(), map_entity, item.key,
                                                     tid && tid->is_string() ? std::string(tid->get_string()) : item.key,
                                                     item.hash, std::nullopt},
                          work_id = item.work ? std::optional<int64_t>(item.work->id) : std::nullopt, event = std::move(event),
                          skus = skus_written(entity, item.record)] {
                pass.store.put_mapping(mapping, pass.clock());
                if (work_id) pass.store.complete(*work_id);
                if (event) pass.store.add_record_event(connection.name(), entity, mapping.source_id, event->first, event->second,
                                                       pass.clock());
                pass.store.count_skus(mapping.connection, skus, pass.clock());
            });
            if (outcome && *outcome == "created") report.created();
            else if (outcome && *outcome == "unchanged") report.unchanged();
            else report.updated();
        }
    }
}

// The chain at <entity>.before_write for one target: kept records go on (changed),
// dropped ones are counted as skipped with the reason, failed ones become dead letters.
void transform_items(ConnectionRuntime& connection, const std::string& entity, const std::string& hook, Endpoint& target,
                     std::vector<Item>& items, PassContext& pass, ReportBuilder& report) {
    std::vector<boost::json::value> records;
    for (const auto& i : items) records.push_back(i.record);
    boost::json::object context{{"connection", connection.name()}, {"target", target.label}};
    if (target.role == "shop") context["channel"] = target.channel;
    auto outcomes = connection.transforms().run(hook, records, context);
    std::vector<Item> kept;
    for (std::size_t k = 0; k < items.size(); ++k) {
        const auto& out = outcomes[k];
        if (out.action == TransformOutcome::Action::keep) {
            if (!pass.options.dry_run) {
                auto change = change_summary(items[k].record, out.record);
                if (!change.empty()) items[k].change = "by " + connection.transforms().labels(hook) + ": " + change;
            }
            items[k].record = out.record;
            kept.push_back(std::move(items[k]));
        } else if (out.action == TransformOutcome::Action::drop) {
            if (!pass.options.dry_run) {
                Store::WriteBatch batch(pass.store, "dropping a record");
                if (items[k].work) pass.store.complete(items[k].work->id);
                pass.store.add_record_event(connection.name(), entity, items[k].key, journey_step::dropped,
                                            "dropped by " + out.reason + " (for " + target.label + ")", pass.clock());
                batch.commit();
            }
            report.skipped(items[k].key, entity + " " + items[k].key + " dropped by " + out.reason);
        } else if (!pass.options.dry_run) {
            detail::park_failure(pass, report, connection.name(), entity, items[k].key, queue_payload(target, items[k].record),
                                 items[k].work, {entity + " " + items[k].key + ": " + out.reason, false, {}});
        } else {
            report.failed(items[k].key, out.reason);
        }
    }
    items = std::move(kept);
}

// Status events go back to the shop the order came from; other entities to every target.
std::vector<Endpoint*> targets_for(ConnectionRuntime& connection, const std::string& entity, const EntityFlow& flow,
                                   const boost::json::value& record, PassContext& pass) {
    if (flow.direction == Direction::shop_to_erp) return {&connection.erp()};
    std::vector<Endpoint*> all;
    if (entity == "status") {
        auto order_id = JsonReader(record, "status").string("order_id");
        auto mapping = pass.store.mapping(connection.name(), "orders", order_id);
        if (auto* shop = connection.shop_for_channel(mapping && mapping->channel ? *mapping->channel : 1)) all.push_back(shop);
        return all;
    }
    for (auto& shop : connection.shops()) all.push_back(&shop);
    return all;
}

// What the connection's options make of a record: stock profiles sum and route stock,
// the price-list mapping renames lists; anything else goes as read to every target.
Routing route_by_options(ConnectionRuntime& connection, const EntityFlow& flow, const Endpoint& source, const std::string& key,
                         const boost::json::value& record, const std::vector<Endpoint*>& targets, PassContext& pass) {
    if (flow.entity == "stock" && connection.stock_profiles().configured())
        return connection.stock_profiles().route(record, flow.direction, source, targets,
                                                 {pass.store, connection.name(), pass.clock(), pass.options.dry_run});
    if ((flow.entity == "prices" || flow.entity == "pricelists") && connection.price_lists().configured())
        return connection.price_lists().route(flow.entity, record, flow.direction, targets);
    Routing as_read;
    for (auto* target : targets) as_read.writes.push_back({target, key, record});
    return as_read;
}

void read_and_write(ConnectionRuntime& connection, const EntityFlow& flow, Endpoint& source, PassContext& pass,
                    ReportBuilder& report) {
    const auto& entity = flow.entity;
    const std::string cursor_name = entity + "@" + source.label;
    auto cursor = detail::load_cursor(pass.store, connection.name(), cursor_name);
    detail::ReadBudget budget(connection, pass.options);
    while (true) {
        if (pass.cancelled && pass.cancelled->load()) return;
        boost::json::object request{{"op", entity + ".read"}, {"cursor", cursor}, {"limit", pass.options.batch_size}};
        if (pass.options.initial) request["initial"] = true;
        auto result = detail::call_endpoint(connection, source, std::move(request));
        if (!result.ok()) {
            if (result.status != SKARV_ERR_UNSUPPORTED)
                report.error(pass.logger.scrub("reading " + entity + " from " + source.label + ": " + result.message()));
            return;
        }
        const auto& doc = result.document.as_object();
        const auto* records = doc.if_contains("records");
        if (!records || !records->is_array()) {
            report.error("reading " + entity + " from " + source.label + ": the answer has no \"records\" array");
            return;
        }
        std::map<Endpoint*, std::vector<Item>> by_target;
        // A later record of a page under the same key supersedes an earlier one (a stock
        // profile's second warehouse gives the sum that includes the first).
        std::map<std::pair<Endpoint*, std::string>, std::size_t> position;
        const auto hook = TransformChain::before_write_hook(entity);
        // Routing may record figures (stock profiles) and park records it cannot route:
        // one commit for the page's, not one each. No remote call happens in this loop.
        std::optional<Store::WriteBatch> routing_writes;
        if (!pass.options.dry_run) routing_writes.emplace(pass.store, "recording a page's routing");
        for (const auto& record : records->get_array()) {
            report.considered();
            std::string key;
            std::vector<Endpoint*> targets;
            Routing routing;
            try {
                key = record_key(entity, record);
                if (entity == "status") {
                    auto event = model::read_order_status_event(record, "status " + key);
                    // The invoice a payout's rows will settle (docs/reconciliation.md).
                    if (!pass.options.dry_run) record_invoiced(pass.store, connection.name(), event, pass.clock());
                }
                targets = targets_for(connection, entity, flow, record, pass);
                if (!targets.empty()) routing = route_by_options(connection, flow, source, key, record, targets, pass);
            } catch (const RecordError& e) {
                auto id = key.empty() ? "(no key)" : key;
                if (pass.options.dry_run) report.failed(id, e.what());
                else
                    detail::park_failure(pass, report, connection.name(), entity, id,
                                         boost::json::serialize(boost::json::object{{"record", record}}), std::nullopt,
                                         {entity + " from " + source.label + ": " + e.what(), false, {}});
                continue;
            }
            if (targets.empty()) {
                // Perhaps the order is still on its way to the ERP: retry later, then a dead letter.
                if (pass.options.dry_run) report.failed(key, entity + " " + key + ": no shop to send it to");
                else
                    detail::park_failure(pass, report, connection.name(), entity, key,
                                         boost::json::serialize(boost::json::object{{"record", record}}), std::nullopt,
                                         {entity + " " + key + ": no shop to send it to (order unknown to this connection)",
                                          true, {}});
                continue;
            }
            if (!routing.skipped_because.empty()) {
                report.skipped(key, routing.skipped_because);
                continue;
            }
            for (auto& write : routing.writes) {
                auto& items = by_target[write.target];
                auto [at, fresh] = position.emplace(std::make_pair(write.target, write.key), items.size());
                Item item{write.key, std::move(write.record), "", std::nullopt};
                if (fresh) items.push_back(std::move(item));
                else items[at->second] = std::move(item);
            }
        }
        if (routing_writes) routing_writes->commit();
        for (auto& [target, items] : by_target) {
            if (connection.transforms().has(hook)) transform_items(connection, entity, hook, *target, items, pass, report);
            // Hash what would be written: an unchanged record is not written again.
            std::vector<std::string> keys;
            keys.reserve(items.size());
            for (const auto& item : items) keys.push_back(item.key);
            const auto known = pass.store.content_hashes(connection.name(), mapping_entity(entity, *target), keys);
            std::vector<Item> changed;
            for (auto& item : items) {
                item.hash = content_hash(item.record);
                auto last = known.find(item.key);
                if (last != known.end() && last->second == item.hash) report.unchanged();
                else changed.push_back(std::move(item));
            }
            items = std::move(changed);
        }
        detail::PageLedger ledger;
        for (auto& [target, items] : by_target) write_items(connection, entity, *target, items, pass, report, ledger);
        pass.tick(report.current(), doc, report.current().started_at);
        boost::json::value next = doc.contains("cursor") ? doc.at("cursor") : cursor;
        if (!pass.options.dry_run) {
            // Every record of the page is now written, queued for retry or a dead letter: its
            // outcomes and the cursor past it are one commit.
            ledger.later([&, text = boost::json::serialize(next)] {
                pass.store.set_cursor(connection.name(), cursor_name, text, pass.clock());
            });
            ledger.commit(pass.store);
            if (auto* ack = doc.if_contains("ack"); ack && *ack == true) detail::acknowledge(connection, source, pass, entity, next);
        }
        auto* more = doc.if_contains("more");
        if (!budget.another_page(more && *more == true, records->get_array().size(), report, cursor, next,
                                 "reading " + entity + " from " + source.label))
            return;
        cursor = next;
    }
}

void retry_queued(ConnectionRuntime& connection, const std::string& entity, PassContext& pass, ReportBuilder& report) {
    auto due = pass.store.due_work(connection.name(), entity, pass.clock(), 100000);
    std::map<Endpoint*, std::vector<Item>> by_target;
    for (auto& work : due) {
        boost::system::error_code ec;
        auto payload = boost::json::parse(work.payload, ec);
        Endpoint* target = nullptr;
        if (!ec && payload.is_object())
            if (auto* t = payload.get_object().if_contains("target"); t && t->is_string()) {
                if (*t == "erp") target = &connection.erp();
                for (auto& shop : connection.shops())
                    if (t->get_string() == shop.label) target = &shop;
            }
        if (!target || !payload.get_object().contains("record")) {
            detail::park_failure(pass, report, connection.name(), entity, work.record_key, work.payload, work,
                                 {entity + " " + work.record_key + ": queued payload names no known target", false, {}});
            continue;
        }
        report.considered();
        const auto& record = payload.at("record");
        by_target[target].push_back({work.record_key, record, content_hash(record), work});
    }
    detail::PageLedger ledger;
    for (auto& [target, items] : by_target) write_items(connection, entity, *target, items, pass, report, ledger);
    ledger.commit(pass.store);
}

}  // namespace

TransferReport transfer_entity(ConnectionRuntime& connection, const EntityFlow& flow, PassContext& pass) {
    ReportBuilder report(connection.name(), flow.entity, pass.clock());
    if (!pass.options.dry_run) retry_queued(connection, flow.entity, pass, report);
    if (flow.direction == Direction::erp_to_shop) {
        read_and_write(connection, flow, connection.erp(), pass, report);
    } else {
        for (auto& shop : connection.shops()) read_and_write(connection, flow, shop, pass, report);
    }
    return report.finish(pass.clock());
}

}  // namespace skarv::host
