// The admin API as an attacker and an operator meet it: no token, no entry; a page on
// another site can neither forge a state-changing request (text/plain, a form, a
// missing anti-forgery token) nor reach the API under its own host name; the dashboard's
// session cookie is HttpOnly and SameSite=Strict. What is asserted is the dead letter in
// the store: still open, with its payload unchanged, after every refused attempt.
#include <gtest/gtest.h>

#include <cstdio>
#include <memory>

#include "../flow/flow_fixture.hpp"
#include "service_http.hpp"
#include "skarv/host/service/service.hpp"

using namespace skarv;
using test::Request;
using test::send;

namespace {

// A running service with one dead letter (order 600001, its line's SKU unknown to the ERP).
struct DeadLetterService {
    test::FlowFixture f;
    std::string config;
    std::ostringstream log;
    host::Logger logger{log, SKARV_LOG_INFO};
    std::unique_ptr<host::SyncRunner> runner;
    std::unique_ptr<host::Service> service;
    uint16_t port = 0;
    int64_t id = 0;
    std::string payload;   // the dead letter's payload as stored

    explicit DeadLetterService(const std::string& name, const boost::json::object& admin_extra = {}) : f(name) {
        f.put("shop", "orders", {test::swedish_order("600001", "GHOST")});
        config = f.config("erp", R"(, "fail_skus": ["GHOST"])");
        test::configure_admin(config, {}, admin_extra);
        runner = std::make_unique<host::SyncRunner>(config, logger);
        host::ServiceOptions options;
        options.port = 0;
        service = std::make_unique<host::Service>(*runner, logger, options);
        port = service->start();
        EXPECT_TRUE(test::eventually([&] { return !runner->store().dead_letters().empty(); })) << log.str();
        auto letter = runner->store().dead_letters().at(0);
        id = letter.id;
        payload = letter.payload;
    }
    ~DeadLetterService() {
        service->stop();
        service->wait();
    }
    std::string retry_path() const { return "/api/deadletters/" + std::to_string(id) + "/retry"; }
    // Still open, with the payload it failed with.
    bool unchanged() const {
        auto open = runner->store().dead_letters();
        return open.size() == 1 && open[0].id == id && open[0].payload == payload;
    }
    // A forged correction like the issue's (10 of an article at another price): a SKU the
    // ERP knows and quantity 10, so the ERP would book it if the forgery got through.
    std::string forged_payload() const {
        auto doc = boost::json::parse(payload);
        auto& line = doc.at("record").at("lines").as_array()[0].as_object();
        line["sku"] = "TSHIRT-BLUE-M";
        line["quantity"] = 10;
        return boost::json::serialize(doc);
    }
    // Signs in like the dashboard; returns {cookie header value, anti-forgery token}.
    std::pair<std::string, std::string> sign_in() {
        auto r = send(port, {"POST", "/login", boost::json::serialize(boost::json::object{{"token", test::test_admin_token().token}}),
                             "application/json", {}});
        EXPECT_EQ(r.status, 200) << r.body;
        auto cookie = r.headers["Set-Cookie"];
        return {cookie.substr(0, cookie.find(';')), std::string(boost::json::parse(r.body).at("csrf").as_string())};
    }
};

}  // namespace

TEST(AdminApi, EveryRouteButHealthAndTheDashboardNeedsAToken) {
    DeadLetterService s("admin-token");
    for (const char* path : {"/api/deadletters", "/api/reports", "/api/connections", "/metrics", "/api/session"}) {
        EXPECT_EQ(send(s.port, {"GET", path}).status, 401) << path;
        EXPECT_EQ(send(s.port, {"GET", path, "", "", {{"Authorization", "Bearer skarv_0000"}}}).status, 401) << path;
        EXPECT_EQ(test::admin(s.port, "GET", path).status, 200) << path;
    }
    EXPECT_EQ(send(s.port, {"POST", s.retry_path(), s.forged_payload(), "application/json", {}}).status, 401);
    EXPECT_EQ(send(s.port, {"POST", s.retry_path(), s.forged_payload(), "application/json",
                            {{"Authorization", "Basic YWRtaW46YWRtaW4="}}}).status, 401);
    EXPECT_TRUE(s.unchanged());
    EXPECT_EQ(send(s.port, {"GET", "/health"}).status, 200);
    EXPECT_EQ(send(s.port, {"GET", "/"}).status, 200);
    // Neither the token nor its hash reaches the log.
    EXPECT_EQ(s.log.str().find(test::test_admin_token().token), std::string::npos);
}

