// The service as a shop and an operator meet it: the order push is queued and
// transferred at once, the admin API and metrics tell the truth, SIGTERM stops cleanly.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "../flow/flow_fixture.hpp"
#include "service_http.hpp"
#include "skarv/host/service/service.hpp"

using namespace skarv;
using skarv::test::FlowFixture;
using skarv::test::swedish_order;

namespace {
// The push with the shop's Basic credentials (its own, not an admin token).
test::Reply push(uint16_t port, const std::string& path, const std::string& body, const std::string& auth = "") {
    test::Request r{"POST", path, body, "application/json", {}};
    if (!auth.empty()) r.headers["Authorization"] = auth;
    return test::send(port, r);
}
using test::admin;
using test::eventually;
}  // namespace

TEST(Service, PushedOrderIsQueuedThenTransferredAtOnce) {
    FlowFixture f("push");
    // Push credentials on the shop; long intervals, so only the push can start a transfer.
    auto config = f.config("erp", "", false, R"({"orders_as": "order"})", R"(, "push_auth": "Basic c2hvcDpodW1sZQ==")",
                           R"(, "schedule": {"orders": 3600, "status": 3600, "products": 3600, "pricelists": 3600,
                                             "prices": 3600, "stock": 3600})");
    test::configure_admin(config);
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    host::SyncRunner runner(config, logger);
    host::ServiceOptions options;
    options.port = 0;
    host::Service service(runner, logger, options);
    auto port = service.start();
    ASSERT_TRUE(eventually([&] { return service.passes_run() >= 6; }));   // the start-up passes

    auto orders = boost::json::serialize(boost::json::array{swedish_order("500001"), swedish_order("500002")});
    EXPECT_EQ(push(port, "/push/main/1", orders, "Basic d3Jvbmc6d3Jvbmc=").status, 401);
    EXPECT_EQ(push(port, "/push/main/1", "[{\"order_id\": ", "Basic c2hvcDpodW1sZQ==").status, 400);
    EXPECT_EQ(push(port, "/push/nope/1", orders).status, 404);
    // The admin token is no key to the push: the shop's own credentials are.
    EXPECT_EQ(push(port, "/push/main/1", orders, test::bearer()).status, 401);
    auto ok = push(port, "/push/main/1", orders, "Basic c2hvcDpodW1sZQ==");
    EXPECT_EQ(ok.status, 200);
    EXPECT_EQ(ok.body, R"({"StatusCode":"OK"})");
    ASSERT_TRUE(eventually([&] { return f.written("erp", "orders").size() == 2; })) << log.str();
    EXPECT_EQ(f.written("erp", "orders")[0].at("erp_total_minor"), 74770);

    auto health = boost::json::parse(test::send(port, {"GET", "/health"}).body);
    EXPECT_EQ(health.at("status"), "ok");
    // The report is stored when the pass ends, a moment after the ERP has the orders.
    auto created_in_reports = [&] {
        auto reports = boost::json::parse(admin(port, "GET", "/api/reports?limit=50").body);
        int64_t created = 0;
        for (const auto& r : reports.at("reports").as_array()) created += r.at("created").as_int64();
        return created;
    };
    ASSERT_TRUE(eventually([&] { return created_in_reports() == 2; }));
    auto metrics = admin(port, "GET", "/metrics").body;
    EXPECT_NE(metrics.find(R"(skarv_records_total{connection="main",entity="orders",outcome="created"} 2)"), std::string::npos)
        << metrics;
    EXPECT_NE(test::send(port, {"GET", "/"}).body.find("<title>Skarv</title>"), std::string::npos);
    EXPECT_EQ(admin(port, "POST", "/api/connections/main/run?entity=stock").status, 202);
    EXPECT_EQ(admin(port, "GET", "/api/nothing").status, 404);
    // The push credentials never reach the log.
    EXPECT_EQ(log.str().find("c2hvcDpodW1sZQ=="), std::string::npos);
    service.stop();
    service.wait();
}

