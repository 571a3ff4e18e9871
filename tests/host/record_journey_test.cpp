// A record's journey in the store: its events, the keys a search finds it by, and what
// retention leaves of it (docs/tracing.md).
#include <gtest/gtest.h>

#include <filesystem>

#include "skarv/host/store/store.hpp"

using namespace skarv::host;
namespace fs = std::filesystem;

namespace {
constexpr int64_t kDay = 24LL * 60 * 60 * 1000;

fs::path fresh_db(const std::string& name) {
    auto p = fs::temp_directory_path() / ("skarv-journey-" + name + "-" + std::to_string(::getpid()) + ".db");
    fs::remove(p);
    fs::remove(p.string() + "-wal");
    fs::remove(p.string() + "-shm");
    return p;
}

std::vector<std::string> steps(const Journey& j) {
    std::vector<std::string> out;
    for (const auto& e : j.events) out.push_back(e.step);
    return out;
}
}  // namespace

TEST(RecordJourney, AnOrdersStatusEventsArePartOfItsJourneyOldestFirst) {
    Store store(fresh_db("order"));
    store.add_record_event("main", "orders", "100012", journey_step::read, "read from shop#1", 1000);
    store.add_record_event("main", "orders", "100012", journey_step::written, "created as ERP order 5001", 2000);
    store.add_record_event("main", "status", "100012:confirmed", journey_step::status_sent, "sent to shop#1", 3000);
    store.add_record_event("main", "orders", "100013", journey_step::read, "another order", 1500);
    store.add_record_event("main", "prices", "TSHIRT@retail:10", journey_step::written, "updated in shop#1", 1600);
    store.add_record_event("main", "stock", "TSHIRT@main", journey_step::written, "updated in shop#1", 1700);

    auto j = store.journey({"order", "100012"});
    EXPECT_EQ(steps(j), (std::vector<std::string>{"read", "written", "status_sent"}));
    EXPECT_EQ(j.events[1].detail, "created as ERP order 5001");
    EXPECT_EQ(j.events[2].entity, "status");
    EXPECT_FALSE(j.pruned_before.has_value());
    // A SKU's journey gathers its prices and its stock.
    auto sku = store.journey({"sku", "TSHIRT"});
    ASSERT_EQ(sku.events.size(), 2u);
    EXPECT_EQ(sku.events[0].entity, "prices");
    EXPECT_EQ(sku.events[1].entity, "stock");
}

TEST(RecordJourney, SearchFindsAnOrderByEveryKeyAndOddQueriesFindNothing) {
    Store store(fresh_db("search"));
    const JourneySubject order{"order", "100012"};
    store.add_record_event("main", "orders", "100012", journey_step::read, "", 1000);
    store.add_record_key("main", order, "email", "Asa.Oberg@Example.SE", 1000);
    store.add_record_key("main", order, "payment_reference", "kl-100012", 1000);
    store.add_record_key("main", order, "erp_number", "5001", 2000);
    store.add_record_event("main", "products", "TSHIRT", journey_step::written, "created in erp", 1000);

    for (const auto* q : {"100012", "asa.oberg@example.se", "ASA.OBERG@EXAMPLE.SE", "kl-100012", "5001"}) {
        auto found = store.search_records(q);
        ASSERT_EQ(found.size(), 1u) << q;
        EXPECT_EQ(found[0].subject.kind, "order") << q;
        EXPECT_EQ(found[0].subject.id, "100012") << q;
        EXPECT_EQ(found[0].connection, "main") << q;
    }
    EXPECT_EQ(store.search_records("5001")[0].matched_by, "erp_number");
    auto product = store.search_records("TSHIRT");
    ASSERT_EQ(product.size(), 1u);
    EXPECT_EQ(product[0].subject.kind, "product");
    // Exact values only: no wildcard, no SQL, no partial match.
    for (const auto* q : {"%", "1000%", "_", "' OR 1=1 --", "\"", "<script>alert(1)</script>", "åäö", "100"})
        EXPECT_TRUE(store.search_records(q).empty()) << q;
    EXPECT_TRUE(store.search_records(std::string(10000, 'x')).empty());
    // By ERP number, e-mail or payment reference, `trace order` finds the order.
    auto by_erp = find_journeys(store, {"order", "5001"});
    ASSERT_EQ(by_erp.size(), 1u);
    EXPECT_EQ(by_erp[0].subject.id, "100012");
    EXPECT_TRUE(find_journeys(store, {"order", "999999"}).empty());
}

