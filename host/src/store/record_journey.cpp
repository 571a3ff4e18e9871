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
        q.bindNoCopy(1, subject.kind);
        q.bindNoCopy(2, subject.id);
        q.bindNoCopy(3, connection);
        q.bindNoCopy(4, entity);
        q.bindNoCopy(5, record_key);
        q.bind(6, at);
        q.bindNoCopy(7, step);
        q.bindNoCopy(8, detail);
        q.exec();
    });
}

void Store::add_record_key(const std::string& connection, const JourneySubject& subject, const std::string& kind,
                           const std::string& value, int64_t now) {
    if (value.empty()) return;
    const auto stored = kind == "email" ? ascii_lower(value) : value;
    guarded("recording a record's search key", [&]() -> void {
        auto cached = prepared("INSERT INTO record_keys (value, kind, subject, subject_id, connection, updated_at) "
                               "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET updated_at = excluded.updated_at");
        auto& q = *cached;
        q.bindNoCopy(1, stored);
        q.bindNoCopy(2, kind);
        q.bindNoCopy(3, subject.kind);
        q.bindNoCopy(4, subject.id);
        q.bindNoCopy(5, connection);
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
        q.bindNoCopy(1, subject.kind);
        q.bindNoCopy(2, subject.id);
        q.bind(3, limit);
        while (q.executeStep())
            out.events.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                                  q.getColumn(3).getString(), q.getColumn(4).getInt64(), q.getColumn(5).getString(),
                                  q.getColumn(6).getString()});
        std::reverse(out.events.begin(), out.events.end());
        auto tomb = prepared("SELECT pruned_before FROM pruned_journeys WHERE subject = ? AND subject_id = ?");
        tomb->bindNoCopy(1, subject.kind);
        tomb->bindNoCopy(2, subject.id);
        if (tomb->executeStep()) out.pruned_before = tomb->getColumn(0).getInt64();
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
        keys->bindNoCopy(1, query);
        keys->bindNoCopy(2, lower);
        keys->bind(3, limit);
        while (keys->executeStep())
            out.push_back({{keys->getColumn(0).getString(), keys->getColumn(1).getString()}, keys->getColumn(2).getString(),
                           keys->getColumn(3).getString()});
        // An order, product or SKU by its own id: its events name it (catalogue records
        // have no key rows, lean at 50,000 SKUs), or its tombstone once pruned.
        auto own = prepared("SELECT subject, MIN(connection) FROM record_events WHERE subject IN ('order', 'product', 'sku') "
                            "AND subject_id = ? GROUP BY subject UNION "
                            "SELECT subject, '' FROM pruned_journeys WHERE subject IN ('order', 'product', 'sku') AND subject_id = ? "
                            "AND NOT EXISTS (SELECT 1 FROM record_events e WHERE e.subject = pruned_journeys.subject "
                            "AND e.subject_id = pruned_journeys.subject_id) LIMIT ?");
        own->bindNoCopy(1, query);
        own->bindNoCopy(2, query);
        own->bind(3, limit);
        while (own->executeStep() && static_cast<int>(out.size()) < limit) {
            auto kind = own->getColumn(0).getString();
            out.push_back({{kind, query}, own->getColumn(1).getString(), kind});
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
