#include "jetshop_test_client.hpp"

using namespace jetshop_test;

namespace {

JetshopEmulator::Options short_lived() {
    JetshopEmulator::Options o;
    o.seed.orders = 2;
    o.token_ttl_s = 1;
    return o;
}

}  // namespace

TEST(SandboxJetshopToken, ClientCredentialsGiveABearerTokenThatOpensTheApis) {
    JetshopEmulator emu({});
    emu.start();
    const Reply t = request_token(emu.base_url(), "skarv", "skarv-secret");
    ASSERT_EQ(t.status, 200) << t.body;
    const auto body = t.json().as_object();
    EXPECT_EQ(body.at("token_type").as_string(), "Bearer");
    EXPECT_EQ(body.at("expires_in").as_int64(), 3600);
    const std::string token(body.at("access_token").as_string());
    EXPECT_EQ(std::count(token.begin(), token.end(), '.'), 2) << "JWT-shaped";

    const Reply q = call(emu.base_url(), "GET", query("/Orders/Orders?$top=1"), "", {{"Authorization", "Bearer " + token}});
    EXPECT_EQ(q.status, 200) << q.body;
}

TEST(SandboxJetshopToken, WrongSecretOrUnknownClientGets401) {
    JetshopEmulator emu({});
    emu.start();
    EXPECT_EQ(request_token(emu.base_url(), "skarv", "wrong").status, 401);
    EXPECT_EQ(request_token(emu.base_url(), "someone", "skarv-secret").status, 401);
    const Reply bad_grant = call(emu.base_url(), "POST", JetshopPaths::token,
                                 "grant_type=password&client_id=skarv&client_secret=skarv-secret", {},
                                 "application/x-www-form-urlencoded");
    EXPECT_EQ(bad_grant.status, 400);
    EXPECT_EQ(bad_grant.json().at("error").as_string(), "unsupported_grant_type");
}

TEST(SandboxJetshopToken, MissingOrUnknownTokenGets401OnEveryBusinessEndpoint) {
    JetshopEmulator emu({});
    emu.start();
    const std::string base = emu.base_url();
    EXPECT_EQ(call(base, "GET", query("/Orders/Orders")).status, 401);
    EXPECT_EQ(call(base, "POST", connect("/Product/ImportOnhands"), "[]").status, 401);
    EXPECT_EQ(call(base, "GET", connect("/api/Job/Get?id=1")).status, 401);
    EXPECT_EQ(call(base, "POST", connect("/Order/SendOrderStatus"), "{}").status, 401);
    Reply forged = call(base, "GET", query("/Orders/Orders"), "", {{"Authorization", "Bearer forged"}});
    EXPECT_EQ(forged.status, 401);
    EXPECT_NE(forged.headers["WWW-Authenticate"].find("invalid_token"), std::string::npos);
    // Control endpoints stay open so tests can look without a token.
    EXPECT_EQ(call(base, "GET", "/_control/state").status, 200);
}

TEST(SandboxJetshopToken, TokenExpiresAfterItsTtl) {
    JetshopEmulator emu(short_lived());
    emu.start();
    const Reply t = request_token(emu.base_url(), "skarv", "skarv-secret");
    ASSERT_EQ(t.status, 200);
    EXPECT_EQ(t.json().at("expires_in").as_int64(), 1);
    const std::map<std::string, std::string> auth{
        {"Authorization", "Bearer " + std::string(t.json().at("access_token").as_string())}};
    EXPECT_EQ(call(emu.base_url(), "GET", query("/Orders/Orders"), "", auth).status, 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(1200));
    const Reply expired = call(emu.base_url(), "GET", query("/Orders/Orders"), "", auth);
    EXPECT_EQ(expired.status, 401);
    EXPECT_NE(expired.body.find("expired"), std::string::npos) << expired.body;
    EXPECT_EQ(request_token(emu.base_url(), "skarv", "skarv-secret").status, 200) << "a new token is issued";
}

TEST(SandboxJetshopToken, DocumentedRateLimitWhenEnabled) {
    JetshopEmulator::Options o;
    o.token_rate_limit = true;
    JetshopEmulator emu(o);
    emu.start();
    int ok = 0, limited = 0;
    std::string retry_after;
    for (int i = 0; i < 22; ++i) {
        Reply r = request_token(emu.base_url(), "skarv", "skarv-secret");
        if (r.status == 200) ++ok;
        if (r.status == 429) {
            ++limited;
            retry_after = r.headers["Retry-After"];
        }
    }
    EXPECT_EQ(ok, 20) << "burst of 20";
    EXPECT_EQ(limited, 2);
    EXPECT_FALSE(retry_after.empty());
}