TEST(RecordJourney, DeadLettersAndTheirReplayAreStepsOfTheJourney) {
    Store store(fresh_db("dead"));
    auto work = store.enqueue("main", "orders", "100012", R"({"record":{}})", 1000);
    store.reschedule(work, 3, 1000, "article does not exist");
    auto letter = store.bury(work, "order 100012: article does not exist", 2000);
    store.replay_dead_letter(letter, std::string(R"({"record":{"fixed":true}})"), 3000);
    auto j = store.journey({"order", "100012"});
    ASSERT_EQ(steps(j), (std::vector<std::string>{"dead_letter", "replayed"}));
    EXPECT_EQ(j.events[0].detail, "dead letter #" + std::to_string(letter) + " after 3 attempt(s): order 100012: article does not exist");
    EXPECT_EQ(j.events[0].at, 2000);
    EXPECT_EQ(j.events[1].detail, "dead letter #" + std::to_string(letter) + " queued again with a corrected payload");
}

TEST(RecordJourney, AnEventInABatchThatFailsIsNotKept) {
    Store store(fresh_db("atomic"));
    {
        Store::WriteBatch batch(store, "a write that fails");
        store.enqueue("main", "orders", "100012", "{}", 1000);
        store.add_record_event("main", "orders", "100012", journey_step::read, "queued", 1000);
        // no commit: as when a later write of the same transaction threw
    }
    EXPECT_TRUE(store.journey({"order", "100012"}).events.empty());
    EXPECT_EQ(store.queued("main", "orders"), 0);
}

TEST(RecordJourney, RetentionPrunesEventsAndATraceSaysSo) {
    Store store(fresh_db("prune"));
    const int64_t now = 100 * kDay;
    const JourneySubject old_order{"order", "100001"}, mixed{"order", "100002"}, recent{"order", "100003"};
    store.add_record_event("main", "orders", "100001", journey_step::read, "", now - 40 * kDay);
    store.add_record_key("main", old_order, "email", "old@example.se", now - 40 * kDay);
    store.add_record_event("main", "orders", "100002", journey_step::read, "", now - 40 * kDay);
    store.add_record_event("main", "orders", "100002", journey_step::written, "", now - 1 * kDay);
    store.add_record_event("main", "orders", "100003", journey_step::read, "", now - 1 * kDay);

    auto pruned = store.prune(RetentionSettings{}, now);   // events: 30 days
    EXPECT_EQ(pruned.journey_events, 2);

    auto gone = store.journey(old_order);
    EXPECT_TRUE(gone.events.empty());
    ASSERT_TRUE(gone.pruned_before.has_value());
    EXPECT_EQ(*gone.pruned_before, now - 30 * kDay);
    auto shown = find_journeys(store, old_order);
    ASSERT_EQ(shown.size(), 1u) << "a pruned order must be reported as pruned, not unknown";
    // Its search keys went with its last event; its own number still finds the tombstone.
    EXPECT_TRUE(store.search_records("old@example.se").empty());
    ASSERT_EQ(store.search_records("100001").size(), 1u);

    auto half = store.journey(mixed);
    EXPECT_EQ(steps(half), std::vector<std::string>{"written"});
    EXPECT_TRUE(half.pruned_before.has_value());
    auto kept = store.journey(recent);
    EXPECT_EQ(kept.events.size(), 1u);
    EXPECT_FALSE(kept.pruned_before.has_value());

    EXPECT_EQ(store.prune(RetentionSettings{}, now).journey_events, 0);
}
