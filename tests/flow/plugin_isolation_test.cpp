// Plugins out of process ("isolation": "process"), in a real sync: real runner children,
// test plugins that really segfault or abort on one marked record, a real SQLite store.
// A crash costs the record that caused it (a dead letter naming it, the plugin, the
// operation and the signal); every other record of the batch reaches the ERP.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "flow_fixture.hpp"
#include "skarv/host/flow/call_pool.hpp"
#include "skarv/host/flow/sync_runner.hpp"

#include <sys/resource.h>
#include <cstdlib>
#include <string>
#include "native_crash_signals.hpp"



namespace {
// The crashes below are on purpose: no core file of them in the test's folder.
inline void no_core_files() {
    rlimit none{0, 0};
    setrlimit(RLIMIT_CORE, &none);
}
}  // namespace

using namespace skarv;
using skarv::test::FlowFixture;
using skarv::test::swedish_order;

namespace {

std::string with_transforms(const std::string& transforms) { return R"(, "transforms": )" + transforms; }

std::vector<std::string> ids(const boost::json::array& written) {
    std::vector<std::string> out;
    for (const auto& r : written) out.push_back(std::string(r.at("order_id").as_string()));
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST(PluginIsolation, ATransformThatCrashesOnOneRecordCostsOnlyThatRecord) {
    let_children_die_by_their_signal();
    no_core_files();
    for (auto [how, signal] : {std::pair{"segv", "SIGSEGV"}, std::pair{"abort", "SIGABRT"}}) {
        FlowFixture f(std::string("isolated-crash-") + how);
        f.put("shop", "orders", {swedish_order("810001"), swedish_order("810002"), swedish_order("810003", "BOOM"),
                                 swedish_order("810004"), swedish_order("810005")});
        std::ostringstream log;
        host::Logger logger(log, SKARV_LOG_INFO);
        // No "isolation" key: a transform runs in a runner by default.
        auto config = f.config("erp", "", false, R"({"orders_as": "order"})", "",
                               with_transforms(std::string(R"([{"plugin": "test-transform", "hooks": ["order.before_write"],
                                                   "crash_sku": "BOOM", "note": "isolated", "crash": ")") + how + "\"}]"));
        host::SyncRunner runner(config, logger);
        auto reports = runner.pass({std::nullopt, std::string("orders")}, {});
        ASSERT_EQ(reports.size(), 1u);
        EXPECT_EQ(reports[0].created, 4) << how;
        EXPECT_EQ(reports[0].failed, 1) << how;
        auto erp = f.written("erp", "orders");
        EXPECT_EQ(ids(erp), (std::vector<std::string>{"810001", "810002", "810004", "810005"})) << how;
        for (const auto& o : erp) EXPECT_EQ(o.at("note"), "isolated");   // transformed, in the runner
        auto letters = runner.store().dead_letters();
        ASSERT_EQ(letters.size(), 1u) << how;
        EXPECT_EQ(letters[0].record_key, "810003");
        EXPECT_NE(letters[0].error.find("plugin 'test-transform' failed during 'transform'"), std::string::npos)
            << letters[0].error;
        EXPECT_NE(letters[0].error.find(signal), std::string::npos) << letters[0].error;
        EXPECT_NE(log.str().find(signal), std::string::npos);   // the log says it too, as it happened
    }
}

TEST(PluginIsolation, AnErpConnectorCrashIsBisectedToTheRecordThatCausedIt) {
    let_children_die_by_their_signal();
    no_core_files();
    FlowFixture f("isolated-erp-crash");
    f.put("shop", "orders", {swedish_order("820001"), swedish_order("820002"), swedish_order("820003"),
                             swedish_order("820004", "BOOM"), swedish_order("820005"), swedish_order("820006")});
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    auto config = f.config("erp", R"(, "isolation": "process", "crash_skus": ["BOOM"])", false, R"({"orders_as": "order"})");
    host::SyncRunner runner(config, logger);
    auto reports = runner.pass({std::nullopt, std::string("orders")}, {});
    ASSERT_EQ(reports.size(), 1u);
    EXPECT_EQ(reports[0].created, 5);
    EXPECT_EQ(reports[0].failed, 1);
    EXPECT_EQ(ids(f.written("erp", "orders")),
              (std::vector<std::string>{"820001", "820002", "820003", "820005", "820006"}));
    auto letters = runner.store().dead_letters();
    ASSERT_EQ(letters.size(), 1u);
    EXPECT_EQ(letters[0].record_key, "820004");
    EXPECT_NE(letters[0].error.find("plugin 'file-system' failed during 'orders.write'"), std::string::npos)
        << letters[0].error;
    EXPECT_NE(letters[0].error.find("signal 11 (SIGSEGV)"), std::string::npos) << letters[0].error;

    // The next pass runs in a fresh runner and the parked record stays parked.
    f.put("shop", "orders", {swedish_order("820001"), swedish_order("820002"), swedish_order("820003"),
                             swedish_order("820004", "BOOM"), swedish_order("820005"), swedish_order("820006"),
                             swedish_order("820007")});
    auto again = runner.pass({std::nullopt, std::string("orders")}, {});
    EXPECT_EQ(again[0].created, 1);
    EXPECT_EQ(f.written("erp", "orders").size(), 6u);
}

TEST(PluginIsolation, ACallPastItsTimeoutKillsTheRunnerAndTheNextCallGetsANewOne) {
    FlowFixture f("isolated-timeout");
    f.put("shop", "orders", {swedish_order("830001", "SLOW")});
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    auto config = f.config("erp", "", false, R"({"orders_as": "order"})", "",
                           with_transforms(R"([{"plugin": "test-transform", "hooks": ["order.before_write"],
                                               "sleep_ms": 30000, "sleep_sku": "SLOW", "timeout_ms": 200}])"));
    host::SyncRunner runner(config, logger);
    auto reports = runner.pass({std::nullopt, std::string("orders")}, {});
    EXPECT_EQ(reports[0].failed, 1);
    auto letters = runner.store().dead_letters();
    ASSERT_EQ(letters.size(), 1u);
    EXPECT_NE(letters[0].error.find("no answer to 'transform' within 200 ms; the runner was killed"), std::string::npos)
        << letters[0].error;
    f.put("shop", "orders", {swedish_order("830001", "SLOW"), swedish_order("830002")});
    auto again = runner.pass({std::nullopt, std::string("orders")}, {});
    EXPECT_EQ(again[0].created, 1);
    EXPECT_EQ(ids(f.written("erp", "orders")), (std::vector<std::string>{"830002"}));
}

TEST(PluginIsolation, ARunnerThatSpeaksGarbageOrExitsIsAClearErrorAtStart) {
    struct Case {
        const char* runner;
        const char* expect;
    };
    for (auto c : {Case{R"(["/bin/sh", "-c", "echo this is not a frame; cat >/dev/null"])", "not the runner protocol"},
                   Case{R"(["/bin/sh", "-c", "exit 3"])", "exited with status 3"},
                   Case{R"(["/nonexistent/skarv-plugin-runner"])", "cannot start /nonexistent/skarv-plugin-runner"}}) {
        FlowFixture f("bad-runner");
        std::ostringstream log;
        host::Logger logger(log, SKARV_LOG_INFO);
        auto config = f.config("erp", "", false, R"({"orders_as": "order"})", "",
                               with_transforms(std::string(R"([{"plugin": "test-transform", "hooks": ["order.before_write"], "runner": )") +
                                               c.runner + "}]"));
        try {
            host::SyncRunner runner(config, logger);
            runner.pass({std::nullopt, std::string("orders")}, {});
            ADD_FAILURE() << "a broken runner was accepted: " << c.runner;
        } catch (const std::exception& e) {
            std::string what = e.what();
            EXPECT_NE(what.find("transforms[0]"), std::string::npos) << what;
            EXPECT_NE(what.find("test-transform"), std::string::npos) << what;
            EXPECT_NE(what.find(c.expect), std::string::npos) << what;
        }
    }
}

TEST(PluginIsolation, HostServicesReachTheHostFromTheRunner) {
    // The state service over the pipe: the file-system connector keeps its flaky-write
    // budget in a file, so use the transform's log instead: "note" proves the call, the
    // log line proves the service.
    FlowFixture f("isolated-services");
    f.put("shop", "orders", {swedish_order("840001")});
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_DEBUG);
    auto config = f.config("erp", R"(, "isolation": "process", "flaky_writes": 1)", false, R"({"orders_as": "order"})");
    host::SyncRunner runner(config, logger);
    auto first = runner.pass({std::nullopt, std::string("orders")}, {});
    EXPECT_EQ(first[0].created, 0);   // the flaky write: a retryable error crossed the pipe intact
    auto letters = runner.store().dead_letters();
    EXPECT_TRUE(letters.empty());
}

