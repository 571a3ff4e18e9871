#include <gtest/gtest.h>

#include <filesystem>

#include <SQLiteCpp/SQLiteCpp.h>

#include "skarv/host/store/store.hpp"

using namespace skarv::host;

namespace {
std::filesystem::path temp_db(const std::string& name) {
    auto dir = std::filesystem::temp_directory_path() / ("skarv-store-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    auto path = dir / name;
    for (auto suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
    return path;
}
}  // namespace

TEST(HostStore, CreatesTheLatestSchemaInWalMode) {
    Store store(temp_db("fresh.db"));
    EXPECT_EQ(store.schema_version(), Store::latest_version());
    EXPECT_EQ(store.journal_mode(), "wal");
}

TEST(HostStore, MigratesADatabaseMadeByAnOlderVersion) {
    auto path = temp_db("old.db");
    {
        Store v1(path, 1);   // the schema an older build of skarv made
        EXPECT_EQ(v1.schema_version(), 1);
    }
    {
        // ...and rows written the way that build wrote them (v1 columns only).
        SQLite::Database raw(path.string(), SQLite::OPEN_READWRITE);
        raw.exec("INSERT INTO cursors VALUES ('main', 'orders', '2026-11-01T00:00:00Z', 1)");
        raw.exec("INSERT INTO id_mappings VALUES ('main', 'orders', '100234', 'ERP-55', 'abc', 1)");
    }
    {
        SQLite::Database raw(path.string());
        EXPECT_FALSE(raw.tableExists("plugin_state"));
    }
    Store now(path);
    EXPECT_EQ(now.schema_version(), Store::latest_version());
    EXPECT_EQ(now.cursor("main", "orders"), "2026-11-01T00:00:00Z");   // data kept
    EXPECT_EQ(now.mapping("main", "orders", "100234")->target_id, "ERP-55");
    EXPECT_FALSE(now.mapping("main", "orders", "100234")->channel);   // v3 column, empty for old rows
    now.put_mapping({"main", "orders", "100235", "ERP-56", "def", 2}, 2);
    EXPECT_EQ(now.mapping("main", "orders", "100235")->channel, 2);
    now.set("jetshop-1", "token", std::string("abc"));                  // v2 table exists
    EXPECT_EQ(now.get("jetshop-1", "token"), "abc");
    TransferReport r;
    r.connection = "main";
    r.entity = "orders";
    r.skipped = 2;                                                      // v2 column exists
    now.add_report(r);
    EXPECT_EQ(now.reports(1).at(0).skipped, 2);
}

TEST(HostStore, RefusesADatabaseFromTheFuture) {
    auto path = temp_db("future.db");
    {
        SQLite::Database raw(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        raw.exec("PRAGMA user_version = 99");
    }
    EXPECT_THROW(Store store(path), std::runtime_error);
}

TEST(HostStore, QueueRetriesBuriesAndReplays) {
    Store store(temp_db("queue.db"));
    auto id = store.enqueue("main", "orders", "100234", R"({"order_id":"100234"})", 100);
    EXPECT_EQ(store.enqueue("main", "orders", "100234", R"({"order_id":"100234","v":2})", 100), id);   // one row a record
    EXPECT_EQ(store.due_work(99, 10).size(), 0u);
    auto due = store.due_work(100, 10);
    ASSERT_EQ(due.size(), 1u);
    EXPECT_EQ(due[0].payload, R"({"order_id":"100234","v":2})");
    store.reschedule(id, 1, 200, "HTTP 503 from ERP");
    EXPECT_TRUE(store.due_work(150, 10).empty());
    EXPECT_EQ(store.due_work(200, 10).at(0).last_error, "HTTP 503 from ERP");
    auto letter = store.bury(id, "order 100234: article SKU-404 does not exist", 300);
    EXPECT_TRUE(store.due_work(1000, 10).empty());
    auto letters = store.dead_letters();
    ASSERT_EQ(letters.size(), 1u);
    EXPECT_EQ(letters[0].attempts, 1);
    EXPECT_EQ(letters[0].error, "order 100234: article SKU-404 does not exist");
    store.replay_dead_letter(letter, std::string(R"({"order_id":"100234","fixed":true})"), 400);
    EXPECT_TRUE(store.dead_letters().empty());
    EXPECT_EQ(store.dead_letters(true).size(), 1u);
    EXPECT_EQ(store.due_work(400, 10).at(0).payload, R"({"order_id":"100234","fixed":true})");
    EXPECT_THROW(store.replay_dead_letter(letter, std::nullopt, 500), std::runtime_error);
}

TEST(HostStore, EventsStateAndCursorsPersistAcrossReopen) {
    auto path = temp_db("persist.db");
    {
        Store store(path);
        store.log_event(1, "info", "main/orders", "transferred 3 orders");
        store.set("specter", "open_batch", std::string("42"));
        store.set_cursor("main", "stock", "batch:41", 1);
    }
    Store store(path);
    EXPECT_EQ(store.event_count(), 1);
    EXPECT_EQ(store.get("specter", "open_batch"), "42");
    EXPECT_EQ(store.cursor("main", "stock"), "batch:41");
    store.set("specter", "open_batch", std::nullopt);
    EXPECT_FALSE(store.get("specter", "open_batch"));
}

TEST(HostStore, AWriteBatchStoresAllItsWritesOrNone) {
    auto path = temp_db("batch.db");
    {
        Store store(path);
        {
            Store::WriteBatch batch(store);
            store.set_cursor("main", "products@erp", "\"p2\"", 1);
            store.put_mapping({"main", "products@shop#1", "SKU-1", "SKU-1", "h1", std::nullopt}, 1);
            batch.commit();
        }
        {
            Store::WriteBatch batch(store);
            store.set_cursor("main", "products@erp", "\"p3\"", 2);
            store.put_mapping({"main", "products@shop#1", "SKU-2", "SKU-2", "h2", std::nullopt}, 2);
            // no commit: as if the pass failed before the page's outcomes were all recorded
        }
    }
    Store reopened(path);
    EXPECT_EQ(reopened.cursor("main", "products@erp").value_or(""), "\"p2\"");
    EXPECT_TRUE(reopened.mapping("main", "products@shop#1", "SKU-1").has_value());
    EXPECT_FALSE(reopened.mapping("main", "products@shop#1", "SKU-2").has_value());
}

TEST(HostStore, AnInnerWriteThatFailedMakesTheOuterBatchFailWhole) {
    Store store(temp_db("nested.db"));
    Store::WriteBatch outer(store);
    store.set_cursor("main", "stock@erp", "\"s1\"", 1);
    try {
        Store::WriteBatch inner(store);
        throw std::runtime_error("a write in the inner scope failed");
    } catch (const std::runtime_error&) {
        // caught by someone who carried on regardless
    }
    EXPECT_THROW(outer.commit(), StoreError);
    EXPECT_FALSE(store.cursor("main", "stock@erp").has_value());
    // The store takes writes again afterwards.
    store.set_cursor("main", "stock@erp", "\"s2\"", 2);
    EXPECT_EQ(store.cursor("main", "stock@erp").value_or(""), "\"s2\"");
}

TEST(HostStore, PluginStateScansAPrefixInKeyOrderFromAGivenKey) {
    Store store(temp_db("scan.db"));
    store.set_many("main/erp", {{"q/products/0000000002", "b"},
                                {"q/products/0000000001", "a"},
                                {"q/products/0000000003", "c"},
                                {"q/prices/0000000001", "other reader"},
                                {"q/productsX", "not under q/products/"}});
    store.set_many("main/shop#1", {{"q/products/0000000001", "another instance"}});
    auto first = store.scan("main/erp", "q/products/", "", 2);
    ASSERT_EQ(first.size(), 2u);
    EXPECT_EQ(first[0], (std::pair<std::string, std::string>{"q/products/0000000001", "a"}));
    EXPECT_EQ(first[1].first, "q/products/0000000002");
    auto rest = store.scan("main/erp", "q/products/", first.back().first, 10);
    ASSERT_EQ(rest.size(), 1u);
    EXPECT_EQ(rest[0].second, "c");
    // A batch can delete as well as write.
    store.set_many("main/erp", {{"q/products/0000000001", std::nullopt}, {"q/products/0000000002", std::nullopt}});
    EXPECT_EQ(store.scan("main/erp", "q/products/", "", 10).size(), 1u);
    EXPECT_EQ(store.scan("main/erp", "\xff", "", 10).size(), 0u);
}

TEST(HostStore, RetentionPrunesWhatOnlyGrowsAndKeepsTheTotals) {
    auto path = temp_db("retention.db");
    constexpr int64_t kDay = 24LL * 60 * 60 * 1000;
    const int64_t now = 400 * kDay;
    Store store(path);
    TransferReport old_report;
    old_report.connection = "main";
    old_report.entity = "products";
    old_report.started_at = now - 100 * kDay;
    old_report.considered = 7;
    old_report.created = 5;
    store.add_report(old_report);
    TransferReport recent = old_report;
    recent.started_at = now - kDay;
    recent.considered = 3;
    recent.created = 1;
    store.add_report(recent);
    store.log_event(now - 40 * kDay, "info", "main/products", "old");
    store.log_event(now - kDay, "info", "main/products", "recent");
    auto open_letter = store.add_dead_letter("main", "orders", "100001", "{}", "bad", 1, now - 90 * kDay);
    auto replayed = store.add_dead_letter("main", "orders", "100002", "{}", "bad", 1, now - 90 * kDay);
    store.replay_dead_letter(replayed, std::nullopt, now - 60 * kDay);
    store.set_many("main/erp", {{"order/100001", "old order"}, {"order/100003", "busy order"}, {"product/A1", "catalogue"}});
    {
        // plugin_state's updated_at is the database clock: age two rows by hand.
        SQLite::Database raw(path.string(), SQLite::OPEN_READWRITE);
        raw.exec("UPDATE plugin_state SET updated_at = " + std::to_string(now - 200 * kDay) +
                 " WHERE key IN ('order/100001', 'product/A1')");
        raw.exec("UPDATE plugin_state SET updated_at = " + std::to_string(now - kDay) + " WHERE key = 'order/100003'");
    }

    auto pruned = store.prune(RetentionSettings{}, now);   // defaults: 90, 30, 30, 180 days
    EXPECT_EQ(pruned.reports, 1);
    EXPECT_EQ(pruned.events, 1);
    EXPECT_EQ(pruned.dead_letters, 1);
    EXPECT_EQ(pruned.order_state, 1);
    ASSERT_EQ(store.reports(10).size(), 1u);
    EXPECT_EQ(store.event_count(), 1);
    ASSERT_TRUE(store.dead_letter(open_letter).has_value());   // open ones are never pruned
    EXPECT_FALSE(store.dead_letter(replayed).has_value());
    EXPECT_FALSE(store.get("main/erp", "order/100001").has_value());
    EXPECT_TRUE(store.get("main/erp", "order/100003").has_value());
    EXPECT_TRUE(store.get("main/erp", "product/A1").has_value());   // not per-order: kept however old
    // /metrics' sums still count the pruned report.
    for (const auto& t : store.totals())
        if (t.entity == "products") {
            EXPECT_EQ(t.passes, 2);
            EXPECT_EQ(t.considered, 10);
            EXPECT_EQ(t.created, 6);
        }
    // A second prune finds nothing more and the sums stay.
    auto again = store.prune(RetentionSettings{}, now);
    EXPECT_EQ(again.reports + again.events + again.dead_letters + again.order_state, 0);
}

TEST(HostStore, PruningGivesFreePagesBackToTheFileSystem) {
    auto path = temp_db("vacuum.db");
    Store store(path);
    const std::string big(4000, 'x');
    for (int i = 0; i < 500; ++i) store.log_event(1, "info", "main", big);
    store.prune(RetentionSettings{}, 100LL * 24 * 60 * 60 * 1000);
    EXPECT_EQ(store.event_count(), 0);
    // 500 events of 4 kB were 2 MB; what is left is the empty schema.
    EXPECT_LT(std::filesystem::file_size(path), 300'000u);
}

TEST(HostStore, MigrationNineAddsUsageAndPassDurationsToAVersionSevenFile) {
    auto path = temp_db("v7.db");
    { Store v7(path, 7); }
    {
        // A pass written the way a version 7 build wrote it: no histogram, so it stays out of it.
        SQLite::Database raw(path.string(), SQLite::OPEN_READWRITE);
        raw.exec("INSERT INTO transfer_reports (connection, entity, started_at, ended_at) VALUES ('main', 'orders', 1000, 1200)");
    }
    Store now(path);
    EXPECT_EQ(now.schema_version(), Store::latest_version());
    EXPECT_EQ(now.reports(5).size(), 1u);
    EXPECT_TRUE(now.pass_durations().empty());
    EXPECT_TRUE(now.count_order("main", "100001", 1'796'083'200'000));    // 2026-12-01
    EXPECT_FALSE(now.count_order("main", "100001", 1'798'761'600'000));   // 2027-01-01: already counted
    now.count_skus("main", {"A1", "A1", "B2"}, 1'796'083'200'000);
    auto usage = now.usage("2026-12");
    ASSERT_EQ(usage.size(), 1u);
    EXPECT_EQ(usage[0].orders, 1);
    EXPECT_EQ(usage[0].active_skus, 2);
    EXPECT_TRUE(now.usage("2027-01").empty());
    EXPECT_EQ(usage_month(1'798'761'599'999), "2026-12");
    EXPECT_TRUE(valid_usage_month("2026-12"));
    EXPECT_FALSE(valid_usage_month("2026-00"));
    EXPECT_FALSE(valid_usage_month("26-12"));
}
