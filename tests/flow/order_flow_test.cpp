// Orders shop -> ERP through the real host pipeline: created once, totals to the öre,
// failures parked without blocking the others, retries with backoff, dead letters that
// can be replayed.
#include <gtest/gtest.h>

#include <sstream>

#include "flow_fixture.hpp"
#include "skarv/host/flow/sync_runner.hpp"

using namespace skarv;
using skarv::test::FlowFixture;
using skarv::test::swedish_order;

namespace {
struct Clock {
    int64_t now = 1'800'000'000'000;
    host::ClockFunction fn() {
        return [this] { return now; };
    }
};
}  // namespace

TEST(FlowOrders, EachOrderIsCreatedOnceWithItsTotalToTheOre) {
    FlowFixture f("once");
    f.put("shop", "orders", {swedish_order("100001"), swedish_order("100002"), swedish_order("100003")});
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    Clock clock;
    host::SyncRunner runner(f.config("erp"), logger, clock.fn());
    host::TransferOptions options;
    auto reports = runner.pass({std::nullopt, std::string("orders")}, options);
    ASSERT_EQ(reports.size(), 1u);
    EXPECT_EQ(reports[0].considered, 3);
    EXPECT_EQ(reports[0].created, 3);
    EXPECT_EQ(reports[0].failed, 0);

    auto erp = f.written("erp", "orders");
    ASSERT_EQ(erp.size(), 3u);
    for (const auto& o : erp) {
        EXPECT_EQ(o.at("erp_total_minor"), 74770);   // 747.70 SEK, as the shop sold it
        EXPECT_EQ(o.at("as"), "invoice");            // the connection's option
    }
    // A second pass finds nothing new; the ERP still holds three.
    auto again = runner.pass({std::nullopt, std::string("orders")}, options);
    EXPECT_EQ(again[0].created, 0);
    EXPECT_EQ(f.written("erp", "orders").size(), 3u);
    // The report is in the store.
    EXPECT_EQ(runner.store().reports(10).size(), 2u);
}

TEST(FlowOrders, ReadingTheSameOrdersAgainNeverDuplicates) {
    FlowFixture f("reread");
    f.put("shop", "orders", {swedish_order("100001"), swedish_order("100002")});
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    Clock clock;
    {
        host::SyncRunner runner(f.config("erp"), logger, clock.fn());
        runner.pass({}, {});
    }
    // A lost state database: the host reads every order again from the start. The ERP
    // look-up before each create keeps it from creating them twice.
    std::filesystem::remove(f.root / "state.db");
    host::SyncRunner fresh(f.config("erp"), logger, clock.fn());
    auto reports = fresh.pass({std::nullopt, std::string("orders")}, {});
    EXPECT_EQ(reports[0].considered, 2);
    EXPECT_EQ(reports[0].created, 0);
    EXPECT_EQ(reports[0].unchanged, 2);
    EXPECT_EQ(f.written("erp", "orders").size(), 2u);
    EXPECT_NE(log.str().find("order 100001 is already in the ERP; not created again"), std::string::npos);
}

TEST(FlowOrders, OneBadOrderBecomesADeadLetterAndTheOthersGoThrough) {
    FlowFixture f("deadletter");
    f.put("shop", "orders", {swedish_order("100001"), swedish_order("100002", "GHOST-SKU"), swedish_order("100003")});
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    Clock clock;
    host::SyncRunner runner(f.config("erp", R"(, "fail_skus": ["GHOST-SKU"])"), logger, clock.fn());
    auto reports = runner.pass({std::nullopt, std::string("orders")}, {});
    EXPECT_EQ(reports[0].created, 2);
    EXPECT_EQ(reports[0].failed, 1);
    EXPECT_EQ(f.written("erp", "orders").size(), 2u);
    auto letters = runner.store().dead_letters();
    ASSERT_EQ(letters.size(), 1u);
    EXPECT_EQ(letters[0].record_key, "100002");
    EXPECT_EQ(letters[0].error, "order 100002: order 100002: article does not exist in the ERP");
    // Nothing lost: the dead letter holds the whole order, ready to be fixed and replayed.
    auto payload = boost::json::parse(letters[0].payload);
    EXPECT_EQ(payload.at("record").at("order_id"), "100002");
    EXPECT_EQ(boost::json::parse(reports[0].errors_json).as_array().at(0).at("id"), "100002");
}