TEST(AdminApi, AnotherHostNameIsRefusedEvenWithAToken) {
    // DNS rebinding: the attacker's name resolves to 127.0.0.1, the browser sends it as Host.
    DeadLetterService s("admin-host", {{"hosts", boost::json::array{"skarv.example.com"}}});
    auto with_host = [&](const std::string& host) {
        return send(s.port, {"POST", s.retry_path(), s.forged_payload(), "application/json",
                             {{"Authorization", test::bearer()}, {"Host", host}}});
    };
    EXPECT_EQ(with_host("rebind.attacker.example:" + std::to_string(s.port)).status, 421);
    EXPECT_EQ(with_host("localhost.attacker.example").status, 421);
    EXPECT_EQ(send(s.port, {"GET", "/", "", "", {{"Host", "rebind.attacker.example"}}}).status, 421);
    EXPECT_TRUE(s.unchanged());
    for (const char* ours : {"localhost", "127.0.0.1", "skarv.example.com"})
        EXPECT_EQ(send(s.port, {"GET", "/api/connections", "", "", {{"Authorization", test::bearer()}, {"Host", ours}}}).status, 200)
            << ours;
}

TEST(AdminApi, ForgedCrossSiteRequestsAreRefusedAndTheDeadLetterStaysUnchanged) {
    DeadLetterService s("admin-forgery");
    auto [cookie, csrf] = s.sign_in();
    // What a page on another site can send without asking: a form (urlencoded or
    // text/plain, shaped so the body parses as JSON), or a text/plain fetch. The browser
    // would attach the session cookie (127.0.0.1 on another port is the same site).
    std::string as_text_plain_form = s.forged_payload().substr(0, s.forged_payload().size() - 1) + ",\"x\":\"=\"}";
    EXPECT_EQ(send(s.port, {"POST", s.retry_path(), as_text_plain_form, "text/plain", {{"Cookie", cookie}}}).status, 415);
    EXPECT_EQ(send(s.port, {"POST", s.retry_path(), "payload=x", "application/x-www-form-urlencoded", {{"Cookie", cookie}}}).status, 415);
    EXPECT_EQ(send(s.port, {"POST", s.retry_path(), s.forged_payload(), "multipart/form-data; boundary=x", {{"Cookie", cookie}}}).status, 415);
    // A JSON body (possible only after a CORS preflight, which is never granted) still
    // lacks the session's anti-forgery token.
    EXPECT_EQ(send(s.port, {"POST", s.retry_path(), s.forged_payload(), "application/json", {{"Cookie", cookie}}}).status, 403);
    EXPECT_EQ(send(s.port, {"POST", s.retry_path(), s.forged_payload(), "application/json",
                            {{"Cookie", cookie}, {"X-Skarv-CSRF", std::string(64, '0')}}}).status, 403);
    // The right token from a foreign origin.
    EXPECT_EQ(send(s.port, {"POST", s.retry_path(), s.forged_payload(), "application/json",
                            {{"Cookie", cookie}, {"X-Skarv-CSRF", csrf}, {"Origin", "http://attacker.example"}}}).status, 403);
    EXPECT_EQ(send(s.port, {"POST", s.retry_path(), s.forged_payload(), "application/json",
                            {{"Cookie", cookie}, {"X-Skarv-CSRF", csrf}, {"Origin", "null"}}}).status, 403);
    EXPECT_TRUE(s.unchanged()) << s.log.str();
    EXPECT_TRUE(s.f.written("erp", "orders").empty());
}

