// The attack from issue #13, in a real browser: signed in to the dashboard, the operator
// opens a page of another origin (a second local server, another port) that forges the
// dead-letter retry with a rewritten payload, as a text/plain form, a urlencoded form, a
// text/plain fetch and a JSON fetch. The dead letter must come out unchanged. Then the
// operator retries it on the real dashboard and the ERP gets the order. Screenshots go to
// <build>/browser-screenshots/.
#include <gtest/gtest.h>

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>

#include "../flow/flow_fixture.hpp"
#include "../service/service_http.hpp"
#include "headless_chromium.hpp"
#include "skarv/host/service/service.hpp"

using namespace skarv;
namespace fs = std::filesystem;

namespace {

// Serves one page at every path: the attacker's.
class AttackerSite {
public:
    explicit AttackerSite(std::string page) {
        class Handler : public Poco::Net::HTTPRequestHandler {
        public:
            explicit Handler(const std::string& page) : page_(page) {}
            void handleRequest(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse& res) override {
                res.setContentType("text/html; charset=utf-8");
                res.setContentLength(static_cast<std::streamsize>(page_.size()));
                res.send() << page_;
            }

        private:
            const std::string& page_;
        };
        class Factory : public Poco::Net::HTTPRequestHandlerFactory {
        public:
            explicit Factory(const std::string& page) : page_(page) {}
            Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
                return new Handler(page_);
            }

        private:
            const std::string& page_;
        };
        page_ = std::move(page);
        Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
        port_ = socket.address().port();
        server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(page_), socket, new Poco::Net::HTTPServerParams);
        server_->start();
    }
    ~AttackerSite() { server_->stopAll(true); }
    uint16_t port() const { return port_; }

private:
    std::string page_;
    uint16_t port_ = 0;
    std::unique_ptr<Poco::Net::HTTPServer> server_;
};

std::string html_attribute(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            default: out += c;
        }
    }
    return out;
}

// The attacker's page: four ways to POST the forged correction to the service.
std::string attack_page(const std::string& target, const std::string& forged) {
    // text/plain forms send "name=value": split the JSON so that the '=' lands in a string.
    auto name = forged.substr(0, forged.size() - 1) + R"(,"x":")";
    auto js_forged = boost::json::serialize(boost::json::value(forged));   // a JS string literal
    return R"(<!doctype html><html><head><meta charset="utf-8"><title>Cheap shoes</title></head><body>
<h1>Totally unrelated shop</h1><p id="log"></p>
<iframe name="sink1" width="500" height="80"></iframe><iframe name="sink2" width="500" height="80"></iframe>
<form id="plain" method="POST" enctype="text/plain" target="sink1" action=")" + target + R"(">
<input type="hidden" name=")" + html_attribute(name) + R"(" value='"}'></form>
<form id="urlencoded" method="POST" target="sink2" action=")" + target + R"("><input type="hidden" name="payload" value=")" +
           html_attribute(forged) + R"("></form>
<script>
const log = t => document.getElementById('log').textContent += t + ' ';
window.attempts = [];
document.getElementById('plain').submit();
document.getElementById('urlencoded').submit();
const forged = )" + js_forged + R"(;
window.attempts.push(fetch(')" + target + R"(', {method: 'POST', mode: 'no-cors', credentials: 'include',
  headers: {'Content-Type': 'text/plain'}, body: forged}).then(() => log('text/plain fetch sent'), e => log('text/plain fetch: ' + e)));
window.attempts.push(fetch(')" + target + R"(', {method: 'POST', credentials: 'include',
  headers: {'Content-Type': 'application/json'}, body: forged}).then(r => log('json fetch answered ' + r.status), e => log('json fetch blocked')));
window.done = Promise.allSettled(window.attempts).then(() => new Promise(r => setTimeout(r, 500))).then(() => true);
</script></body></html>)";
}

}  // namespace

TEST(Browser, ForgedCrossOriginRetriesFailAndTheSignedInDashboardRetries) {
    auto chromium = test::HeadlessChromium::find();
    if (!chromium)
        GTEST_SKIP() << "no chromium on PATH (Debian package `chromium`, installed by scripts/install-deps.sh; or set "
                        "SKARV_CHROMIUM): the browser test of the admin API's cross-site defences did not run";
    const fs::path shots = SKARV_BROWSER_SCREENSHOT_DIR;

    test::FlowFixture f("browser");
    f.put("shop", "orders", {test::swedish_order("600001", "GHOST")});
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
    const auto origin = "http://127.0.0.1:" + std::to_string(port);

    test::HeadlessChromium browser(*chromium, f.root / "chromium-profile");
    // Sign in on the real dashboard, so the browser holds the session cookie during the attack.
    browser.navigate(origin + "/");
    ASSERT_TRUE(browser.wait_for("!document.getElementById('signin').hidden"));
    browser.evaluate("document.getElementById('token').value = " +
                     boost::json::serialize(boost::json::value(test::test_admin_token().token)) +
                     "; document.getElementById('signin-button').click()");
    ASSERT_TRUE(browser.wait_for("document.querySelector('[data-retry=\"" + std::to_string(letter.id) + "\"]')")) << log.str();
    browser.screenshot(shots / "1-dashboard-signed-in.png");

    // The attacker's page, another origin (the port differs; the cookie's site is the same).
    auto forged = boost::json::parse(letter.payload);
    auto& line = forged.at("record").at("lines").as_array()[0].as_object();
    line["sku"] = "TSHIRT-BLUE-M";   // an article the ERP knows: a forgery that got through would be booked
    line["quantity"] = 10;
    AttackerSite attacker(attack_page(origin + "/api/deadletters/" + std::to_string(letter.id) + "/retry", boost::json::serialize(forged)));
    browser.navigate("http://127.0.0.1:" + std::to_string(attacker.port()) + "/");
    ASSERT_TRUE(browser.wait_for("window.done", 20));
    std::this_thread::sleep_for(std::chrono::milliseconds(500));   // the forms' answers into their frames
    browser.screenshot(shots / "2-forgery-page.png");
    auto page_log = browser.evaluate("document.getElementById('log').textContent");
    EXPECT_NE(boost::json::serialize(page_log).find("json fetch blocked"), std::string::npos) << page_log;

    auto open = runner.store().dead_letters();
    ASSERT_EQ(open.size(), 1u) << "the forged retry replayed the dead letter";
    EXPECT_EQ(open[0].payload, letter.payload) << "the forged retry rewrote the payload";
    EXPECT_TRUE(f.written("erp", "orders").empty());

    // The ERP learns the article; the operator retries from the dashboard.
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
    browser.navigate(origin + "/");
    auto button = "document.querySelector('[data-retry=\"" + std::to_string(letter.id) + "\"]')";
    ASSERT_TRUE(browser.wait_for(button));
    browser.evaluate(button + ".click()");
    ASSERT_TRUE(browser.wait_for("document.getElementById('status').textContent.includes('queued again')"))
        << boost::json::serialize(browser.evaluate("document.getElementById('status').textContent"));
    ASSERT_TRUE(test::eventually([&] { return f.written("erp", "orders").size() == 1; })) << log.str();
    EXPECT_EQ(f.written("erp", "orders")[0].at("order_id"), "600001");
    EXPECT_EQ(f.written("erp", "orders")[0].at("lines").as_array()[0].at("quantity"), 2);   // the real order, not the forgery
    browser.evaluate("load()");
    browser.wait_for("!document.querySelector('[data-retry]')");
    browser.screenshot(shots / "3-dashboard-retried.png");
    service.stop();
    service.wait();
}