// Issue #14: a pushed order goes to the ERP while the same connection's catalogue pass is
// still writing (each lane has its own worker and plugin instances). Before the lanes,
// the order waited for the products pass: here 4 s.
TEST(Service, APushedOrderReachesTheErpWhileACataloguePassIsStillWriting) {
    FlowFixture f("lanes");
    f.put("erp", "products", {{{"article_number", "A1001"}, {"name", "Tröja"}, {"vat_rate_bp", 2500}}});
    auto config = f.config("erp", "", false, R"({"orders_as": "order"})",
                           R"(, "push_auth": "Basic c2hvcDpodW1sZQ==", "write_delay_ms_for": {"products": 4000})",
                           R"(, "schedule": {"orders": 3600, "status": 3600, "products": 3600, "pricelists": 3600,
                                             "prices": 3600, "stock": 3600})");
    test::configure_admin(config);
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    host::SyncRunner runner(config, logger);
    host::ServiceOptions options;
    options.port = 0;
    host::Service service(runner, logger, options);
    auto port = service.start();
    // The start-up passes of the order lane are done; the products pass sleeps in its write.
    ASSERT_TRUE(eventually([&] { return service.passes_run() >= 2; })) << log.str();
    ASSERT_TRUE(f.written("shop", "products").empty()) << log.str();

    auto ok = push(port, "/push/main/1", boost::json::serialize(boost::json::array{swedish_order("500001")}),
                   "Basic c2hvcDpodW1sZQ==");
    ASSERT_EQ(ok.status, 200);
    ASSERT_TRUE(eventually([&] { return f.written("erp", "orders").size() == 1; }, 120))
        << log.str();
    // The catalogue pass had not finished when the order was in the ERP.
    EXPECT_TRUE(f.written("shop", "products").empty());
    ASSERT_TRUE(eventually([&] { return f.written("shop", "products").size() == 1; })) << log.str();
    service.stop();
    service.wait();
}

TEST(Service, DeadLettersCanBeReplayedOverTheApi) {
    FlowFixture f("api-dead");
    f.put("shop", "orders", {swedish_order("600001", "GHOST")});
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    auto config = f.config("erp", R"(, "fail_skus": ["GHOST"])");
    test::configure_admin(config);
    host::SyncRunner runner(config, logger);
    host::ServiceOptions options;
    options.port = 0;
    host::Service service(runner, logger, options);
    auto port = service.start();
    ASSERT_TRUE(eventually([&] { return !runner.store().dead_letters().empty(); }));
    auto list = boost::json::parse(admin(port, "GET", "/api/deadletters").body);
    ASSERT_EQ(list.at("dead_letters").as_array().size(), 1u);
    auto id = list.at("dead_letters").as_array()[0].at("id").as_int64();
    auto shown = boost::json::parse(admin(port, "GET", "/api/deadletters/" + std::to_string(id)).body);
    EXPECT_EQ(shown.at("payload").at("record").at("order_id"), "600001");
    // Fix the record (another SKU) and replay it.
    auto fixed = shown.at("payload");
    fixed.at("record").at("lines").as_array()[0].as_object()["sku"] = "TSHIRT-BLUE-M";
    EXPECT_EQ(admin(port, "POST", "/api/deadletters/" + std::to_string(id) + "/retry", "{not json").status, 400);
    EXPECT_EQ(admin(port, "POST", "/api/deadletters/" + std::to_string(id) + "/retry", boost::json::serialize(fixed)).status, 202);
    ASSERT_TRUE(eventually([&] { return f.written("erp", "orders").size() == 1; })) << log.str();
    EXPECT_EQ(f.written("erp", "orders")[0].at("lines").as_array()[0].at("sku"), "TSHIRT-BLUE-M");
    service.stop();
    service.wait();
}

TEST(Service, SigtermStopsTheProcessCleanly) {
    FlowFixture f("sigterm");
    f.put("shop", "orders", {swedish_order("700001")});
    auto config = f.config("erp");
    int out[2];
    ASSERT_EQ(pipe(out), 0);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(out[1], STDOUT_FILENO);
        freopen("/dev/null", "w", stderr);
        execl(SKARV_BIN, SKARV_BIN, "run", "--config", config.c_str(), "--port", "0", static_cast<char*>(nullptr));
        _exit(127);
    }
    close(out[1]);
    std::string text;
    char buf[256];
    while (text.find("running") == std::string::npos) {
        auto n = read(out[0], buf, sizeof buf);
        if (n <= 0) break;
        text.append(buf, static_cast<size_t>(n));
    }
    ASSERT_NE(text.find("running; admin and push on http://127.0.0.1:"), std::string::npos) << text;
    ASSERT_TRUE(eventually([&] { return f.written("erp", "orders").size() == 1; }));
    kill(pid, SIGTERM);
    ssize_t n;
    while ((n = read(out[0], buf, sizeof buf)) > 0) text.append(buf, static_cast<size_t>(n));
    int status = 0;
    waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFEXITED(status)) << text;
    EXPECT_EQ(WEXITSTATUS(status), 0);
    EXPECT_NE(text.find("SIGTERM, stopping"), std::string::npos);
    EXPECT_NE(text.find("stopped cleanly"), std::string::npos);
}

