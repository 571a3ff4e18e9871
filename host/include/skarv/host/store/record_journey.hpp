#pragma once
// A record's journey: what happened to one order, product or SKU, step by step, as the
// store keeps it (Store::add_record_event, Store::journey; docs/tracing.md).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace skarv::host {

// What a person asks about: "order" (its status events too), "product", "sku" (its prices
// and stock), "pricelist"; another entity is its own subject.
struct JourneySubject {
    std::string kind, id;
};
// The subject a record of `entity` under `record_key` belongs to: "status" 100012:shipped
// is order 100012, "prices" SKU1@retail is sku SKU1.
JourneySubject journey_subject(const std::string& entity, const std::string& record_key);
// "orders" -> "order", "products" -> "product", "skus" -> "sku"; what is not a subject
// kind comes back empty.
std::string subject_kind(const std::string& word);

// The steps a journey records (the `step` column). Kept as words, not numbers: a person
// reads them in `skarv trace` and on the dashboard.
namespace journey_step {
inline constexpr const char* read = "read";                 // read from its source and queued
inline constexpr const char* pushed = "pushed";             // the shop pushed it; queued
inline constexpr const char* transformed = "transformed";   // a transform changed it (fields old -> new)
inline constexpr const char* dropped = "dropped";           // a transform dropped it
inline constexpr const char* written = "written";           // written to a target, as which id
inline constexpr const char* found = "found";               // already in the ERP: not created again
inline constexpr const char* status_queued = "status_queued";
inline constexpr const char* status_sent = "status_sent";
inline constexpr const char* retry = "retry";               // failed, tried again later
inline constexpr const char* dead_letter = "dead_letter";
inline constexpr const char* replayed = "replayed";
inline constexpr const char* settled = "settled";           // a payment provider's payout that paid it was booked
}  // namespace journey_step

struct RecordEvent {
    int64_t id = 0;
    std::string connection, entity, record_key;
    int64_t at = 0;   // ms since the epoch
    std::string step, detail;
};

struct Journey {
    JourneySubject subject;
    std::vector<RecordEvent> events;        // oldest first
    std::optional<int64_t> pruned_before;   // events before this were removed by retention
};

// A record a search found, and by what.
struct RecordMatch {
    JourneySubject subject;
    std::string connection;
    std::string matched_by;   // order, order_number, erp_number, email, payment_reference, product, sku
};

class Store;
// The journeys `skarv trace` and GET /api/trace show for `subject`: its own, or, for an
// order asked for by its ERP number, e-mail or payment reference, each order known by
// that. Empty: nothing is known by it (a pruned journey comes back with pruned_before).
std::vector<Journey> find_journeys(Store& store, const JourneySubject& subject, int limit = 1000);

}  // namespace skarv::host