TEST(AdminApi, DashboardSessionIsAnHttpOnlyStrictCookieAndRetriesWithItsToken) {
    DeadLetterService s("admin-session");
    auto refused = send(s.port, {"POST", "/login", R"({"token": "skarv_guess"})", "application/json", {}});
    EXPECT_EQ(refused.status, 401);
    EXPECT_EQ(refused.headers.count("Set-Cookie"), 0u);
    auto login = send(s.port, {"POST", "/login", boost::json::serialize(boost::json::object{{"token", test::test_admin_token().token}}),
                               "application/json", {}});
    ASSERT_EQ(login.status, 200);
    const auto& set_cookie = login.headers["Set-Cookie"];
    EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos) << set_cookie;
    EXPECT_NE(set_cookie.find("SameSite=Strict"), std::string::npos) << set_cookie;
    auto cookie = set_cookie.substr(0, set_cookie.find(';'));
    auto csrf = std::string(boost::json::parse(login.body).at("csrf").as_string());
    // The token signs in but is never the cookie: the cookie is a fresh random id.
    EXPECT_EQ(cookie.find(test::test_admin_token().token), std::string::npos);
    auto session = send(s.port, {"GET", "/api/session", "", "", {{"Cookie", cookie}}});
    EXPECT_EQ(std::string(boost::json::parse(session.body).at("csrf").as_string()), csrf);

    // The ERP learns the article, then the operator replays the letter from the dashboard.
    {
        std::ifstream in(s.config);
        std::stringstream t;
        t << in.rdbuf();
        auto text = t.str();
        text.replace(text.find(R"(["GHOST"])"), 9, "[]");
        in.close();
        std::ofstream(s.config) << text;
    }
    s.service->request_reload();
    ASSERT_TRUE(test::eventually([&] { return s.log.str().find("configuration and plugins reloaded") != std::string::npos; }));
    auto retried = send(s.port, {"POST", s.retry_path(), "", "application/json", {{"Cookie", cookie}, {"X-Skarv-CSRF", csrf}}});
    EXPECT_EQ(retried.status, 202) << retried.body;
    ASSERT_TRUE(test::eventually([&] { return s.f.written("erp", "orders").size() == 1; })) << s.log.str();
    EXPECT_EQ(s.f.written("erp", "orders")[0].at("order_id"), "600001");
    EXPECT_TRUE(s.runner->store().dead_letters().empty());

    // Signed out: the cookie opens nothing any more.
    EXPECT_EQ(send(s.port, {"POST", "/logout", "", "application/json", {{"Cookie", cookie}, {"X-Skarv-CSRF", csrf}}}).status, 200);
    EXPECT_EQ(send(s.port, {"GET", "/api/deadletters", "", "", {{"Cookie", cookie}}}).status, 401);
}

TEST(AdminApi, TokenFromTheCliWorksThroughATokensFileAndEndsWhenRemovedOnReload) {
    // `skarv token new` prints the token first, then the tokens-file line with its hash.
    std::unique_ptr<FILE, decltype(&pclose)> cli(popen(SKARV_BIN " token new --name ops", "r"), pclose);
    ASSERT_TRUE(cli);
    std::string out;
    char buf[512];
    while (auto n = fread(buf, 1, sizeof buf, cli.get())) out.append(buf, n);
    std::istringstream lines(out);
    std::string token, line, file_line;
    std::getline(lines, token);
    while (std::getline(lines, line))
        if (!line.empty() && line[0] != '#') file_line = line;
    ASSERT_EQ(token.rfind("skarv_", 0), 0u) << out;
    ASSERT_EQ(file_line.substr(65), "ops") << out;
    EXPECT_EQ(out.find(token, token.size()), std::string::npos) << "the token is printed once";

    test::FlowFixture f("admin-tokens-file");
    auto config = f.config("erp");
    auto tokens_file = f.root / "admin-tokens";
    std::ofstream(tokens_file) << "# admin tokens\n" << file_line << "\n";
    test::add_config_blocks(config, {{"admin", {{"tokens_file", tokens_file.string()}}}});
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    host::SyncRunner runner(config, logger);
    host::ServiceOptions options;
    options.port = 0;
    host::Service service(runner, logger, options);
    auto port = service.start();
    auto with = [&](const std::string& t) {
        return send(port, {"GET", "/api/connections", "", "", {{"Authorization", "Bearer " + t}}}).status;
    };
    EXPECT_EQ(with(token), 200);
    EXPECT_EQ(with(token + "x"), 401);
    auto login = send(port, {"POST", "/login", "{\"token\": \"" + token + "\"}", "application/json", {}});
    ASSERT_EQ(login.status, 200);
    auto cookie = login.headers["Set-Cookie"].substr(0, login.headers["Set-Cookie"].find(';'));

    std::ofstream(tokens_file) << "# revoked\n";
    service.request_reload();
    ASSERT_TRUE(test::eventually([&] { return log.str().find("configuration and plugins reloaded") != std::string::npos; }));
    EXPECT_EQ(with(token), 401);
    EXPECT_EQ(send(port, {"GET", "/api/connections", "", "", {{"Cookie", cookie}}}).status, 401);
    service.stop();
    service.wait();
}
