// Health from a real store with known reports (ok, late, failing, each with its reason),
// and /health, /api/health, /metrics over real HTTP on a running service.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "../flow/flow_fixture.hpp"
#include "service_http.hpp"
#include "skarv/host/service/health.hpp"
#include "skarv/host/service/service.hpp"

using namespace skarv;
using skarv::test::FlowFixture;
using skarv::test::swedish_order;

namespace {
constexpr int64_t kMinute = 60'000;
constexpr int64_t kNow = 1'796'083'200'000 + 10 * 60 * kMinute;   // 2026-12-01T10:00Z

std::filesystem::path fresh_db(const std::string& name) {
    auto dir = std::filesystem::temp_directory_path() / ("skarv-health-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    auto path = dir / name;
    for (auto suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
    return path;
}

// A pass of main/orders that started `ago` before kNow and took 2 s.
void pass(host::Store& store, int64_t ago, int64_t considered, int64_t failed, const std::string& error = "") {
    host::TransferReport r;
    r.connection = "main";
    r.entity = "orders";
    r.started_at = kNow - ago;
    r.ended_at = r.started_at + 2000;
    r.considered = considered;
    r.created = considered - failed;
    r.failed = failed;
    if (!error.empty()) r.errors_json = boost::json::serialize(boost::json::array{{{"message", error}}});
    store.add_report(r);
}

host::EntityHealth health_of(host::Store& store, int64_t interval_ms = 5 * kMinute, int64_t since = kNow - 600 * kMinute) {
    return host::assess_health("main", "orders", interval_ms,
                               store.entity_figures("main", "orders", host::HealthRules::kRecentPasses), kNow, since);
}
}  // namespace

TEST(Health, OkWhenTheLastPassSucceededWithinTheSchedule) {
    host::Store store(fresh_db("ok.db"));
    pass(store, 9 * kMinute, 4, 0);
    pass(store, 4 * kMinute, 10, 1, "order 100012: article does not exist in the ERP");
    pass(store, 4 * kMinute - 4000, 5, 0);   // ended 3 min 58 s ago
    auto h = health_of(store);
    EXPECT_EQ(h.state, host::HealthState::ok);
    EXPECT_EQ(h.reason, "last successful pass 3 min ago, schedule every 5 min");
    EXPECT_EQ(h.recent_passes, 3);
    EXPECT_EQ(h.recent_failed_passes, 1);
    EXPECT_DOUBLE_EQ(h.error_rate, 1.0 / 19.0);
    EXPECT_EQ(*h.last_success_at, kNow - 4 * kMinute + 4000 + 2000);
}

TEST(Health, LateAfterThreeIntervalsWithoutASuccessfulPass) {
    host::Store store(fresh_db("late.db"));
    pass(store, 125 * kMinute, 3, 0);
    auto h = health_of(store);
    EXPECT_EQ(h.state, host::HealthState::late);
    EXPECT_EQ(h.reason, "last successful pass 2 h ago, schedule every 5 min");
    // Within three intervals of a 1-hour schedule it is not late.
    EXPECT_EQ(health_of(store, 60 * kMinute).state, host::HealthState::ok);
    // Never a successful pass: counted from the service's start.
    host::Store empty(fresh_db("never.db"));
    auto never = health_of(empty, 5 * kMinute, kNow - 20 * kMinute);
    EXPECT_EQ(never.state, host::HealthState::late);
    EXPECT_EQ(never.reason, "no successful pass in the 20 min since the service started, schedule every 5 min");
    EXPECT_EQ(health_of(empty, 5 * kMinute, kNow - 2 * kMinute).reason, "no pass finished yet, schedule every 5 min");
    pass(empty, kMinute, 3, 1, "order 100014: refused");
    EXPECT_EQ(health_of(empty, 5 * kMinute, kNow - 2 * kMinute).reason,
              "no successful pass yet (1 of last 1 passes failed), schedule every 5 min");
}

TEST(Health, FailingWhenThreeOfTheLastFivePassesFailed) {
    host::Store store(fresh_db("failing.db"));
    pass(store, 35 * kMinute, 2, 2, "old failure outside the window");
    pass(store, 30 * kMinute, 2, 0);
    pass(store, 25 * kMinute, 2, 0);
    pass(store, 20 * kMinute, 2, 1, "order 100011: the ERP answered 503");
    pass(store, 15 * kMinute, 2, 0);
    pass(store, 10 * kMinute, 2, 2, "order 100012: the ERP answered 503");
    auto two_of_five = health_of(store);
    EXPECT_EQ(two_of_five.state, host::HealthState::ok) << two_of_five.reason;
    pass(store, 5 * kMinute, 4, 4, "order 100013: the ERP answered 503");
    auto h = health_of(store);
    EXPECT_EQ(h.state, host::HealthState::failing);
    EXPECT_EQ(h.reason, "3 of last 5 passes failed: order 100013: the ERP answered 503");
    EXPECT_DOUBLE_EQ(h.error_rate, 7.0 / 12.0);
    // A read that failed counts too, with its count when the report names no error.
    host::TransferReport r;
    r.connection = "main";
    r.entity = "orders";
    r.started_at = kNow - kMinute;
    r.ended_at = kNow - kMinute + 100;
    r.read_failures = 1;
    store.add_report(r);
    EXPECT_EQ(health_of(store).reason, "4 of last 5 passes failed: 1 reads failed");
}

TEST(Health, ReportsQueueDepthOldestQueuedAgeAndOpenDeadLetters) {
    host::Store store(fresh_db("queue.db"));
    store.enqueue("main", "orders", "100020", "{}", kNow - 42 * kMinute);
    store.enqueue("main", "orders", "100021", "{}", kNow - 2 * kMinute);
    store.enqueue("main", "stock", "A1@LAGER1", "{}", kNow - 600 * kMinute);   // another entity
    store.add_dead_letter("main", "orders", "100019", "{}", "refused", 1, kNow - kMinute);
    auto h = health_of(store);
    EXPECT_EQ(h.queue_depth, 2);
    EXPECT_EQ(*h.oldest_queued_age_ms, 42 * kMinute);
    EXPECT_EQ(h.dead_letters, 1);
}

TEST(Health, ACronScheduleExpectsTheGapBetweenItsFirings) {
    host::ScheduledJob job;
    job.cron.emplace("*/5 * * * *");
    EXPECT_EQ(host::expected_interval_ms(job, kNow), 5 * kMinute);
    job.cron.emplace("0 2 * * *");
    EXPECT_EQ(host::expected_interval_ms(job, kNow), 24 * 60 * kMinute);
}

TEST(Health, PassDurationsFillTheHistogramBuckets) {
    host::Store store(fresh_db("durations.db"));
    for (int64_t ms : {50, 400, 400, 700000, 4000000}) {
        host::TransferReport r;
        r.connection = "main";
        r.entity = "products";
        r.started_at = kNow;
        r.ended_at = kNow + ms;
        store.add_report(r);
    }
    auto all = store.pass_durations();
    ASSERT_EQ(all.size(), 1u);
    const auto& bounds = host::Store::pass_duration_bounds_ms();
    ASSERT_EQ(bounds[0], 100);
    ASSERT_EQ(bounds[1], 500);
    EXPECT_EQ(all[0].cumulative[0], 1);                  // <= 0.1 s
    EXPECT_EQ(all[0].cumulative[1], 3);                  // <= 0.5 s
    EXPECT_EQ(all[0].cumulative[bounds.size() - 1], 4);  // <= 30 min: not the 66-minute one
    EXPECT_EQ(all[0].cumulative.back(), 5);              // +Inf
    EXPECT_EQ(all[0].sum_ms, 50 + 400 + 400 + 700000 + 4000000);
    // Pruning the reports leaves the histogram as it was: its counters never go down.
    host::RetentionSettings keep;
    keep.reports_days = 1;
    store.prune(keep, kNow + 10LL * 86'400'000);
    EXPECT_TRUE(store.reports(10).empty());
    EXPECT_EQ(store.pass_durations().at(0).cumulative.back(), 5);
}

TEST(Health, HealthAndMetricsOverHttpOnARunningService) {
    FlowFixture f("health-http");
    // The order pass at start-up fails on an order the ERP lacks an article for.
    f.put("shop", "orders", {swedish_order("100001", "NO-SUCH-SKU"), swedish_order("100002")});
    auto config = f.config("erp", R"(, "fail_skus": ["NO-SUCH-SKU"])", false, R"({"orders_as": "order"})", "",
                           R"(, "schedule": {"orders": 300, "status": 3600, "products": 3600, "pricelists": 3600,
                                             "prices": 3600, "stock": 3600})");
    test::configure_admin(config);
    {
        // Two earlier passes that failed the same way: with the start-up one, 3 of 3.
        host::Store seed(f.root / "state.db");
        for (int i = 2; i >= 1; --i) {
            host::TransferReport r;
            r.connection = "main";
            r.entity = "orders";
            r.started_at = host::system_clock_ms() - i * 5 * kMinute;
            r.ended_at = r.started_at + 1500;
            r.considered = 1;
            r.failed = 1;
            r.errors_json = R"([{"message": "order 100000: article does not exist in the ERP"}])";
            seed.add_report(r);
        }
    }
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    host::SyncRunner runner(config, logger);
    host::ServiceOptions options;
    options.port = 0;
    host::Service service(runner, logger, options);
    auto port = service.start();
    ASSERT_TRUE(test::eventually([&] { return runner.store().reports(50).size() >= 8; })) << log.str();

    auto reply = test::send(port, {"GET", "/health"});
    EXPECT_EQ(reply.status, 503) << reply.body;
    auto health = boost::json::parse(reply.body);
    EXPECT_EQ(health.at("status"), "ok");            // the process: the field monitors already read
    EXPECT_GE(health.at("passes").as_int64(), 1);
    EXPECT_EQ(health.at("state"), "failing");
    const boost::json::object* orders = nullptr;
    for (const auto& c : health.at("connections").as_array())
        if (c.at("entity") == "orders") orders = &c.as_object();
    ASSERT_NE(orders, nullptr) << reply.body;
    EXPECT_EQ(orders->at("state"), "failing");
    // Without a token no error text: it may name a customer or an order.
    EXPECT_EQ(orders->at("reason"), "3 of last 3 passes failed");
    EXPECT_EQ(orders->at("dead_letters"), 1);
    EXPECT_EQ(orders->at("interval_s"), 300);

    auto full = boost::json::parse(test::admin(port, "GET", "/api/health").body);
    std::string reason;
    for (const auto& c : full.at("connections").as_array())
        if (c.at("entity") == "orders") reason = c.at("reason").as_string().c_str();
    // The report keeps the error as the pass recorded it.
    EXPECT_EQ(reason.rfind("3 of last 3 passes failed: order 100001: ", 0), 0u) << reason;
    EXPECT_NE(reason.find("article does not exist in the ERP"), std::string::npos) << reason;

    auto metrics = test::admin(port, "GET", "/metrics").body;
    for (const char* line : {
             R"(skarv_health_state{connection="main",entity="orders",state="failing"} 1)",
             R"(skarv_health_state{connection="main",entity="orders",state="ok"} 0)",
             R"(skarv_health_state{connection="main",entity="stock",state="ok"} 1)",
             R"(skarv_schedule_interval_seconds{connection="main",entity="orders"} 300)",
             R"(skarv_error_ratio{connection="main",entity="orders"} 0.75)",
             R"(skarv_pass_duration_seconds_bucket{connection="main",entity="orders",le="+Inf"} 3)",
             R"(skarv_pass_duration_seconds_count{connection="main",entity="orders"} 3)",
             "# TYPE skarv_pass_duration_seconds histogram",
             "skarv_usage_count_failures_total 0"})
        EXPECT_NE(metrics.find(line), std::string::npos) << line << "\n" << metrics;
    const auto month = host::usage_month(host::system_clock_ms());
    EXPECT_NE(metrics.find(R"(skarv_usage_orders{connection="main",month=")" + month + R"("} 1)"), std::string::npos)
        << metrics;

    auto usage = boost::json::parse(test::admin(port, "GET", "/api/usage?month=" + month).body);
    ASSERT_EQ(usage.at("usage").as_array().size(), 1u);
    EXPECT_EQ(usage.at("usage").as_array()[0].at("orders"), 1);
    EXPECT_EQ(test::admin(port, "GET", "/api/usage?month=2026-13").status, 400);
    auto trends = boost::json::parse(test::admin(port, "GET", "/api/trends?hours=2").body);
    int64_t orders_written = 0, failures = 0;
    for (const auto& h : trends.at("hours").as_array()) {
        orders_written += h.at("orders").as_int64();
        failures += h.at("failures").as_int64();
    }
    EXPECT_EQ(orders_written, 1);
    EXPECT_EQ(failures, 3);
    EXPECT_EQ(test::admin(port, "GET", "/api/trends?hours=0").status, 400);
    service.stop();
}
