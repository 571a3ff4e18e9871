// Transforms at order.before_write inside the real flow: a record changed, dropped with
// its reason in the report, failed into a dead letter; a transform that throws, answers
// garbage or overruns its timeout fails only its records, and the flow goes on.
#include <gtest/gtest.h>

#include <sstream>

#include "flow_fixture.hpp"
#include "skarv/host/flow/sync_runner.hpp"

using namespace skarv;
using skarv::test::FlowFixture;
using skarv::test::swedish_order;

namespace {
std::string with_transforms(const std::string& transforms) { return R"(, "transforms": )" + transforms; }
}  // namespace

TEST(FlowTransforms, KeepDropAndFailInOnePass) {
    FlowFixture f("transforms");
    f.put("shop", "orders", {swedish_order("800001"), swedish_order("800002", "GIFTCARD"), swedish_order("800003", "ODDVAT")});
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    auto config = f.config("erp", "", false, R"({"orders_as": "order"})", "",
                           with_transforms(R"([{"plugin": "test-transform", "hooks": ["order.before_write"], "drop_sku": "GIFTCARD"},
                                               {"plugin": "test-transform", "hooks": ["order.before_write"], "fail_sku": "ODDVAT", "note": "via Skarv"}])"));
    host::SyncRunner runner(config, logger);
    auto reports = runner.pass({std::nullopt, std::string("orders")}, {});
    EXPECT_EQ(reports[0].created, 1);
    EXPECT_EQ(reports[0].skipped, 1);
    EXPECT_EQ(reports[0].failed, 1);
    auto erp = f.written("erp", "orders");
    ASSERT_EQ(erp.size(), 1u);
    EXPECT_EQ(erp[0].at("order_id"), "800001");
    EXPECT_EQ(erp[0].at("note"), "via Skarv");   // changed by the second transform
    auto errors = boost::json::parse(reports[0].errors_json).as_array();
    bool drop_reason = false;
    for (const auto& e : errors)
        drop_reason = drop_reason || e.at("message").as_string().find("800002 dropped by transform 'test-transform'") != std::string::npos;
    EXPECT_TRUE(drop_reason) << reports[0].errors_json;
    auto letters = runner.store().dead_letters();
    ASSERT_EQ(letters.size(), 1u);
    EXPECT_EQ(letters[0].record_key, "800003");
    EXPECT_NE(letters[0].error.find("no VAT code for this SKU"), std::string::npos);
}

TEST(FlowTransforms, BrokenTransformsFailTheirRecordsNotTheFlow) {
    for (const char* broken : {R"("throw": true)", R"("garbage": true)", R"("sleep_ms": 2000, "timeout_ms": 100)"}) {
        FlowFixture f("broken-transform");
        f.put("shop", "orders", {swedish_order("900001")});
        f.put("erp", "stock", {{{"sku", "A1"}, {"warehouse", "L"}, {"on_hand", 3}}});
        std::ostringstream log;
        host::Logger logger(log, SKARV_LOG_INFO);
        auto config = f.config("erp", "", false, R"({"orders_as": "order"})", "",
                               with_transforms(std::string(R"([{"plugin": "test-transform", "hooks": ["order.before_write"], )") +
                                               broken + "}]"));
        host::SyncRunner runner(config, logger);
        auto reports = runner.pass({}, {});
        int64_t failed = 0, stock_written = 0;
        for (const auto& r : reports) {
            if (r.entity == "orders") failed = r.failed;
            if (r.entity == "stock") stock_written = r.updated + r.created;
        }
        EXPECT_EQ(failed, 1) << broken;
        EXPECT_EQ(stock_written, 1) << broken;   // the flow went on
        EXPECT_TRUE(f.written("erp", "orders").empty()) << broken;
        auto letters = runner.store().dead_letters();
        ASSERT_EQ(letters.size(), 1u) << broken;
        EXPECT_NE(letters[0].error.find("transform 'test-transform'"), std::string::npos) << letters[0].error;
    }
}

TEST(FlowTransforms, CheckRefusesAConnectorUsedAsATransform) {
    FlowFixture f("transform-check");
    auto config = f.config("erp", "", false, R"({})", "",
                           with_transforms(R"([{"plugin": "file-system", "hooks": ["order.before_write"]}])"));
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    try {
        host::SyncRunner runner(config, logger);
        FAIL() << "accepted a connector as a transform";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("connections[0].transforms[0].plugin: 'file-system' is a connector, not a transform"),
                  std::string::npos) << e.what();
    }
}

// A call that never comes back in time keeps its instance busy; the chain gives later
// calls a fresh instance, so the next batch goes through instead of timing out behind it.
TEST(FlowTransforms, AnOverrunCostsOnlyItsOwnBatch) {
    FlowFixture f("overrun-transform");
    f.put("shop", "orders", {swedish_order("910001", "HANG"), swedish_order("910002")});
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    auto config = f.config("erp", "", false, R"({"orders_as": "order"})", "",
                           with_transforms(R"([{"plugin": "test-transform", "hooks": ["order.before_write"],
                                                "sleep_ms": 3000, "sleep_sku": "HANG", "timeout_ms": 200,
                                                "isolation": "in_process"}])"));
    host::SyncRunner runner(config, logger);
    host::TransferOptions one_at_a_time;
    one_at_a_time.batch_size = 1;
    auto reports = runner.pass({std::nullopt, std::string("orders")}, one_at_a_time);
    ASSERT_EQ(reports.size(), 1u);
    EXPECT_EQ(reports[0].failed, 1);
    EXPECT_EQ(reports[0].created, 1);
    auto erp = f.written("erp", "orders");
    ASSERT_EQ(erp.size(), 1u);
    EXPECT_EQ(erp[0].at("order_id"), "910002");
    auto letters = runner.store().dead_letters();
    ASSERT_EQ(letters.size(), 1u);
    EXPECT_EQ(letters[0].record_key, "910001");
    EXPECT_NE(letters[0].error.find("took longer than 200 ms"), std::string::npos) << letters[0].error;
    EXPECT_NE(log.str().find("later calls use a fresh instance"), std::string::npos) << log.str();
}
