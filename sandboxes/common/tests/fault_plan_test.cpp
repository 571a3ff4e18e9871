#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "skarv/sandbox/fault_plan.hpp"

using namespace skarv::sandbox;

TEST(SandboxCommonFaultFlag, ParsesServerError) {
    auto r = parse_fault_flag("500:/Job/Get");
    EXPECT_EQ(r.kind, FaultKind::server_error);
    EXPECT_EQ(r.status, 500);
    EXPECT_EQ(r.path, "/Job/Get");
    EXPECT_EQ(r.method, "*");
    EXPECT_EQ(r.times, -1);
    auto r503 = parse_fault_flag("503:/x");
    EXPECT_EQ(r503.kind, FaultKind::server_error);
    EXPECT_EQ(r503.status, 503);
}

TEST(SandboxCommonFaultFlag, ParsesRateLimitWithRetryAfter) {
    auto r = parse_fault_flag("429:*:2");
    EXPECT_EQ(r.kind, FaultKind::rate_limit);
    EXPECT_EQ(r.status, 429);
    EXPECT_EQ(r.path, "*");
    EXPECT_EQ(r.retry_after_s, 2);
}

TEST(SandboxCommonFaultFlag, ParsesLatencyDropMalformedAndSuffixes) {
    auto l = parse_fault_flag("latency:/x:300");
    EXPECT_EQ(l.kind, FaultKind::latency);
    EXPECT_EQ(l.latency_ms, 300);
    auto d = parse_fault_flag("drop:/x:times=3");
    EXPECT_EQ(d.kind, FaultKind::drop);
    EXPECT_EQ(d.path, "/x");
    EXPECT_EQ(d.times, 3);
    auto m = parse_fault_flag("malformed:/orders*:skip=1:method=POST");
    EXPECT_EQ(m.kind, FaultKind::malformed);
    EXPECT_EQ(m.path, "/orders*");
    EXPECT_EQ(m.skip, 1);
    EXPECT_EQ(m.method, "POST");
    auto a = parse_fault_flag("drop:/orders:after");
    EXPECT_TRUE(a.after_handler);
    auto all = parse_fault_flag("drop");
    EXPECT_EQ(all.path, "*");
}

TEST(SandboxCommonFaultFlag, RejectsNonsenseNamingIt) {
    for (const char* bad : {"", "boom:/x", "latency:/x:abc", "500:/x:times=0", "500:/x:colour=red",
                            "drop:/x:12", "99:/x", "500:nopath"}) {
        try {
            parse_fault_flag(bad);
            ADD_FAILURE() << "accepted '" << bad << "'";
        } catch (const std::invalid_argument& e) {
            EXPECT_NE(std::string(e.what()).find("fault"), std::string::npos) << e.what();
        }
    }
}

TEST(SandboxCommonFaultRuleJson, RoundTrips) {
    FaultRule r;
    r.kind = FaultKind::rate_limit;
    r.path = "/api/*";
    r.method = "POST";
    r.status = 429;
    r.retry_after_s = 7;
    r.times = 2;
    r.skip = 1;
    r.after_handler = true;
    FaultRule back = fault_rule_from_json(to_json(r));
    EXPECT_EQ(back.kind, r.kind);
    EXPECT_EQ(back.path, r.path);
    EXPECT_EQ(back.method, r.method);
    EXPECT_EQ(back.retry_after_s, 7);
    EXPECT_EQ(back.times, 2);
    EXPECT_EQ(back.skip, 1);
    EXPECT_TRUE(back.after_handler);
}

TEST(SandboxCommonFaultRuleJson, NamesTheBadField) {
    auto expect_msg = [](const char* json, const char* field) {
        try {
            fault_rule_from_json(boost::json::parse(json));
            ADD_FAILURE() << "accepted " << json;
        } catch (const std::invalid_argument& e) {
            EXPECT_NE(std::string(e.what()).find(field), std::string::npos) << e.what();
        }
    };
    expect_msg(R"({"path":"/x"})", "kind");
    expect_msg(R"({"kind":"explode"})", "explode");
    expect_msg(R"({"kind":"latency","latency_ms":"slow"})", "latency_ms");
    expect_msg(R"({"kind":"drop","times":0})", "times");
    expect_msg(R"({"kind":"drop","tims":3})", "tims");
    expect_msg(R"({"kind":"server_error","status":1000})", "status");
    expect_msg(R"([1,2])", "object");
}

TEST(SandboxCommonFaultPlan, TimesAndSkipAreHonoured) {
    FaultPlan plan;
    FaultRule r;
    r.kind = FaultKind::server_error;
    r.path = "/a";
    r.times = 2;
    r.skip = 1;
    plan.add(r);
    EXPECT_FALSE(plan.take("GET", "/a"));   // skipped
    EXPECT_FALSE(plan.take("GET", "/b"));   // other path
    EXPECT_TRUE(plan.take("GET", "/a"));
    EXPECT_TRUE(plan.take("POST", "/a"));
    EXPECT_FALSE(plan.take("GET", "/a"));   // used up
    EXPECT_TRUE(plan.rules().empty());
}

TEST(SandboxCommonFaultPlan, MatchesPrefixMethodAndOrder) {
    FaultPlan plan;
    FaultRule a;
    a.kind = FaultKind::drop;
    a.path = "/orders/*";
    a.method = "post";
    plan.add(a);
    FaultRule b;
    b.kind = FaultKind::latency;
    b.latency_ms = 5;
    plan.add(b);
    auto hit = plan.take("POST", "/orders/17");
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->kind, FaultKind::drop);
    hit = plan.take("GET", "/orders/17");
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->kind, FaultKind::latency);
    EXPECT_EQ(plan.rules().size(), 2u);   // unlimited rules stay
    plan.clear();
    EXPECT_FALSE(plan.take("POST", "/orders/17"));
}
