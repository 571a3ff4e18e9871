// The store's behaviour, the same on both engines: each test runs on a SQLite file and
// on a PostgreSQL database (tests/postgres/postgres_server.hpp starts a real server;
// without PostgreSQL's binaries those runs are skipped, saying so).
#include <gtest/gtest.h>

#include <libpq-fe.h>

#include <filesystem>
#include <tuple>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>

#include "../postgres/postgres_server.hpp"
#include "skarv/host/store/store.hpp"

using namespace skarv::host;
using skarv::test::PostgresServer;

namespace {
std::filesystem::path temp_db(const std::string& name) {
    auto dir = std::filesystem::temp_directory_path() / ("skarv-store-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    auto path = dir / name;
    for (auto suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
    return path;
}

enum class Engine { sqlite, postgresql };

class HostStore : public ::testing::TestWithParam<Engine> {
protected:
    void SetUp() override {
        if (GetParam() == Engine::postgresql && !PostgresServer::get())
            GTEST_SKIP() << PostgresServer::unavailable_reason();
    }
    bool on_postgresql() const { return GetParam() == Engine::postgresql; }
    // A new database: a file named `name`, or a fresh PostgreSQL database.
    std::string location(const std::string& name) {
        return on_postgresql() ? PostgresServer::get()->fresh_database_url() : temp_db(name).string();
    }
    // SQL behind the Store's back, as an older build or an operator would run it.
    void raw(const std::string& where, const std::string& sql) {
        if (!on_postgresql()) {
            SQLite::Database db(where, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
            db.exec(sql);
            return;
        }
        PGconn* conn = PQconnectdb(where.c_str());
        PGresult* r = PQexec(conn, sql.c_str());
        const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
        std::string error = PQresultErrorMessage(r);
        PQclear(r);
        PQfinish(conn);
        ASSERT_TRUE(ok) << sql << ": " << error;
    }
    bool table_exists(const std::string& where, const std::string& table) {
        if (!on_postgresql()) return SQLite::Database(where).tableExists(table);
        PGconn* conn = PQconnectdb(where.c_str());
        PGresult* r = PQexec(conn, ("SELECT to_regclass('" + table + "') IS NOT NULL").c_str());
        bool exists = PQntuples(r) == 1 && std::string(PQgetvalue(r, 0, 0)) == "t";
        PQclear(r);
        PQfinish(conn);
        return exists;
    }
};

std::string engine_name(const ::testing::TestParamInfo<Engine>& info) {
    return info.param == Engine::sqlite ? "SQLite" : "PostgreSQL";
}
}  // namespace

INSTANTIATE_TEST_SUITE_P(BothEngines, HostStore, ::testing::Values(Engine::sqlite, Engine::postgresql), engine_name);

TEST_P(HostStore, CreatesTheLatestSchema) {
    Store store(location("fresh.db"));
    EXPECT_EQ(store.schema_version(), Store::latest_version());
    // SQLite in WAL mode (readers never block the flows); PostgreSQL is its own journal.
    EXPECT_EQ(store.journal_mode(), on_postgresql() ? "postgresql" : "wal");
    EXPECT_EQ(store.on_postgresql(), on_postgresql());
    EXPECT_EQ(store.synchronous(), 2);   // a commit is on disk before a write returns
}

TEST_P(HostStore, MigratesADatabaseMadeByAnOlderVersion) {
    auto path = location("old.db");
    {
        Store v1(path, 1);   // the schema an older build of skarv made
        EXPECT_EQ(v1.schema_version(), 1);
    }
    // ...and rows written the way that build wrote them (v1 columns only).
    raw(path, "INSERT INTO cursors VALUES ('main', 'orders', '2026-11-01T00:00:00Z', 1)");
    raw(path, "INSERT INTO id_mappings VALUES ('main', 'orders', '100234', 'ERP-55', 'abc', 1)");
    EXPECT_FALSE(table_exists(path, "plugin_state"));
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

TEST_P(HostStore, RefusesADatabaseFromTheFuture) {
    auto path = location("future.db");
    raw(path, on_postgresql() ? "CREATE TABLE skarv_schema (version BIGINT NOT NULL); INSERT INTO skarv_schema VALUES (99)"
                              : "PRAGMA user_version = 99");
    try {
        Store store(path);
        FAIL() << "a database of schema version 99 was opened";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("schema version 99"), std::string::npos) << e.what();
    }
}

TEST_P(HostStore, QueueRetriesBuriesAndReplays) {
    Store store(location("queue.db"));
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

TEST_P(HostStore, EventsStateAndCursorsPersistAcrossReopen) {
    auto path = location("persist.db");
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

TEST_P(HostStore, AWriteBatchStoresAllItsWritesOrNone) {
    auto path = location("batch.db");
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

TEST_P(HostStore, AnInnerWriteThatFailedMakesTheOuterBatchFailWhole) {
    Store store(location("nested.db"));
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

TEST_P(HostStore, PluginStateScansAPrefixInKeyOrderFromAGivenKey) {
    Store store(location("scan.db"));
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
    // A prefix with no end above it (0xFF bytes): SQLite only, as PostgreSQL holds text
    // as UTF-8, which no such key is.
    if (!on_postgresql()) {
        EXPECT_EQ(store.scan("main/erp", "\xff", "", 10).size(), 0u);
    }
    // A prefix ending in a multibyte character: its range ends where it should on both.
    store.set_many("main/erp", {{"q/k\xc3\xb6/1", "under"}, {"q/k\xc3\xb7", "after"}});
    auto accented = store.scan("main/erp", "q/k\xc3\xb6", "", 10);
    ASSERT_EQ(accented.size(), 1u);
    EXPECT_EQ(accented[0].second, "under");
}

TEST_P(HostStore, RetentionPrunesWhatOnlyGrowsAndKeepsTheTotals) {
    auto path = location("retention.db");
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
    // plugin_state's updated_at is the database clock: age two rows by hand.
    raw(path, "UPDATE plugin_state SET updated_at = " + std::to_string(now - 200 * kDay) +
                  " WHERE key IN ('order/100001', 'product/A1')");
    raw(path, "UPDATE plugin_state SET updated_at = " + std::to_string(now - kDay) + " WHERE key = 'order/100003'");

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

TEST(HostStoreSqlite, PruningGivesFreePagesBackToTheFileSystem) {
    auto path = temp_db("vacuum.db");
    Store store(path);
    const std::string big(4000, 'x');
    for (int i = 0; i < 500; ++i) store.log_event(1, "info", "main", big);
    store.prune(RetentionSettings{}, 100LL * 24 * 60 * 60 * 1000);
    EXPECT_EQ(store.event_count(), 0);
    // 500 events of 4 kB were 2 MB; what is left is the empty schema.
    EXPECT_LT(std::filesystem::file_size(path), 300'000u);
}

// The statements whose SQL differs by engine, or that PostgreSQL types strictly: a page
// of content hashes (json_each / json_array_elements_text), a read that must not replace
// a pushed payload (json_extract / skarv_pushed), sums, stock figures, reconciliation.
TEST_P(HostStore, EngineSpecificStatementsGiveTheSameAnswers) {
    Store store(location("dialects.db"));
    store.put_mapping({"main", "products@shop#1", "SKU-1", "SKU-1", "h1", std::nullopt}, 1);
    store.put_mapping({"main", "products@shop#1", "SKU-2", "SKU-2", "h2", std::nullopt}, 1);
    auto hashes = store.content_hashes("main", "products@shop#1", {"SKU-1", "SKU-2", "SKU-3", "it's \"quoted\""});
    EXPECT_EQ(hashes, (std::map<std::string, std::string>{{"SKU-1", "h1"}, {"SKU-2", "h2"}}));

    store.enqueue("main", "orders", "100001", R"({"pushed":true,"org_no":"556677-8899"})", 1);
    store.enqueue_read("main", "orders", "100001", R"({"from":"read"})", 2);   // the pushed copy stays
    store.enqueue("main", "orders", "100002", "not json at all", 1);
    store.enqueue_read("main", "orders", "100002", R"({"from":"read"})", 2);   // replaced
    auto due = store.due_work("main", "orders", 10, 10);
    ASSERT_EQ(due.size(), 2u);
    EXPECT_EQ(due[0].payload, R"({"pushed":true,"org_no":"556677-8899"})");
    EXPECT_EQ(due[1].payload, R"({"from":"read"})");

    store.put_stock_figure("main", "SKU-1", {"B", 7, 5, "in_stock"}, 1);
    store.put_stock_figure("main", "SKU-1", {"A", 3, 3, "in_stock"}, 1);
    store.put_stock_figure("main", "SKU-1", {"A", 4, 2, "low"}, 2);
    auto figures = store.stock_figures("main", "SKU-1");
    ASSERT_EQ(figures.size(), 2u);
    EXPECT_EQ(figures[0].warehouse, "A");
    EXPECT_EQ(figures[0].on_hand, 4);
    EXPECT_EQ(figures[0].status, "low");

    TransferReport r;
    r.connection = "main";
    r.entity = "orders";
    r.considered = 5'000'000'000;   // beyond 32 bits
    r.created = 2;
    r.ended_at = 1'800'000'000'000;
    const auto report_id = store.add_report(r);
    EXPECT_GT(report_id, 0);
    EXPECT_EQ(store.reports(1).at(0).ended_at, 1'800'000'000'000);
    store.add_dead_letter("main", "orders", "100003", "{}", "bad", 1, 3);
    for (const auto& t : store.totals())
        if (t.entity == "orders") {
            EXPECT_EQ(t.considered, 5'000'000'000);
            EXPECT_EQ(t.queued, 2);
            EXPECT_EQ(t.dead_letters, 1);
        }

    store.put_order_payment("main", {"100001", "kl-1", "ERP-1", 74770, "SEK"}, 1);
    store.put_order_invoice("main", {"100001", "70001", std::nullopt, ""}, 1);
    store.put_order_invoice("main", {"100001", "70001", 74770, "SEK"}, 2);
    store.put_order_invoice("main", {"100001", "70002", std::nullopt, ""}, 3);   // amount and currency kept
    EXPECT_EQ(store.order_by_payment_reference("main", "kl-1")->amount, 74770);
    auto invoice = store.order_invoice("main", "100001");
    ASSERT_TRUE(invoice.has_value());
    EXPECT_EQ(invoice->invoice_no, "70002");
    EXPECT_EQ(invoice->amount, 74770);
    EXPECT_EQ(invoice->currency, "SEK");
    PayoutRecord p;
    p.connection = "main";
    p.provider = "klarna";
    p.settlement_id = "S1";
    p.state = "booked";
    p.payout_date = "2026-11-30";
    p.currency = "SEK";
    p.payout = 74770;
    p.updated_at = 1;
    EXPECT_TRUE(store.put_payout(p));
    p.state = "waiting";
    EXPECT_FALSE(store.put_payout(p));   // a booked payout stays booked
    EXPECT_EQ(store.payout("main", "klarna", "S1")->state, "booked");
    EXPECT_EQ(store.payouts("", 10).size(), 1u);
    EXPECT_TRUE(store.unbooked_payouts("main").empty());
    EXPECT_GT(store.file_bytes(), 0);

    // Migrations 8 and 9: journeys and their search keys, usage, the duration histogram,
    // hourly trends and the tombstones retention leaves.
    store.add_record_event("main", "orders", "100001", "read", "from the shop", 5);
    store.add_record_key("main", {"order", "100001"}, "email", "Asa@Example.se", 5);
    store.add_record_key("main", {"order", "100001"}, "email", "Asa@Example.se", 6);   // the upsert
    auto journey = store.journey({"order", "100001"}, 10);
    ASSERT_FALSE(journey.events.empty());
    EXPECT_EQ(journey.events.back().step, "read");
    auto found = store.search_records("asa@example.se", 10);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].subject.id, "100001");
    EXPECT_EQ(found[0].matched_by, "email");
    EXPECT_TRUE(store.count_order("main", "100001", 1'796'083'200'000));    // 2026-12-01
    EXPECT_FALSE(store.count_order("main", "100001", 1'798'761'600'000));   // once, whatever the month
    store.count_skus("main", {"A1", "A1", "B2"}, 1'796'083'200'000);
    auto usage = store.usage("2026-12");
    ASSERT_EQ(usage.size(), 1u);
    EXPECT_EQ(usage[0].orders, 1);
    EXPECT_EQ(usage[0].active_skus, 2);
    store.add_report(r);   // a second pass in the same bucket
    auto histogram = store.pass_durations();
    ASSERT_EQ(histogram.size(), 1u);
    EXPECT_EQ(histogram[0].cumulative.back(), 2);
    EXPECT_EQ(histogram[0].sum_ms, 2 * 1'800'000'000'000);
    auto trends = store.hourly_trends(0, "");
    ASSERT_EQ(trends.size(), 1u);
    EXPECT_EQ(trends[0].passes, 2);
    EXPECT_EQ(trends[0].orders, 4);
    store.prune(RetentionSettings{}, 1'900'000'000'000);
    journey = store.journey({"order", "100001"}, 10);
    EXPECT_TRUE(journey.events.empty());
    EXPECT_TRUE(journey.pruned_before.has_value());
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

// Migration 10 keeps a SKU's active months as bits of one row a year. A version 9 file's
// rows (one a SKU and month) must count the same afterwards, and new counts add to them.
TEST_P(HostStore, MigrationTenKeepsAVersionNineFilesActiveSkusPerMonth) {
    constexpr int64_t kNovember2026 = 1'793'491'200'000, kDecember2026 = 1'796'083'200'000, kDecember2025 = 1'764'547'200'000;
    auto path = location("v9.db");
    { Store v9(path, 9); }
    raw(path, "INSERT INTO usage_skus (connection, month, sku) VALUES "
              "('main', '2026-11', 'A1'), ('main', '2026-12', 'A1'), ('main', '2026-12', 'B2'), "
              "('main', '2026-01', 'B2'), ('other', '2026-12', 'A1'), ('main', '2025-12', 'A1')");
    raw(path, "INSERT INTO usage_orders (connection, order_id, month, counted_at) VALUES "
              "('main', '100001', '2026-12', 1), ('main', '100002', '2026-11', 1)");
    Store now(path);
    EXPECT_EQ(now.schema_version(), Store::latest_version());

    auto december = now.usage("2026-12");
    ASSERT_EQ(december.size(), 2u);
    EXPECT_EQ(december[0].connection, "main");
    EXPECT_EQ(december[0].active_skus, 2);
    EXPECT_EQ(december[0].orders, 1);
    EXPECT_EQ(december[1].connection, "other");
    EXPECT_EQ(december[1].active_skus, 1);
    EXPECT_EQ(december[1].orders, 0);

    // Every month, newest first: each month a SKU was active in, from the one row of its year.
    auto every = now.usage("");
    ASSERT_EQ(every.size(), 5u);
    const std::vector<std::tuple<std::string, std::string, int64_t, int64_t>> expected = {
        {"2026-12", "main", 1, 2}, {"2026-12", "other", 0, 1}, {"2026-11", "main", 1, 1},
        {"2026-01", "main", 0, 1}, {"2025-12", "main", 0, 1}};
    for (std::size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(every[i].month, std::get<0>(expected[i])) << i;
        EXPECT_EQ(every[i].connection, std::get<1>(expected[i])) << i;
        EXPECT_EQ(every[i].orders, std::get<2>(expected[i])) << i;
        EXPECT_EQ(every[i].active_skus, std::get<3>(expected[i])) << i;
    }

    // New writes: A1 again in December adds nothing, C3 is new; B2 becomes active in
    // November too, which leaves December as it was.
    now.count_skus("main", {"A1", "C3"}, kDecember2026 + 5);
    now.count_skus("main", {"B2"}, kNovember2026 + 5);
    now.count_skus("main", {"A1"}, kDecember2025 + 5);
    EXPECT_EQ(now.usage("2026-12").at(0).active_skus, 3);
    EXPECT_EQ(now.usage("2026-11").at(0).active_skus, 2);
    EXPECT_EQ(now.usage("2025-12").at(0).active_skus, 1);
    EXPECT_EQ(now.usage("2026-01").at(0).active_skus, 1);
    EXPECT_TRUE(now.usage("2026-10").empty());
    EXPECT_TRUE(now.usage("2026-13").empty());   // no such month
}

// A SKU written every month of a year is one row, not twelve: what keeps the table from
// growing by the catalogue each month.
TEST(HostStoreSqlite, ASkuActiveEveryMonthOfAYearIsOneRow) {
    auto path = temp_db("usage-year.db");
    {
        Store store(path.string());
        constexpr int64_t kJanuary2026 = 1'767'225'600'000, kMonth = 31LL * 24 * 60 * 60 * 1000;
        for (int m = 0; m < 12; ++m) store.count_skus("main", {"A1", "B2"}, kJanuary2026 + m * kMonth);
        EXPECT_EQ(store.usage("2026-01").at(0).active_skus, 2);
        EXPECT_EQ(store.usage("2026-12").at(0).active_skus, 2);
        EXPECT_EQ(store.usage("").size(), 12u);
    }
    SQLite::Database db(path.string());
    EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM usage_skus").getInt(), 2);
}
