// The dashboard's workers panel in a real browser: two workers on one PostgreSQL, each
// row a live worker with the merchants it holds, the one serving the page marked.
// Screenshot: <build>/browser-screenshots/workers-dashboard.png.
#include <gtest/gtest.h>

#include "../postgres/postgres_server.hpp"
#include "../service/service_http.hpp"
#include "../service/shared_workers.hpp"
#include "headless_chromium.hpp"

using namespace skarv;
namespace fs = std::filesystem;

TEST(Browser, DashboardShowsEachWorkerAndTheMerchantsItHolds) {
    auto chromium = test::HeadlessChromium::find();
    if (!chromium) GTEST_SKIP() << "no chromium on PATH (Debian package `chromium`): the workers panel was not checked";
    auto* server = test::PostgresServer::get();
    if (!server) GTEST_SKIP() << test::PostgresServer::unavailable_reason();
    const fs::path shots = SKARV_BROWSER_SCREENSHOT_DIR;
    fs::create_directories(shots);

    test::FlowFixture f("browser-workers");
    const auto config = test::shared_config(f, server->fresh_database_url());
    test::configure_admin(config);
    test::Worker a(config), b(config);
    ASSERT_TRUE(test::eventually([&] { return a.held() == 3 && b.held() == 3; }, 800)) << a.log.str() << b.log.str();

    test::HeadlessChromium browser(*chromium, f.root / "chromium-profile");
    browser.navigate("http://127.0.0.1:" + std::to_string(a.port) + "/");
    ASSERT_TRUE(browser.wait_for("!document.getElementById('signin').hidden"));
    browser.evaluate("document.getElementById('token').value = " +
                     boost::json::serialize(boost::json::value(test::test_admin_token().token)) +
                     "; document.getElementById('signin-button').click()");
    ASSERT_TRUE(browser.wait_for("document.querySelectorAll('#workers tbody tr').length === 2")) << a.log.str();
    browser.screenshot(shots / "workers-dashboard.png");

    auto text = [&](const std::string& expression) { return std::string(browser.evaluate(expression).as_string()); };
    EXPECT_FALSE(browser.evaluate("document.getElementById('workers-panel').hidden").as_bool());
    for (auto* w : {&a, &b}) {
        const auto row = "document.querySelector('#workers tr[data-worker=\"" + w->service.leases()->worker_id() + "\"]')";
        const auto held = text(row + ".cells[3].textContent");
        EXPECT_EQ(held.substr(0, 2), "3:") << held;
        for (const auto& c : w->service.leases()->held()) EXPECT_NE(held.find(c), std::string::npos) << c << " in " << held;
        EXPECT_EQ(text(row + ".cells[0].textContent").find("(this one)") != std::string::npos, w == &a);
    }
    EXPECT_NE(text("document.getElementById('workers-summary').textContent").find("2 live worker(s)"), std::string::npos);
}
