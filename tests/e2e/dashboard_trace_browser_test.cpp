// The dashboard in headless Chromium against a running service (scheduler, admin API,
// Norce's push) with the Norce and Specter emulators: Specter starts without articles,
// so the pushed order becomes a dead letter; the operator finds it by the customer's
// e-mail, reads its journey, its articles are made in Specter, the operator retries it on
// the dashboard, and Specter then holds that order with the shop's total, under the ERP
// number its journey shows. Screenshots: <build>/browser-screenshots/e2e-*.png.
#include <gtest/gtest.h>

#include "../browser/headless_chromium.hpp"
#include "../service/service_http.hpp"
#include "e2e_fixture.hpp"

using namespace skarv::e2e;
namespace test = skarv::test;

namespace {
std::string js(const std::string& s) { return json::serialize(json::value(s)); }
std::string text_of(test::HeadlessChromium& browser, const std::string& selector) {
    auto v = browser.evaluate("(document.querySelector(" + js(selector) + ") || {textContent: ''}).textContent");
    return v.is_string() ? std::string(v.get_string()) : "";
}
void search(test::HeadlessChromium& browser, const std::string& query) {
    browser.evaluate("document.getElementById('trace').hidden = true; document.getElementById('found').textContent = '';"
                     "document.getElementById('trace-title').textContent = ''; document.querySelector('#trace tbody').textContent = '';"
                     "document.getElementById('q').value = " + js(query) + "; document.getElementById('search-button').click()");
}
}  // namespace

TEST(E2eDashboard, FindADeadOrderByEmailRetryItAndSpecterHoldsIt) {
    auto chromium = test::HeadlessChromium::find();
    if (!chromium)
        GTEST_SKIP() << "no chromium on PATH (Debian package `chromium`, installed by scripts/install-deps.sh; or set "
                        "SKARV_CHROMIUM): the dashboard was not tested in a browser against the emulators";
    const fs::path shots = SKARV_BROWSER_SCREENSHOT_DIR;
    const auto dir = fresh_dir("dashboard-trace");
    PushGate gate;
    const auto seed = small_seed();
    auto shop = start_norce(seed, gate.url("butik", 1));
    auto erp = start_specter(seed, /*with_catalogue=*/false);
    const auto released = released_orders(*shop);
    ASSERT_GE(released.size(), 1u);

    json::object admin{{"admin", {{"tokens", json::array{{{"name", "test"}, {"sha256", test::test_admin_token().sha256_hex}}}}}}};
    Host host(dir, json::array{connection("butik", "erp", norce_block(*shop), specter_block(*erp))}, gate, admin);
    const auto port = host.serve();
    ASSERT_TRUE(pushes_accepted(*shop));
    ASSERT_TRUE(test::eventually([&] { return !host.store().dead_letters().empty(); }, 800)) << "no dead letter";
    const auto letter = host.store().dead_letters()[0];
    const auto record = json::parse(letter.payload).at("record");
    const std::string order_id(record.at("order_id").as_string());
    const auto* email = record.at("customer").as_object().if_contains("email");
    ASSERT_TRUE(email && email->is_string() && !email->get_string().empty()) << letter.payload;

    const auto origin = "http://127.0.0.1:" + std::to_string(port);
    test::HeadlessChromium browser(*chromium, dir / "chromium-profile");
    browser.navigate(origin + "/");
    ASSERT_TRUE(browser.wait_for("!document.getElementById('signin').hidden"));
    browser.evaluate("document.getElementById('token').value = " + js(test::test_admin_token().token) +
                     "; document.getElementById('signin-button').click()");
    ASSERT_TRUE(browser.wait_for("!document.getElementById('main').hidden"));

    // By the customer's e-mail as Norce has it: the order, its journey ending in the dead letter.
    search(browser, std::string(email->get_string()));
    ASSERT_TRUE(browser.wait_for("document.querySelector('#trace tbody tr.step-dead_letter')")) << text_of(browser, "#found");
    EXPECT_EQ(text_of(browser, "#trace-title"), "order " + order_id);
    const auto dead = text_of(browser, "#trace tbody");
    // Pushed by Norce or read by the service's first orders pass, whichever came first.
    EXPECT_NE(dead.find(" shop#1 (channel 1); queued"), std::string::npos) << dead;
    EXPECT_NE(dead.find("dead letter #" + std::to_string(letter.id)), std::string::npos) << dead;
    browser.screenshot(shots / "e2e-1-dead-order-by-email.png");

    // A Specter user makes the articles; the operator retries on the dashboard.
    for (const auto& line : record.at("lines").as_array())
        post_control(erp->base_url(), "/_specter/control/article",
                     {{"articleNo", line.at("sku")}, {"name", line.at("sku")}, {"priceExVat", 10000}, {"vatPercent", 25}});
    auto button = "document.querySelector('[data-retry=\"" + std::to_string(letter.id) + "\"]')";
    ASSERT_TRUE(browser.wait_for(button));
    browser.evaluate(button + ".click()");
    ASSERT_TRUE(browser.wait_for("document.getElementById('status').textContent.includes('queued again')"))
        << text_of(browser, "#status");
    ASSERT_TRUE(test::eventually([&] { return host.store().mapping("butik", "orders", order_id).has_value(); }, 800))
        << "the retried order never reached Specter";
    // Only the retried order: the others stay dead letters until someone retries them.
    ASSERT_TRUE(released.count(order_id)) << order_id;
    EXPECT_TRUE(specter_holds_exactly(*erp, {{order_id, released.at(order_id)}}));
    const auto erp_number = host.store().mapping("butik", "orders", order_id)->target_id;

    // By the ERP's number now: the same order, its journey ending in Specter.
    search(browser, erp_number);
    ASSERT_TRUE(browser.wait_for("document.querySelector('#trace tbody tr.step-written')")) << text_of(browser, "#found");
    const auto done = text_of(browser, "#trace tbody");
    EXPECT_NE(done.find("queued again"), std::string::npos) << done;
    EXPECT_NE(done.find("as ERP order " + erp_number), std::string::npos) << done;
    browser.screenshot(shots / "e2e-2-retried-order-by-erp-number.png");
}