TEST(Service, DropInPluginIsPickedUpOnReloadAndABrokenOneIsReported) {
    FlowFixture f("dropin");
    auto dropins = f.root / "dropins";
    std::filesystem::create_directories(dropins);
    f.put("shop", "orders", {swedish_order("910001")});
    auto config = f.config("erp", "", false, R"({"orders_as": "order"})");
    auto with_dropins = [&](const std::string& transforms) {
        std::ifstream in(config);
        std::stringstream s;
        s << in.rdbuf();
        auto text = s.str();
        text.replace(text.find(R"("plugin_dirs": [)"), 16, R"("plugin_dirs": [")" + dropins.string() + R"(", )");
        if (!transforms.empty()) text.replace(text.find(R"("options")"), 9, R"("transforms": )" + transforms + R"(, "options")");
        std::ofstream(config) << text;
    };
    with_dropins("");
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    host::SyncRunner runner(config, logger);
    host::ServiceOptions options;
    options.port = 0;
    host::Service service(runner, logger, options);
    service.start();
    ASSERT_TRUE(eventually([&] { return f.written("erp", "orders").size() == 1; }));
    EXPECT_FALSE(f.written("erp", "orders")[0].as_object().contains("note") &&
                 f.written("erp", "orders")[0].at("note") == "dropped in");

    // A transform the host was started without, plus a broken file, copied in; the config
    // now uses the transform. SIGHUP (request_reload) picks both up.
    std::filesystem::copy_file(std::string(SKARV_FLOW_TEST_PLUGIN_DIR) + "/test-transform.so", dropins / "note-setter.so");
    std::ofstream(dropins / "half-copied.so") << "not a library";
    with_dropins(R"([{"plugin": "test-transform", "hooks": ["order.before_write"], "note": "dropped in"}])");
    service.request_reload();
    ASSERT_TRUE(eventually([&] { return log.str().find("configuration and plugins reloaded") != std::string::npos; }))
        << log.str();
    EXPECT_NE(log.str().find("half-copied.so refused: not a loadable shared object"), std::string::npos);
    f.put("shop", "orders", {swedish_order("910001"), swedish_order("910002")});
    service.scheduler().trigger("main", std::string("orders"));
    ASSERT_TRUE(eventually([&] { return f.written("erp", "orders").size() == 2; })) << log.str();
    EXPECT_EQ(f.written("erp", "orders")[1].at("note"), "dropped in");

    // A reload with a config that cannot work keeps the running connections.
    with_dropins(R"([{"plugin": "no-such-transform", "hooks": ["order.before_write"]}])");
    service.request_reload();
    ASSERT_TRUE(eventually([&] { return log.str().find("still running the previous configuration") != std::string::npos; }));
    f.put("shop", "orders", {swedish_order("910001"), swedish_order("910002"), swedish_order("910003")});
    service.scheduler().trigger("main", std::string("orders"));
    ASSERT_TRUE(eventually([&] { return f.written("erp", "orders").size() == 3; })) << log.str();
    service.stop();
    service.wait();
}

TEST(Service, PayoutsAreListedOverTheApiWithTheirDifference) {
    FlowFixture f("api-payouts");
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    auto config = f.config("erp", "", false, R"({"orders_as": "order"})", "",
                           R"(, "schedule": {"orders": 3600, "status": 3600, "products": 3600, "pricelists": 3600,
                                             "prices": 3600, "stock": 3600})");
    test::configure_admin(config);
    host::SyncRunner runner(config, logger);
    host::PayoutRecord refused;
    refused.connection = "main";
    refused.provider = "klarna";
    refused.settlement_id = "K2";
    refused.state = "refused";
    refused.payout_date = "2024-03-06";
    refused.currency = "SEK";
    refused.payout = 74770;
    refused.difference = -70;
    refused.reason = "the provider states a payout of 747.00 SEK but its transactions add up to 747.70 SEK";
    refused.updated_at = 1;
    runner.store().put_payout(refused);
    host::ServiceOptions options;
    options.port = 0;
    host::Service service(runner, logger, options);
    auto port = service.start();
    EXPECT_EQ(test::send(port, {"GET", "/api/payouts", "", "", {}}).status, 401);
    auto reply = admin(port, "GET", "/api/payouts");
    ASSERT_EQ(reply.status, 200) << reply.body;
    auto list = boost::json::parse(reply.body).at("payouts").as_array();
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0].at("settlement_id"), "K2");
    EXPECT_EQ(list[0].at("state"), "refused");
    EXPECT_EQ(list[0].at("difference").at("minor"), -70);
    EXPECT_EQ(list[0].at("payout").at("minor"), 74770);
    EXPECT_EQ(admin(port, "GET", "/api/payouts?limit=abc").status, 400);
    // The dashboard page has the table the script fills from it.
    EXPECT_NE(test::send(port, {"GET", "/", "", "", {}}).body.find("<table id=\"payouts\">"), std::string::npos);
    service.stop();
    service.wait();
}