TEST(FlowOrders, RetryableFailuresAreRetriedWithBackoffThenDeadLettered) {
    FlowFixture f("retry");
    f.put("shop", "orders", {swedish_order("100001")});
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    Clock clock;
    host::SyncRunner runner(f.config("erp", R"(, "flaky_writes": 2)"), logger, clock.fn());
    host::TransferOptions options;
    options.retry.max_attempts = 5;
    options.retry.base_delay_ms = 1000;

    auto first = runner.pass({std::nullopt, std::string("orders")}, options);
    EXPECT_EQ(first[0].failed, 1);
    EXPECT_EQ(runner.store().queued("main", "orders"), 1);
    EXPECT_TRUE(f.written("erp", "orders").empty());
    // Not due yet: a pass right away leaves it waiting.
    runner.pass({std::nullopt, std::string("orders")}, options);
    EXPECT_EQ(runner.store().due_work("main", "orders", clock.now, 10).size(), 0u);
    clock.now += 60'000;
    runner.pass({std::nullopt, std::string("orders")}, options);   // second 503
    clock.now += 60'000;
    auto third = runner.pass({std::nullopt, std::string("orders")}, options);
    EXPECT_EQ(third[0].created, 1);
    EXPECT_EQ(f.written("erp", "orders").size(), 1u);
    EXPECT_EQ(runner.store().queued("main", "orders"), 0);
    EXPECT_TRUE(runner.store().dead_letters().empty());
}

TEST(FlowOrders, RetriesRunOutIntoADeadLetterThatCanBeReplayed) {
    FlowFixture f("exhaust");
    f.put("shop", "orders", {swedish_order("100001")});
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    Clock clock;
    host::SyncRunner runner(f.config("erp", R"(, "flaky_writes": 3)"), logger, clock.fn());
    host::TransferOptions options;
    options.retry.max_attempts = 2;
    runner.pass({std::nullopt, std::string("orders")}, options);
    clock.now += 3'600'000;
    runner.pass({std::nullopt, std::string("orders")}, options);
    auto letters = runner.store().dead_letters();
    ASSERT_EQ(letters.size(), 1u);
    EXPECT_EQ(letters[0].attempts, 2);
    EXPECT_NE(letters[0].error.find("remote answered 503"), std::string::npos);
    // A person replays it; the remote has one 503 left, then it goes through.
    runner.store().replay_dead_letter(letters[0].id, std::nullopt, clock.now);
    runner.pass({std::nullopt, std::string("orders")}, options);
    clock.now += 3'600'000;
    auto last = runner.pass({std::nullopt, std::string("orders")}, options);
    EXPECT_EQ(last[0].created, 1);
    EXPECT_EQ(f.written("erp", "orders").size(), 1u);
}

TEST(FlowOrders, DryRunWritesNothing) {
    FlowFixture f("dry");
    f.put("shop", "orders", {swedish_order("100001")});
    std::ostringstream log, plan;
    host::Logger logger(log, SKARV_LOG_INFO);
    Clock clock;
    host::SyncRunner runner(f.config("erp"), logger, clock.fn());
    host::TransferOptions options;
    options.dry_run = true;
    runner.pass({}, options, &plan);
    EXPECT_NE(plan.str().find("orders: would transfer order 100001 from shop#1"), std::string::npos) << plan.str();
    EXPECT_TRUE(f.written("erp", "orders").empty());
    EXPECT_FALSE(runner.store().cursor("main", "orders@shop#1"));
    EXPECT_EQ(runner.store().queued("main", "orders"), 0);
}

TEST(FlowOrders, MalformedOrderFromTheShopIsNamedAndParked) {
    FlowFixture f("malformed");
    auto bad = swedish_order("100009");
    bad.as_object()["lines"].as_array()[0].as_object().erase("sku");
    f.put("shop", "orders", {swedish_order("100001"), bad});
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    Clock clock;
    host::SyncRunner runner(f.config("erp"), logger, clock.fn());
    auto reports = runner.pass({std::nullopt, std::string("orders")}, {});
    EXPECT_EQ(reports[0].created, 1);
    EXPECT_EQ(reports[0].failed, 1);
    auto letters = runner.store().dead_letters();
    ASSERT_EQ(letters.size(), 1u);
    EXPECT_EQ(letters[0].error, "order from shop#1: order 100009.lines[0].sku: required");
}

