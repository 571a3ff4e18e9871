// Point 6: one token per hour, renewed before expiry; a 401 renews once and retries
// once; 429 carries Retry-After to the host (also from the token endpoint's tight
// limit); 5xx, dropped connections and timeouts are retryable; a malformed answer is
// not, and names the record. No secret in any message or log line.
#include "plugin_fixture.hpp"

using namespace jetshop_test;

namespace {

struct JetshopPluginAuth : Fixture {
    CallResult read(PluginInstance& p) {
        return p.call(json::object{{"op", "orders.read"}, {"cursor", nullptr}, {"limit", 100}});
    }
    int64_t tokens_issued() { return state_of("tokens").at("issued").as_int64(); }
    int requests_to(const std::string& path) {
        int n = 0;
        for (const auto& e : emu->http().request_log())
            if (e.path == path) ++n;
        return n;
    }
    std::string open_order() {
        return emu->create_order(json::object{{"ApplicationId", 1}, {"Push", false}});
    }
    static constexpr const char* kOrders = "/commerce/query/2.0/Orders/Orders";
    static constexpr const char* kToken = "/identity/1.0/connect/token";
};

}  // namespace

TEST_F(JetshopPluginAuth, OneTokenServesManyCallsAndIsRenewedBeforeItExpires) {
    auto o = options();
    o.token_rate_limit = true;   // Norce's 3 a minute: asking per call would be refused
    emu->stop();
    start(o);
    auto plugin = instance();
    for (int i = 0; i < 25; ++i) ASSERT_TRUE(read(*plugin).ok()) << i;
    EXPECT_EQ(tokens_issued(), 1);
    // 3600 s tokens are renewed 60 s early: at 3541 s a new one is fetched first.
    clock->fetch_add(3'541'000);
    ASSERT_TRUE(read(*plugin).ok());
    EXPECT_EQ(tokens_issued(), 2);
    ASSERT_TRUE(read(*plugin).ok());
    EXPECT_EQ(tokens_issued(), 2);
}

TEST_F(JetshopPluginAuth, ATokenNorceNoLongerTakesIsRenewedOnceAndTheCallRetried) {
    auto o = options();
    o.token_ttl_s = 1;   // Norce expires it; the plugin's (frozen) clock does not know
    emu->stop();
    start(o);
    auto plugin = instance();
    ASSERT_TRUE(read(*plugin).ok());
    std::this_thread::sleep_for(std::chrono::milliseconds(1300));
    emu->http().clear_log();
    auto r = read(*plugin);
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_EQ(tokens_issued(), 2);
    EXPECT_EQ(requests_to(kOrders), 2);   // the 401, then the retry
}

TEST_F(JetshopPluginAuth, A401AfterRenewalIsAClearAuthError) {
    auto plugin = instance();
    FaultRule always401;
    always401.kind = FaultKind::server_error;
    always401.status = 401;
    always401.path = kOrders;
    emu->http().faults().add(always401);
    auto r = read(*plugin);
    EXPECT_EQ(r.status, SKARV_ERR_AUTH);
    EXPECT_NE(r.message().find("refused a freshly issued token"), std::string::npos) << r.message();
    EXPECT_EQ(requests_to(kOrders), 2);   // one renewal, one retry, no more
    EXPECT_EQ(tokens_issued(), 2);
}

TEST_F(JetshopPluginAuth, WrongClientSecretIsAnAuthErrorWithoutTheSecret) {
    auto cfg = config();
    cfg["client_secret"] = "hemligt-fel";
    auto plugin = instance(cfg);
    auto r = read(*plugin);
    EXPECT_EQ(r.status, SKARV_ERR_AUTH);
    EXPECT_NE(r.message().find("client 'skarv'"), std::string::npos) << r.message();
    EXPECT_EQ(r.message().find("hemligt-fel"), std::string::npos);
    EXPECT_EQ(all_logs().find("hemligt-fel"), std::string::npos);
}

TEST_F(JetshopPluginAuth, RateLimitsHandTheRetryAfterToTheHost) {
    auto plugin = instance();
    fault(FaultKind::rate_limit, kOrders, 1, 7);
    auto r = read(*plugin);
    EXPECT_EQ(r.status, SKARV_ERR_RETRYABLE) << json::serialize(r.document);
    ASSERT_TRUE(r.document.as_object().contains("retry_after_ms")) << json::serialize(r.document);
    EXPECT_EQ(r.document.at("retry_after_ms"), 7000);
    EXPECT_TRUE(read(*plugin).ok());

    // The token endpoint's own limit: a fresh instance meets it on its first call.
    fault(FaultKind::rate_limit, kToken, 1, 20);
    auto fresh = instance(config(), "other");
    auto t = read(*fresh);
    EXPECT_EQ(t.status, SKARV_ERR_RETRYABLE) << json::serialize(t.document);
    ASSERT_TRUE(t.document.as_object().contains("retry_after_ms")) << json::serialize(t.document);
    EXPECT_EQ(t.document.at("retry_after_ms"), 20000);
    EXPECT_TRUE(read(*fresh).ok());
}

