// The dashboard's operations view in a real browser: each connection's health with its
// reason, the hourly charts the page draws as SVG, usage, and when each transfer ran and
// how long it took. Screenshot: <build>/browser-screenshots/operations-dashboard.png.
#include <gtest/gtest.h>

#include "../flow/flow_fixture.hpp"
#include "../service/service_http.hpp"
#include "headless_chromium.hpp"
#include "skarv/host/service/service.hpp"

using namespace skarv;
namespace fs = std::filesystem;

TEST(Browser, DashboardShowsHealthTrendsUsageAndWhenEachTransferRan) {
    auto chromium = test::HeadlessChromium::find();
    if (!chromium)
        GTEST_SKIP() << "no chromium on PATH (Debian package `chromium`, installed by scripts/install-deps.sh; or set "
                        "SKARV_CHROMIUM): the dashboard's operations view was not checked in a browser";
    const fs::path shots = SKARV_BROWSER_SCREENSHOT_DIR;
    fs::create_directories(shots);

    test::FlowFixture f("browser-operations");
    f.put("shop", "orders", {test::swedish_order("610001"), test::swedish_order("610002", "GHOST")});
    auto config = f.config("erp", R"(, "fail_skus": ["GHOST"])");
    test::configure_admin(config);
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    host::SyncRunner runner(config, logger);
    host::ServiceOptions options;
    options.port = 0;
    host::Service service(runner, logger, options);
    auto port = service.start();
    ASSERT_TRUE(test::eventually([&] { return !runner.store().dead_letters().empty(); })) << log.str();
    ASSERT_TRUE(test::eventually([&] { return !runner.store().usage("").empty(); })) << log.str();

    test::HeadlessChromium browser(*chromium, f.root / "chromium-profile");
    browser.navigate("http://127.0.0.1:" + std::to_string(port) + "/");
    ASSERT_TRUE(browser.wait_for("!document.getElementById('signin').hidden"));
    browser.evaluate("document.getElementById('token').value = " +
                     boost::json::serialize(boost::json::value(test::test_admin_token().token)) +
                     "; document.getElementById('signin-button').click()");
    ASSERT_TRUE(browser.wait_for("document.querySelector('#usage tbody tr')")) << log.str();
    browser.screenshot(shots / "operations-dashboard.png");

    auto text = [&](const std::string& expression) { return std::string(browser.evaluate(expression).as_string()); };
    // Health: one row per scheduled entity, the order row with its state and reason.
    auto orders_row = "document.querySelector('#health-table tr[data-connection=\"main\"][data-entity=\"orders\"]')";
    EXPECT_EQ(text(std::string(orders_row) + ".querySelector('.state').textContent"), "ok");
    EXPECT_NE(text(std::string(orders_row) + ".cells[3].textContent").find("schedule every 60 s"), std::string::npos);
    EXPECT_EQ(text(std::string(orders_row) + ".cells[6].textContent"), "1");   // the GHOST order's dead letter
    // Trends: 72 or 73 hourly bars (the current hour included); this hour has one order.
    auto bars = browser.evaluate("document.querySelectorAll('#trend-orders rect').length").to_number<int>();
    EXPECT_GE(bars, 72);
    EXPECT_LE(bars, 73);
    EXPECT_EQ(text("document.querySelector('#trend-orders rect:last-of-type title').textContent.split(': ')[1]"), "1");
    EXPECT_NE(text("document.querySelector('#trend-orders rect:last-of-type').getAttribute('height')"), "0");
    EXPECT_EQ(text("document.querySelector('#trend-failures rect:last-of-type title').textContent.split(': ')[1]"), "1");
    // Usage: this month's orders.
    EXPECT_EQ(text("document.querySelector('#usage tbody tr').cells[2].textContent"), "1");
    EXPECT_NE(text("document.querySelector('#usage tbody tr').cells[0].textContent").find("(so far)"), std::string::npos);
    // Transfers: when each ran and how long it took.
    EXPECT_NE(text("document.querySelector('#reports tbody tr').cells[1].textContent"), "");
    EXPECT_NE(text("document.querySelector('#reports tbody tr').cells[2].textContent").find(" ms"), std::string::npos);
    // A refresh redraws tables and charts only: what the operator is typing stays.
    browser.evaluate("const i = document.createElement('input'); i.id = 'typing'; i.value = 'order 6100';"
                     "document.getElementById('main').prepend(i); i.focus(); true");
    browser.evaluate("load().then(() => true)");
    EXPECT_EQ(text("document.getElementById('typing').value"), "order 6100");
    EXPECT_EQ(text("document.activeElement.id"), "typing");
    service.stop();
}