// A pushed order still queued keeps what the shop pushed when a pass reads the same order
// again: a read API may carry less (Norce's Query has no org number). Without the mark, a
// newer read replaces a queued one, as before.
TEST(FlowOrders, AQueuedPushIsNotReplacedByAReadOfTheSameOrder) {
    for (bool pushed : {true, false}) {
        FlowFixture f(pushed ? "push-kept" : "read-replaced");
        auto read = swedish_order("920001");
        read.as_object()["note"] = "from the read API";
        auto queued = swedish_order("920001");
        queued.as_object()["note"] = "org 556677-8899";
        f.put("shop", "orders", {read});
        std::ostringstream log;
        host::Logger logger(log, SKARV_LOG_INFO);
        host::SyncRunner runner(f.config("erp", "", false, R"({"orders_as": "order"})"), logger);
        boost::json::object payload{{"channel", 1}, {"record", queued}};
        if (pushed) payload["pushed"] = true;
        runner.store().enqueue("main", "orders", "920001", boost::json::serialize(payload), 0);
        runner.pass({std::nullopt, std::string("orders")}, {});
        auto erp = f.written("erp", "orders");
        ASSERT_EQ(erp.size(), 1u) << pushed;
        EXPECT_EQ(erp[0].at("note"), pushed ? "org 556677-8899" : "from the read API") << pushed;
    }
}

// Norce's documented flow: the ERP acknowledges an order with "Confirmed" and its own order
// number. The host queues that as a status event when orders.write creates the order, and
// the next status pass delivers it to the shop the order came from.
TEST(FlowOrders, ACreatedOrderIsConfirmedToItsShopWithTheErpNumber) {
    FlowFixture f("confirm");
    f.put("shop", "orders", {swedish_order("100001")});
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    Clock clock;
    host::SyncRunner runner(f.config("erp"), logger, clock.fn());
    auto orders = runner.pass({std::nullopt, std::string("orders")}, {});
    ASSERT_EQ(orders[0].created, 1);
    const auto erp = f.written("erp", "orders");
    ASSERT_EQ(erp.size(), 1u);
    const auto erp_id = erp[0].at("erp_id");
    EXPECT_TRUE(f.written("shop", "status").empty()) << "delivered by the status pass, not the order pass";

    runner.pass({std::nullopt, std::string("status")}, {});
    const auto shop = f.written("shop", "status");
    ASSERT_EQ(shop.size(), 1u) << log.str();
    EXPECT_EQ(shop[0].at("order_id"), "100001");
    EXPECT_EQ(shop[0].at("status"), "confirmed");
    EXPECT_EQ(shop[0].at("erp_order_no"), erp_id);
    EXPECT_EQ(runner.store().queued("main", "status"), 0);
    // Delivered once: a later status pass sends nothing more.
    runner.pass({std::nullopt, std::string("status")}, {});
    EXPECT_EQ(f.written("shop", "status").size(), 1u);
}

// An order whose lines do not add up to what its payment authorised (a shop reading its
// amounts wrong) is taken off the queue as a dead letter that shows both figures.
TEST(FlowOrders, AnOrderThatDoesNotAddUpIsParkedShowingBothFigures) {
    FlowFixture f("unbalanced");
    auto wrong = swedish_order("100002");
    wrong.as_object()["payment"].as_object()["amount"] = boost::json::value_from(model::Money::parse("697.70", "SEK"));
    f.put("shop", "orders", {swedish_order("100001"), wrong});
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    Clock clock;
    host::SyncRunner runner(f.config("erp"), logger, clock.fn());
    auto reports = runner.pass({std::nullopt, std::string("orders")}, {});
    EXPECT_EQ(reports[0].created, 1);
    EXPECT_EQ(reports[0].failed, 1);
    ASSERT_EQ(f.written("erp", "orders").size(), 1u);
    auto letters = runner.store().dead_letters();
    ASSERT_EQ(letters.size(), 1u);
    EXPECT_EQ(letters[0].record_key, "100002");
    EXPECT_NE(letters[0].error.find("747.70 SEK"), std::string::npos) << letters[0].error;
    EXPECT_NE(letters[0].error.find("697.70 SEK"), std::string::npos) << letters[0].error;
    EXPECT_EQ(boost::json::parse(letters[0].payload).at("record"), wrong) << "the whole order is kept";
}
