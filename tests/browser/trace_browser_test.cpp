// The operator's "where is my order?" in a real browser: signed in to the dashboard of a
// running service, search an order by the customer's e-mail, read its journey, see that
// a hostile query is shown as text, retry a dead letter and find it in the ERP and in
// the order's journey. Screenshots go to <build>/browser-screenshots/.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "../flow/flow_fixture.hpp"
#include "../service/service_http.hpp"
#include "headless_chromium.hpp"
#include "skarv/host/service/service.hpp"

using namespace skarv;
namespace fs = std::filesystem;

namespace {
std::string js(const std::string& s) { return boost::json::serialize(boost::json::value(s)); }

void search(test::HeadlessChromium& browser, const std::string& query) {
    browser.evaluate("document.getElementById('trace').hidden = true; document.getElementById('found').textContent = '';"
                     "document.getElementById('trace-title').textContent = ''; document.querySelector('#trace tbody').textContent = '';"
                     "document.getElementById('q').value = " + js(query) + "; document.getElementById('search-button').click()");
}
std::string text_of(test::HeadlessChromium& browser, const std::string& selector) {
    auto v = browser.evaluate("document.querySelector(" + js(selector) + ").textContent");
    return v.is_string() ? std::string(v.get_string()) : "";
}
}  // namespace

TEST(Browser, SearchAnOrderReadItsJourneyAndRetryADeadLetter) {
    auto chromium = test::HeadlessChromium::find();
    if (!chromium)
        GTEST_SKIP() << "no chromium on PATH (Debian package `chromium`, installed by scripts/install-deps.sh; or set "
                        "SKARV_CHROMIUM): the dashboard's search and trace were not tested in a browser";
    const fs::path shots = SKARV_BROWSER_SCREENSHOT_DIR;

    test::FlowFixture f("browser-trace");
    auto good = test::swedish_order("610001");
    good.at("customer").as_object()["email"] = "asa.oberg@exempel.se";
    f.put("shop", "orders", {good, test::swedish_order("610002", "GHOST")});
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
    const auto letter = runner.store().dead_letters()[0];
    const auto erp_number = runner.store().mapping("main", "orders", "610001")->target_id;
    const auto origin = "http://127.0.0.1:" + std::to_string(port);

    test::HeadlessChromium browser(*chromium, f.root / "chromium-profile");
    browser.navigate(origin + "/");
    ASSERT_TRUE(browser.wait_for("!document.getElementById('signin').hidden"));
    browser.evaluate("document.getElementById('token').value = " + js(test::test_admin_token().token) +
                     "; document.getElementById('signin-button').click()");
    ASSERT_TRUE(browser.wait_for("!document.getElementById('main').hidden")) << log.str();

    // By the customer's e-mail, typed in capitals: the one order, its journey at once.
    search(browser, "ASA.OBERG@exempel.se");
    ASSERT_TRUE(browser.wait_for("document.querySelector('#trace tbody tr.step-written')"))
        << text_of(browser, "#found") << text_of(browser, "#trace");
    browser.screenshot(shots / "trace-1-order-by-email.png");
    EXPECT_EQ(text_of(browser, "#trace-title"), "order 610001");
    EXPECT_NE(text_of(browser, "#found").find("(by email)"), std::string::npos) << text_of(browser, "#found");
    const auto journey = text_of(browser, "#trace tbody");
    EXPECT_NE(journey.find("read from shop#1 (channel 1); queued"), std::string::npos) << journey;
    EXPECT_NE(journey.find("created in the ERP (invoice) as ERP order " + erp_number), std::string::npos) << journey;
    EXPECT_LT(journey.find("read from shop#1"), journey.find("created in the ERP")) << "oldest first: " << journey;

    // A hostile query is shown as text: no element made of it.
    search(browser, "<img src=x onerror=window.pwned=1><script>window.pwned=1</script>");
    ASSERT_TRUE(browser.wait_for("document.getElementById('found').textContent.includes('Nothing is known by')"));
    EXPECT_NE(text_of(browser, "#found").find("<img src=x onerror"), std::string::npos);
    EXPECT_EQ(browser.evaluate("document.querySelectorAll('#found img, #found script').length + (window.pwned ? 1 : 0)"), 0);
    // An unknown order: said so.
    search(browser, "999999");
    ASSERT_TRUE(browser.wait_for("document.getElementById('found').textContent.includes('Nothing is known by 999999')"));
    browser.screenshot(shots / "trace-2-nothing-found.png");

    // The failed order's journey ends in its dead letter; the ERP learns the article and
    // the operator retries it from the dashboard.
    {
        std::ifstream in(config);
        std::stringstream t;
        t << in.rdbuf();
        auto text = t.str();
        text.replace(text.find(R"(["GHOST"])"), 9, "[]");
        std::ofstream(config) << text;
    }
    service.request_reload();
    ASSERT_TRUE(test::eventually([&] { return log.str().find("configuration and plugins reloaded") != std::string::npos; }));
    browser.evaluate("load()");
    auto button = "document.querySelector('[data-retry=\"" + std::to_string(letter.id) + "\"]')";
    ASSERT_TRUE(browser.wait_for(button));
    browser.evaluate(button + ".click()");
    ASSERT_TRUE(browser.wait_for("document.getElementById('status').textContent.includes('queued again')"))
        << text_of(browser, "#status");
    ASSERT_TRUE(test::eventually([&] { return f.written("erp", "orders").size() == 2; })) << log.str();
    EXPECT_EQ(f.written("erp", "orders")[1].at("order_id"), "610002");
    ASSERT_TRUE(test::eventually([&] { return runner.store().mapping("main", "orders", "610002").has_value(); }));
    EXPECT_TRUE(runner.store().dead_letters().empty());

    search(browser, "610002");
    ASSERT_TRUE(browser.wait_for("document.getElementById('trace-title').textContent === 'order 610002' && "
                                 "document.querySelector('#trace tbody tr.step-written')"))
        << text_of(browser, "#trace");
    const auto retried = text_of(browser, "#trace tbody");
    EXPECT_NE(retried.find("dead letter #" + std::to_string(letter.id) + " after 1 attempt(s)"), std::string::npos) << retried;
    EXPECT_NE(retried.find("dead letter #" + std::to_string(letter.id) + " queued again"), std::string::npos) << retried;
    EXPECT_NE(retried.find("as ERP order " + runner.store().mapping("main", "orders", "610002")->target_id), std::string::npos)
        << retried;
    browser.screenshot(shots / "trace-3-retried-order.png");
    service.stop();
    service.wait();
}
