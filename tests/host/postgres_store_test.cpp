// What only the PostgreSQL store has: a server that cannot be reached, a connection lost
// in the middle of the work, several processes sharing one database. (The behaviour both
// engines share is tested on both in store_test.cpp; leases in lease_keeper_test.cpp.)
#include <gtest/gtest.h>

#include <thread>

#include "../postgres/postgres_server.hpp"
#include "skarv/host/store/state_lock.hpp"
#include "skarv/host/store/state_location.hpp"
#include "skarv/host/store/store.hpp"

using namespace skarv::host;
using skarv::test::PostgresServer;

namespace {
// Nothing listens on port 1: the connection is refused at once.
constexpr const char* kUnreachable = "postgresql://skarv:Hemligt-L0senord@127.0.0.1:1/skarv_state";
}  // namespace

TEST(PostgresStore, AnUnreachableDatabaseAtStartIsAClearErrorNamingTheHostButNotThePassword) {
    try {
        Store store(kUnreachable);
        FAIL() << "opened a store on a port nothing listens on";
    } catch (const StoreError& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("postgresql://skarv@127.0.0.1:1/skarv_state"), std::string::npos) << message;
        EXPECT_NE(message.find("cannot connect to the state database"), std::string::npos) << message;
        EXPECT_EQ(message.find("Hemligt-L0senord"), std::string::npos) << message;
    }
}

TEST(PostgresStore, AMalformedUrlIsRefusedWithoutQuotingIt) {
    const std::string url = "postgresql://skarv:Hemligt%zzL0senord@127.0.0.1:1/skarv_state";
    try {
        Store store(url);
        FAIL() << "opened a malformed URL";
    } catch (const StoreError& e) {
        EXPECT_EQ(std::string(e.what()).find("Hemligt"), std::string::npos) << e.what();
    }
    EXPECT_EQ(redacted_postgresql_url("postgres://u:p@db.example:5433/state?sslmode=require&sslpassword=x"),
              "postgresql://u@db.example:5433/state");
}

TEST(PostgresStore, ALostConnectionFailsTheWriteLosesNothingAndTheNextCallReconnects) {
    auto* server = PostgresServer::get();
    if (!server) GTEST_SKIP() << PostgresServer::unavailable_reason();
    const auto url = server->fresh_database_url();
    Store store(url);
    const auto id = store.enqueue("main", "orders", "100001", R"({"order_id":"100001"})", 1);
    ASSERT_EQ(store.queued("main", "orders"), 1);

    // The delivery went out; the database goes away before its completion is recorded.
    server->terminate_sessions(PostgresServer::database_of(url));
    try {
        store.complete(id);
        FAIL() << "completing work on a dead connection did not fail";
    } catch (const StoreError& e) {
        EXPECT_NE(std::string(e.what()).find("completing work"), std::string::npos) << e.what();
    }
    // The next call opens a new connection: the order is still queued, to be delivered
    // (once: the flow's look-up finds it in the ERP) by a later pass.
    EXPECT_EQ(store.queued("main", "orders"), 1);
    auto due = store.due_work("main", "orders", 10, 10);
    ASSERT_EQ(due.size(), 1u);
    EXPECT_EQ(due[0].record_key, "100001");
    store.complete(due[0].id);
    EXPECT_EQ(store.queued("main", "orders"), 0);
}

TEST(PostgresStore, AConnectionLostInsideABatchStoresNoneOfIt) {
    auto* server = PostgresServer::get();
    if (!server) GTEST_SKIP() << PostgresServer::unavailable_reason();
    const auto url = server->fresh_database_url();
    Store store(url);
    store.set_cursor("main", "orders@shop", "\"c1\"", 1);
    {
        Store::WriteBatch batch(store, "recording a page");
        store.set_cursor("main", "orders@shop", "\"c2\"", 2);
        store.put_mapping({"main", "orders", "100001", "ERP-1", "h", 1}, 2);
        server->terminate_sessions(PostgresServer::database_of(url));
        EXPECT_THROW(store.put_mapping({"main", "orders", "100002", "ERP-2", "h", 1}, 2), StoreError);
        EXPECT_THROW(batch.commit(), StoreError);
    }
    EXPECT_EQ(store.cursor("main", "orders@shop").value_or(""), "\"c1\"");
    EXPECT_FALSE(store.mapping("main", "orders", "100001").has_value());
}

TEST(PostgresStore, SeveralWorkersMayShareOneDatabaseSoTheStateLockTakesNothing) {
    auto* server = PostgresServer::get();
    if (!server) GTEST_SKIP() << PostgresServer::unavailable_reason();
    // Leases decide who runs what (lease_keeper_test.cpp); a file's lock would refuse the second.
    const auto url = server->fresh_database_url();
    StateLock first(url);
    StateLock second(url);
    EXPECT_FALSE(std::filesystem::exists(StateLock::lock_file_for(url)));
}

TEST(PostgresStore, TwoStoresOpeningOneNewDatabaseTogetherMigrateItOnce) {
    auto* server = PostgresServer::get();
    if (!server) GTEST_SKIP() << PostgresServer::unavailable_reason();
    const auto url = server->fresh_database_url();
    std::unique_ptr<Store> a, b;
    std::thread other([&] { b = std::make_unique<Store>(url); });
    a = std::make_unique<Store>(url);
    other.join();
    EXPECT_EQ(a->schema_version(), Store::latest_version());
    EXPECT_EQ(b->schema_version(), Store::latest_version());
    // One schema between them: what one writes the other reads.
    a->set_cursor("main", "stock", "\"s1\"", 1);
    EXPECT_EQ(b->cursor("main", "stock").value_or(""), "\"s1\"");
}

TEST(PostgresStore, AValueWithANulByteIsRefusedNotCutShort) {
    auto* server = PostgresServer::get();
    if (!server) GTEST_SKIP() << PostgresServer::unavailable_reason();
    Store store(server->fresh_database_url());
    EXPECT_THROW(store.set("main/erp", "blob", std::string("before\0after", 12)), StoreError);
    EXPECT_FALSE(store.get("main/erp", "blob").has_value());
    store.set("main/erp", "blob", std::string("whole"));   // the store goes on
    EXPECT_EQ(store.get("main/erp", "blob").value_or(""), "whole");
}
