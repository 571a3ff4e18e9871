// Point 5: faults on the wire are classified (5xx, timeouts, dropped connections and
// cut answers retryable; 429 with its Retry-After), and no secret or key ever appears
// in an error.
#include "plugin_fixture.hpp"

using namespace specter_plugin_test;
using skarv::sandbox::FaultKind;
using skarv::sandbox::FaultRule;

namespace {

FaultRule fault(FaultKind kind, int times = 1) {
    FaultRule f;
    f.kind = kind;
    f.path = "*";
    f.times = times;
    return f;
}

}  // namespace

using SpecterPluginFaults = SpecterPluginFixture;

TEST_F(SpecterPluginFaults, ServerErrorIsRetryableAndNothingIsCreated) {
    emu.http().faults().add(fault(FaultKind::server_error));
    auto o = order("100101", {{stock_articles()[0], 1, 10000}});
    auto r = write_orders({o});
    EXPECT_EQ(r.status, SKARV_ERR_RETRYABLE) << r.message();
    EXPECT_NE(r.message().find("HTTP 500"), std::string::npos) << r.message();
    EXPECT_NE(r.message().find("order 100101"), std::string::npos) << r.message();
    expect_no_secrets(r.message());
    EXPECT_TRUE(emu.orders().empty());
    // The fault is gone: the retry goes through, once.
    ASSERT_TRUE(write_orders({o}).ok());
    EXPECT_EQ(emu.orders().size(), 1u);
}

TEST_F(SpecterPluginFaults, RateLimitCarriesRetryAfter) {
    auto f = fault(FaultKind::rate_limit);
    f.status = 429;   // the C++ rule does not imply it (the JSON and flag forms do)
    f.retry_after_s = 7;
    emu.http().faults().add(f);
    auto r = call({{"op", "status.read"}, {"cursor", nullptr}});
    EXPECT_EQ(r.status, SKARV_ERR_RETRYABLE) << r.message();
    ASSERT_TRUE(r.document.as_object().contains("retry_after_ms")) << all_text(r);
    EXPECT_EQ(r.document.at("retry_after_ms"), 7000);
    expect_no_secrets(r.message());
}

TEST_F(SpecterPluginFaults, MalformedAnswerIsRetryable) {
    emu.http().faults().add(fault(FaultKind::malformed));
    auto r = call({{"op", "status.read"}, {"cursor", nullptr}});
    EXPECT_EQ(r.status, SKARV_ERR_RETRYABLE) << r.message();
    EXPECT_EQ(r.document.at("code"), "malformed_answer");
    EXPECT_NE(r.message().find("getOrdersExternalNeedUpdate"), std::string::npos) << r.message();
    expect_no_secrets(r.message());
}

TEST_F(SpecterPluginFaults, DroppedConnectionIsRetryable) {
    emu.http().faults().add(fault(FaultKind::drop));
    auto r = call({{"op", "status.read"}, {"cursor", nullptr}});
    EXPECT_EQ(r.status, SKARV_ERR_RETRYABLE) << r.message();
    expect_no_secrets(r.message());
}

TEST_F(SpecterPluginFaults, TimeoutIsRetryable) {
    auto f = fault(FaultKind::latency);
    f.latency_ms = 1500;
    emu.http().faults().add(f);
    auto cfg = config();
    cfg["timeout_ms"] = 300;
    auto impatient = make(cfg, "impatient");
    auto r = impatient->call({{"op", "status.read"}, {"cursor", nullptr}});
    EXPECT_EQ(r.status, SKARV_ERR_RETRYABLE) << r.message();
    expect_no_secrets(r.message());
}

TEST_F(SpecterPluginFaults, UnknownAccountIsAnAuthError) {
    auto cfg = config();
    cfg["sbm_id"] = "9999";
    auto other = make(cfg, "other-account");
    auto r = other->call({{"op", "orders.write"}, {"records", {order("100105", {{stock_articles()[0], 1, 10000}})}}});
    EXPECT_EQ(r.status, SKARV_ERR_AUTH) << r.message();
    EXPECT_NE(r.message().find("order 100105"), std::string::npos) << r.message();
    expect_no_secrets(r.message());
}

TEST_F(SpecterPluginFaults, LogLinesCarryNoSecrets) {
    emu.http().faults().add(fault(FaultKind::server_error, 1));
    write_orders({order("100106", {{stock_articles()[0], 1, 10000}})});
    ASSERT_TRUE(write_orders({order("100107", {{stock_articles()[0], 1, 10000}})}).ok());
    call({{"op", "status.read"}, {"cursor", nullptr}});
    for (const auto& line : log_lines) expect_no_secrets(line);
}
