// Usage metering through the real pipeline: an order counts once in the month it reached
// the ERP, whatever replays, re-reads and restarts follow; a SKU is active once a month.
#include <gtest/gtest.h>

#include <sstream>

#include "flow_fixture.hpp"
#include "skarv/host/flow/sync_runner.hpp"

using namespace skarv;
using skarv::test::FlowFixture;
using skarv::test::swedish_order;

namespace {
struct Clock {
    int64_t now = 1'796'083'200'000;   // 2026-12-01T00:00:00Z
    host::ClockFunction fn() {
        return [this] { return now; };
    }
};

int64_t orders_in(host::Store& store, const std::string& month) {
    auto rows = store.usage(month);
    return rows.empty() ? 0 : rows.at(0).orders;
}
int64_t skus_in(host::Store& store, const std::string& month) {
    auto rows = store.usage(month);
    return rows.empty() ? 0 : rows.at(0).active_skus;
}
}  // namespace

TEST(FlowUsage, AnOrderCountsOnceAcrossAReplayAReReadAndARestart) {
    FlowFixture f("usage-orders");
    f.put("shop", "orders", {swedish_order("100001")});
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    Clock clock;
    host::TransferOptions options;
    options.retry.max_attempts = 1;
    {
        // The ERP answers 503 once: 100001 goes to the dead letters, uncounted.
        host::SyncRunner runner(f.config("erp", R"(, "flaky_writes": 1)"), logger, clock.fn());
        runner.pass({std::nullopt, std::string("orders")}, options);
        ASSERT_EQ(f.written("erp", "orders").size(), 0u);
        EXPECT_EQ(orders_in(runner.store(), "2026-12"), 0);
        auto letters = runner.store().dead_letters();
        ASSERT_EQ(letters.size(), 1u);
        // Replayed by a person: it goes through and counts now.
        runner.store().replay_dead_letter(letters[0].id, std::nullopt, clock.now);
        runner.pass({std::nullopt, std::string("orders")}, options);
        ASSERT_EQ(f.written("erp", "orders").size(), 1u);
        EXPECT_EQ(orders_in(runner.store(), "2026-12"), 1);
        f.put("shop", "orders", {swedish_order("100001"), swedish_order("100002")});
        runner.pass({std::nullopt, std::string("orders")}, options);
        ASSERT_EQ(f.written("erp", "orders").size(), 2u);
        EXPECT_EQ(orders_in(runner.store(), "2026-12"), 2);
        // The same order queued again (a second push): delivered before, not counted again.
        runner.store().enqueue("main", "orders", "100002",
                               boost::json::serialize(boost::json::object{{"channel", 1}, {"record", swedish_order("100002")}}),
                               clock.now);
        runner.pass({std::nullopt, std::string("orders")}, options);
        EXPECT_EQ(orders_in(runner.store(), "2026-12"), 2);
    }
    // A restart in the next month, reading every order again from the start: nothing new
    // is counted in December, nor anything in January.
    clock.now += 31LL * 86'400'000;
    host::SyncRunner restarted(f.config("erp"), logger, clock.fn());
    host::TransferOptions initial;
    initial.initial = true;
    restarted.pass({std::nullopt, std::string("orders")}, initial);
    EXPECT_EQ(f.written("erp", "orders").size(), 2u);
    EXPECT_EQ(orders_in(restarted.store(), "2026-12"), 2);
    EXPECT_EQ(orders_in(restarted.store(), "2027-01"), 0);
    // A new order in January counts in January.
    f.put("shop", "orders", {swedish_order("100001"), swedish_order("100002"), swedish_order("100003")});
    restarted.pass({std::nullopt, std::string("orders")}, initial);
    EXPECT_EQ(orders_in(restarted.store(), "2027-01"), 1);
    EXPECT_EQ(restarted.store().usage_count_failures(), 0);
}

TEST(FlowUsage, ASkuIsActiveOnceAMonthWhateverIsWrittenOfIt) {
    FlowFixture f("usage-skus");
    f.put("erp", "stock", {{{"sku", "A1001-1"}, {"warehouse", "LAGER1"}, {"on_hand", 5}, {"available", 4}},
                           {{"sku", "A1001-1"}, {"warehouse", "LAGER2"}, {"on_hand", 1}, {"available", 1}},
                           {{"sku", "A1001-2"}, {"warehouse", "LAGER1"}, {"on_hand", 0}, {"available", 0}}});
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    Clock clock;
    host::SyncRunner runner(f.config("erp", "", true), logger, clock.fn());
    host::TransferOptions initial;
    initial.initial = true;
    runner.pass({std::nullopt, std::string("stock")}, initial);
    // Two SKUs, written to two shops and from two warehouses: two active SKUs.
    EXPECT_EQ(skus_in(runner.store(), "2026-12"), 2);
    // Changed figures later in the month: still two.
    f.put("erp", "stock", {{{"sku", "A1001-1"}, {"warehouse", "LAGER1"}, {"on_hand", 7}, {"available", 7}}});
    clock.now += 86'400'000;
    runner.pass({std::nullopt, std::string("stock")}, initial);
    EXPECT_EQ(skus_in(runner.store(), "2026-12"), 2);
    // In January only what is written in January is active.
    f.put("erp", "stock", {{{"sku", "A1001-2"}, {"warehouse", "LAGER1"}, {"on_hand", 3}, {"available", 3}}});
    clock.now += 31LL * 86'400'000;
    runner.pass({std::nullopt, std::string("stock")}, initial);
    EXPECT_EQ(skus_in(runner.store(), "2027-01"), 1);
    EXPECT_EQ(skus_in(runner.store(), "2026-12"), 2);
}
