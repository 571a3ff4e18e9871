// The store's side of a record's journey: its events, the keys a search finds an order
// by, and the tombstones of what retention pruned (docs/tracing.md).
#include <algorithm>

#include "skarv/host/store/record_journey.hpp"
#include "store_guarded.hpp"

namespace skarv::host {

namespace {
std::string ascii_lower(std::string s) {
    for (auto& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}
std::string before_last(const std::string& key, char separator) {
    auto at = key.rfind(separator);
    return at == std::string::npos ? key : key.substr(0, at);
}
// The id mappings of a product (source id = ?1) and of a SKU's prices and stock (source
// ids "<sku>@...", between ?2 and ?3); plain ? for both engines.
constexpr const char* kLatestWrites =
    "SELECT entity, connection, source_id, target_id, updated_at FROM id_mappings "
    "WHERE (source_id = ? AND entity LIKE 'products@%') "
    "OR (source_id >= ? AND source_id < ? AND (entity LIKE 'prices@%' OR entity LIKE 'stock@%')) "
    "ORDER BY updated_at, entity";
}  // namespace

JourneySubject journey_subject(const std::string& entity, const std::string& record_key) {
    if (entity == "orders") return {"order", record_key};
    // "<order_id>:<status>": the order id may itself hold a ':', the status never does.
    if (entity == "status") return {"order", before_last(record_key, ':')};
    if (entity == "products") return {"product", record_key};
    // "<sku>@<price list>[:<min quantity>]" and "<sku>@<warehouse>": a SKU has no '@' of
    // its own in either shop or ERP, so the first one ends it.
    if (entity == "prices" || entity == "stock") return {"sku", record_key.substr(0, record_key.find('@'))};
    if (entity == "pricelists") return {"pricelist", record_key};
    return {entity, record_key};
}

std::string subject_kind(const std::string& word) {
    for (const char* kind : {"order", "product", "sku", "pricelist"})
        if (word == kind || word == std::string(kind) + "s") return kind;
    return "";
}

void Store::add_record_event(const std::string& connection, const std::string& entity, const std::string& record_key,
                             const std::string& step, const std::string& detail, int64_t at) {
    const auto subject = journey_subject(entity, record_key);
    guarded("recording a record's journey", [&]() -> void {
        auto cached = prepared("INSERT INTO record_events (subject, subject_id, connection, entity, record_key, at, step, detail) "
                               "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        auto& q = *cached;
        q.bind(1, subject.kind);
        q.bind(2, subject.id);
        q.bind(3, connection);
        q.bind(4, entity);
        q.bind(5, record_key);
        q.bind(6, at);
        q.bind(7, step);
        q.bind(8, detail);
        q.exec();
    });
}

void Store::add_record_key(const std::string& connection, const JourneySubject& subject, const std::string& kind,
                           const std::string& value, int64_t now) {
    if (value.empty()) return;
    const auto stored = kind == "email" ? ascii_lower(value) : value;
    guarded("recording a record's search key", [&]() -> void {
        auto cached = prepared("INSERT INTO record_keys (value, kind, subject, subject_id, connection, updated_at) "
                               "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (value, kind, subject, subject_id, connection) DO UPDATE SET updated_at = excluded.updated_at");
        auto& q = *cached;
        q.bind(1, stored);
        q.bind(2, kind);
        q.bind(3, subject.kind);
        q.bind(4, subject.id);
        q.bind(5, connection);
        q.bind(6, now);
        q.exec();
    });
}

Journey Store::journey(const JourneySubject& subject, int limit) {
    return guarded("reading a record's journey", [&]() -> Journey {
        Journey out{subject, {}, std::nullopt};
        // The newest `limit`, then turned oldest first.
        auto cached = prepared("SELECT id, connection, entity, record_key, at, step, detail FROM record_events "
                               "WHERE subject = ? AND subject_id = ? ORDER BY id DESC LIMIT ?");
        auto& q = *cached;
        q.bind(1, subject.kind);
        q.bind(2, subject.id);
        q.bind(3, limit);
        while (q.step())
            out.events.push_back({q.int64(0), q.text(1), q.text(2),
                                  q.text(3), q.int64(4), q.text(5),
                                  q.text(6)});
        std::reverse(out.events.begin(), out.events.end());
        // A product's or SKU's writes: the latest to each target, from its id mappings
        // (entity_transfer.cpp says why they are not event rows).
        if (subject.kind == "product" || subject.kind == "sku") {
            auto writes = prepared(kLatestWrites);
            writes->bind(1, subject.id);
            writes->bind(2, subject.kind == "sku" ? subject.id + "@" : std::string("\x01"));
            writes->bind(3, subject.kind == "sku" ? subject.id + "A" : std::string("\x01"));
            while (writes->step()) {
                const auto entity = writes->text(0), source = writes->text(2), target_id = writes->text(3);
                const auto at = entity.find('@');
                out.events.push_back({0, writes->text(1), entity.substr(0, at), source, writes->int64(4), journey_step::written,
                                      "latest write to " + (at == std::string::npos ? entity : entity.substr(at + 1)) +
                                          (target_id != source ? " as " + target_id : "")});
            }
            std::stable_sort(out.events.begin(), out.events.end(),
                             [](const RecordEvent& a, const RecordEvent& b) { return a.at < b.at; });
        }
        auto tomb = prepared("SELECT pruned_before FROM pruned_journeys WHERE subject = ? AND subject_id = ?");
        tomb->bind(1, subject.kind);
        tomb->bind(2, subject.id);
        if (tomb->step()) out.pruned_before = tomb->int64(0);
        return out;
    });
}

std::vector<RecordMatch> Store::search_records(const std::string& query, int limit) {
    return guarded("searching records", [&]() -> std::vector<RecordMatch> {
        std::vector<RecordMatch> out;
        // Exact values only, bound as parameters: no pattern, so '%' and quotes are just
        // characters, and every look-up is one index range.
        auto keys = prepared("SELECT DISTINCT subject, subject_id, connection, kind FROM record_keys "
                             "WHERE value IN (?, ?) ORDER BY subject, subject_id LIMIT ?");
        const auto lower = ascii_lower(query);
        keys->bind(1, query);
        keys->bind(2, lower);
        keys->bind(3, limit);
        while (keys->step())
            out.push_back({{keys->text(0), keys->text(1)}, keys->text(2),
                           keys->text(3)});
        // An order, product or SKU by its own id: its events name it (catalogue records
        // have no key rows, lean at 50,000 SKUs), or its tombstone once pruned.
        auto own = prepared("SELECT subject, MIN(connection) FROM record_events WHERE subject IN ('order', 'product', 'sku') "
                            "AND subject_id = ? GROUP BY subject UNION "
                            "SELECT subject, '' FROM pruned_journeys WHERE subject IN ('order', 'product', 'sku') AND subject_id = ? "
                            "AND NOT EXISTS (SELECT 1 FROM record_events e WHERE e.subject = pruned_journeys.subject "
                            "AND e.subject_id = pruned_journeys.subject_id) LIMIT ?");
        own->bind(1, query);
        own->bind(2, query);
        own->bind(3, limit);
        while (own->step() && static_cast<int>(out.size()) < limit) {
            auto kind = own->text(0);
            out.push_back({{kind, query}, own->text(1), kind});
        }
        // A product or SKU written but never failed has no events: its id mappings name it.
        auto writes = prepared(kLatestWrites);
        writes->bind(1, query);
        writes->bind(2, query + "@");
        writes->bind(3, query + "A");
        while (writes->step() && static_cast<int>(out.size()) < limit) {
            const std::string kind = writes->text(0).rfind("products@", 0) == 0 ? "product" : "sku";
            if (std::none_of(out.begin(), out.end(), [&](const RecordMatch& m) { return m.subject.kind == kind && m.subject.id == query; }))
                out.push_back({{kind, query}, writes->text(1), kind});
        }
        return out;
    });
}

std::vector<Journey> find_journeys(Store& store, const JourneySubject& subject, int limit) {
    auto own = store.journey(subject, limit);
    if (!own.events.empty() || own.pruned_before) return {std::move(own)};
    if (subject.kind != "order") return {};
    // An order asked for by its ERP number, the customer's e-mail or its payment reference.
    std::vector<Journey> out;
    for (const auto& match : store.search_records(subject.id, 20))
        if (match.subject.kind == "order" && match.subject.id != subject.id) {
            auto j = store.journey(match.subject, limit);
            if (std::none_of(out.begin(), out.end(), [&](const Journey& o) { return o.subject.id == j.subject.id; }))
                out.push_back(std::move(j));
        }
    return out;
}

}  // namespace skarv::host