TEST_F(JetshopPluginAuth, TheTokenEndpointsRealLimitIsMetByInstancesNotByCalls) {
    auto o = options();
    o.token_rate_limit = true;
    emu->stop();
    start(o);
    // Twenty instances (each with its own cache) use up the burst; the 21st waits.
    std::vector<std::unique_ptr<PluginInstance>> many;
    for (int i = 0; i < 20; ++i) {
        many.push_back(instance(config(), "shop" + std::to_string(i)));
        ASSERT_TRUE(read(*many.back()).ok()) << i;
    }
    auto last = instance(config(), "shop-last");
    auto r = read(*last);
    EXPECT_EQ(r.status, SKARV_ERR_RETRYABLE);
    ASSERT_TRUE(r.document.as_object().contains("retry_after_ms")) << json::serialize(r.document);
    EXPECT_GT(r.document.at("retry_after_ms").as_int64(), 0);
    // The others go on with their cached tokens.
    for (auto& p : many) EXPECT_TRUE(read(*p).ok());
}

TEST_F(JetshopPluginAuth, ServerErrorsDroppedConnectionsAndTimeoutsAreRetryable) {
    auto cfg = config();
    cfg["timeouts"] = json::object{{"request_ms", 300}, {"job_wait_ms", 5000}, {"job_poll_ms", 20}};
    auto plugin = instance(cfg);
    ASSERT_TRUE(read(*plugin).ok());
    fault(FaultKind::server_error, kOrders);
    auto e500 = read(*plugin);
    EXPECT_EQ(e500.status, SKARV_ERR_RETRYABLE);
    EXPECT_EQ(e500.document.at("code"), "http_500");
    // Twice: the SDK's client sends a GET dropped on a kept-alive connection once more
    // on a new one (a server closing an idle connection looks the same), so only a
    // second drop reaches the plugin.
    fault(FaultKind::drop, kOrders, 2);
    auto dropped = read(*plugin);
    EXPECT_EQ(dropped.status, SKARV_ERR_RETRYABLE) << dropped.message();
    fault(FaultKind::latency, kOrders, 1, 1, 1500);
    auto slow = read(*plugin);
    EXPECT_EQ(slow.status, SKARV_ERR_RETRYABLE) << slow.message();
    EXPECT_EQ(slow.document.at("code"), "timeout");
    // A 5xx on a catalogue import fails the batch retryably; nothing is half-recorded.
    fault(FaultKind::server_error, "/commerce/connect/4.0/Product/ImportOnhands", 1);
    auto stock = plugin->call(json::object{{"op", "stock.write"},
                                           {"records", json::array{json::object{{"sku", "A1001-1"}, {"warehouse", "LAGER1"},
                                                                                {"on_hand", 3}}}}});
    EXPECT_EQ(stock.status, SKARV_ERR_RETRYABLE);
    auto stock_again = plugin->call(json::object{{"op", "stock.write"},
                                                 {"records", json::array{json::object{{"sku", "A1001-1"}, {"warehouse", "LAGER1"},
                                                                                      {"on_hand", 3}}}}});
    ASSERT_TRUE(stock_again.ok()) << stock_again.message();
    EXPECT_EQ(stock_again.document.at("results").at(0).at("outcome"), "created");
    EXPECT_TRUE(read(*plugin).ok());
}

TEST_F(JetshopPluginAuth, MalformedAnswersAreNotRetryableAndNameTheRecord) {
    const auto ref = open_order();
    auto plugin = instance();
    fault(FaultKind::malformed, "/commerce/connect/4.0/Order/CreateDeliveryNote");
    auto r = plugin->call(json::object{{"op", "status.write"},
                                       {"records", json::array{json::object{{"order_id", ref}, {"status", "delivered"},
                                                                            {"tracking_number", "T1"}}}}});
    ASSERT_TRUE(r.ok()) << r.message();
    const auto& res = results_of(r).at(0);
    EXPECT_EQ(res.at("outcome"), "failed");
    EXPECT_EQ(res.at("error").at("retryable"), false);
    EXPECT_NE(std::string(res.at("error").at("message").as_string()).find("order " + ref), std::string::npos)
        << res.at("error").at("message");

    fault(FaultKind::malformed, kOrders);
    auto page = read(*plugin);
    EXPECT_EQ(page.status, SKARV_ERR_INVALID);
    EXPECT_FALSE(page.retryable());
    EXPECT_NE(page.message().find("orders page 1"), std::string::npos) << page.message();
}

TEST_F(JetshopPluginAuth, NoSecretOrTokenInAnyLogLine) {
    auto plugin = instance();
    ASSERT_TRUE(read(*plugin).ok());
    clock->fetch_add(4'000'000'000);
    ASSERT_TRUE(read(*plugin).ok());
    const auto logs = all_logs();
    EXPECT_FALSE(logs.empty());
    for (const char* secret : {"skarv-secret", "push-pw", "Bearer", "eyJ"}) EXPECT_EQ(logs.find(secret), std::string::npos) << secret;
}

TEST_F(JetshopPluginAuth, ABadConfigIsRefusedWithThePathOfTheSetting) {
    auto cfg = config();
    cfg["applications"] = json::array{};
    try {
        instance(cfg);
        FAIL() << "accepted an empty application list";
    } catch (const skarv::host::PluginCreateError& e) {
        EXPECT_NE(std::string(e.what()).find("config.applications"), std::string::npos) << e.what();
    }
    auto bad_status = config();
    bad_status["status_map"] = json::object{{"shipped", "Delivered"}};
    EXPECT_THROW(instance(bad_status), skarv::host::PluginCreateError);
}