TEST(TransformCancellation, AnInProcessCallPastItsTimeoutIsToldItWasCancelledAndStops) {
    FlowFixture f("cancelled-transform");
    f.put("shop", "orders", {swedish_order("850001")});
    auto marker = f.root / "saw-cancel";
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    auto config = f.config("erp", "", false, R"({"orders_as": "order"})", "",
                           with_transforms(R"([{"plugin": "test-transform", "hooks": ["order.before_write"], "isolation": "in_process",
                                               "until_cancelled": true, "timeout_ms": 100, "cancelled_marker": ")" +
                                           marker.string() + "\"}]"));
    host::SyncRunner runner(config, logger);
    auto reports = runner.pass({std::nullopt, std::string("orders")}, {});
    EXPECT_EQ(reports[0].failed, 1);
    auto letters = runner.store().dead_letters();
    ASSERT_EQ(letters.size(), 1u);
    EXPECT_NE(letters[0].error.find("took longer than 100 ms"), std::string::npos) << letters[0].error;
    // The abandoned call polls is_cancelled and returns: its worker is free again.
    bool stopped = false;
    for (int i = 0; i < 500 && !stopped; ++i) {
        stopped = std::filesystem::exists(marker);
        if (!stopped) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    EXPECT_TRUE(stopped);
}

TEST(PluginIsolation, APluginNamedByFileIsLoadedOnlyInItsRunner) {
    // The way a 32-bit Windows plugin runs beside a 64-bit host: the host never maps the
    // file, the runner reports its descriptor and serves its calls.
    FlowFixture f("runner-only-file");
    std::filesystem::create_directories(f.root / "elsewhere");
    std::filesystem::copy_file(std::string(SKARV_FLOW_TEST_PLUGIN_DIR) + "/test-transform.so",
                               f.root / "elsewhere" / "customer-mapping.so");
    std::ofstream(f.root / "elsewhere" / "not-a-plugin.so") << "text";
    f.put("shop", "orders", {swedish_order("870001")});
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    auto config = f.config("erp", "", false, R"({"orders_as": "order"})", "",
                           with_transforms(R"([{"plugin": "test-transform", "hooks": ["order.before_write"],
                                               "file": "elsewhere/customer-mapping.so", "note": "from the runner"}])"));
    {
        host::SyncRunner runner(config, logger);
        auto reports = runner.pass({std::nullopt, std::string("orders")}, {});
        EXPECT_EQ(reports[0].created, 1);
        auto erp = f.written("erp", "orders");
        ASSERT_EQ(erp.size(), 1u);
        EXPECT_EQ(erp[0].at("note"), "from the runner");
    }
    auto broken = f.config("erp", "", false, R"({"orders_as": "order"})", "",
                           with_transforms(R"([{"plugin": "test-transform", "hooks": ["order.before_write"],
                                               "file": "elsewhere/not-a-plugin.so"}])"));
    try {
        host::SyncRunner runner(broken, logger);
        ADD_FAILURE() << "a file the runner cannot load was accepted";
    } catch (const std::exception& e) {
        // The runner's loader speaks for itself.
        EXPECT_NE(std::string(e.what()).find("not-a-plugin.so: file too short"), std::string::npos) << e.what();
    }
}
