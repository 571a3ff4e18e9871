#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <Poco/Exception.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <boost/json.hpp>

#include "skarv/sandbox/http_emulator.hpp"

using namespace skarv::sandbox;
namespace json = boost::json;

namespace {

struct Response {
    int status = 0;
    std::string body;
    std::string retry_after;
    std::string content_type;
};

Response call(uint16_t port, const std::string& method, const std::string& path, const std::string& body = "") {
    Poco::Net::HTTPClientSession session("127.0.0.1", port);
    session.setTimeout(Poco::Timespan(10, 0));
    Poco::Net::HTTPRequest req(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    if (!body.empty() || method == "POST" || method == "PUT") {
        req.setContentType("application/json");
        req.setContentLength(static_cast<std::streamsize>(body.size()));
    }
    session.sendRequest(req) << body;
    Poco::Net::HTTPResponse resp;
    std::istream& in = session.receiveResponse(resp);
    Response r;
    r.status = static_cast<int>(resp.getStatus());
    Poco::StreamCopier::copyToString(in, r.body);
    r.retry_after = resp.get("Retry-After", "");
    r.content_type = resp.getContentType();
    return r;
}

// An emulator with a couple of routes and a counter, started on a free port.
class SandboxCommonHttp : public ::testing::Test {
protected:
    void SetUp() override {
        emu.route("GET", "/items", [this](const HttpRequest& req) {
            ++calls;
            json::object o;
            o["items"] = json::array{"a", "b", "c"};
            o["page"] = req.param("page", "1");
            o["token"] = req.header("x-token", "none");
            return HttpReply::json(o);
        });
        emu.route("POST", "/items", [this](const HttpRequest& req) {
            ++calls;
            ++created;
            json::object o;
            o["echo"] = req.body;
            return HttpReply::json(o, 201);
        });
        emu.route_prefix("GET", "/items/", [](const HttpRequest& req) {
            return HttpReply::text("item " + req.path.substr(7));
        });
        emu.route("POST", "/_control/orders", [this](const HttpRequest&) {
            ++created;
            return HttpReply::json(json::object{{"created", true}}, 201);
        });
        emu.route("GET", "/boom", [](const HttpRequest&) -> HttpReply { throw std::runtime_error("kaboom"); });
        emu.set_state_reporter([this] {
            json::object o;
            o["created"] = created.load();
            return json::value(o);
        });
        port = emu.start(0);
        ASSERT_NE(port, 0);
    }
    void TearDown() override { emu.stop(); }

    void add_fault(const std::string& rule_json) {
        auto r = call(port, "POST", "/_control/faults", rule_json);
        ASSERT_EQ(r.status, 201) << r.body;
    }

    HttpEmulator emu{"test"};
    uint16_t port = 0;
    std::atomic<int> calls{0};
    std::atomic<int> created{0};
};

}  // namespace

TEST_F(SandboxCommonHttp, RoutesQueryHeadersAndBody) {
    EXPECT_EQ(emu.base_url(), "http://127.0.0.1:" + std::to_string(port));
    EXPECT_EQ(emu.port(), port);
    EXPECT_EQ(emu.name(), "test");

    Poco::Net::HTTPClientSession session("127.0.0.1", port);
    Poco::Net::HTTPRequest req("GET", "/items?page=3&x=%C3%A5", Poco::Net::HTTPMessage::HTTP_1_1);
    req.set("X-Token", "abc");
    session.sendRequest(req);
    Poco::Net::HTTPResponse resp;
    std::string body;
    Poco::StreamCopier::copyToString(session.receiveResponse(resp), body);
    EXPECT_EQ(resp.getStatus(), Poco::Net::HTTPResponse::HTTP_OK);
    auto v = json::parse(body).as_object();
    EXPECT_EQ(v["page"].as_string(), "3");
    EXPECT_EQ(v["token"].as_string(), "abc");

    auto post = call(port, "POST", "/items", R"({"name":"Tröja"})");
    EXPECT_EQ(post.status, 201);
    EXPECT_EQ(json::parse(post.body).at("echo").as_string(), R"({"name":"Tröja"})");

    auto pre = call(port, "GET", "/items/42");
    EXPECT_EQ(pre.status, 200);
    EXPECT_EQ(pre.body, "item 42");
    EXPECT_NE(pre.content_type.find("text/plain"), std::string::npos);
}

TEST_F(SandboxCommonHttp, UnknownRouteWrongMethodAndThrowingHandler) {
    auto r404 = call(port, "GET", "/nope");
    EXPECT_EQ(r404.status, 404);
    EXPECT_NE(r404.body.find("/nope"), std::string::npos);
    auto r405 = call(port, "DELETE", "/items");
    EXPECT_EQ(r405.status, 405);
    auto r500 = call(port, "GET", "/boom");
    EXPECT_EQ(r500.status, 500);
    EXPECT_NE(r500.body.find("kaboom"), std::string::npos);
}

TEST_F(SandboxCommonHttp, ServerErrorFaultWithTimes) {
    add_fault(R"({"kind":"server_error","path":"/items","method":"GET","status":503,"times":2})");
    EXPECT_EQ(call(port, "GET", "/items").status, 503);
    EXPECT_EQ(call(port, "GET", "/items").status, 503);
    EXPECT_EQ(call(port, "GET", "/items").status, 200);
    EXPECT_EQ(calls.load(), 1);   // the handler never ran for the faulted calls
}

TEST_F(SandboxCommonHttp, RateLimitFaultSendsRetryAfter) {
    add_fault(R"({"kind":"rate_limit","path":"*","retry_after_s":3,"times":1})");
    auto r = call(port, "GET", "/items");
    EXPECT_EQ(r.status, 429);
    EXPECT_EQ(r.retry_after, "3");
    EXPECT_EQ(call(port, "GET", "/items").status, 200);
}

TEST_F(SandboxCommonHttp, DropFaultClosesConnectionWithoutAnswer) {
    add_fault(R"({"kind":"drop","path":"/items","times":1})");
    EXPECT_THROW(call(port, "GET", "/items"), Poco::Exception);
    EXPECT_EQ(calls.load(), 0);
    EXPECT_EQ(call(port, "GET", "/items").status, 200);
}

TEST_F(SandboxCommonHttp, DropAfterHandlerKeepsTheEffect) {
    emu.faults().add(parse_fault_flag("drop:/items:method=POST:after:times=1"));
    EXPECT_THROW(call(port, "POST", "/items", "{}"), Poco::Exception);
    EXPECT_EQ(created.load(), 1);   // created, but the answer was lost
    auto state = json::parse(call(port, "GET", "/_control/state").body);
    EXPECT_EQ(state.at("created").as_int64(), 1);
}

TEST_F(SandboxCommonHttp, MalformedFaultTruncatesBody) {
    auto good = call(port, "GET", "/items");
    ASSERT_EQ(good.status, 200);
    EXPECT_NO_THROW(json::parse(good.body));
    add_fault(R"({"kind":"malformed","path":"/items","times":1})");
    auto bad = call(port, "GET", "/items");
    EXPECT_EQ(bad.status, 200);
    EXPECT_EQ(bad.body.size(), good.body.size() / 2);
    boost::system::error_code ec;
    json::parse(bad.body, ec);
    EXPECT_TRUE(ec) << "truncated body parsed: " << bad.body;
}

TEST_F(SandboxCommonHttp, LatencyFaultDelaysThenAnswers) {
    add_fault(R"({"kind":"latency","path":"/items","latency_ms":300,"times":1})");
    auto t0 = std::chrono::steady_clock::now();
    auto r = call(port, "GET", "/items");
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_EQ(r.status, 200);
    EXPECT_GE(ms, 280);
    EXPECT_LT(ms, 5000);
    t0 = std::chrono::steady_clock::now();
    call(port, "GET", "/items");
    ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_LT(ms, 250);
}

TEST_F(SandboxCommonHttp, LatencyAfterHandlerCreatesAtOnceAndAnswersLate) {
    emu.faults().add(parse_fault_flag("latency:/items:2000:method=POST:after:times=1"));
    auto t0 = std::chrono::steady_clock::now();
    std::thread client([&] { EXPECT_EQ(call(port, "POST", "/items", "{}").status, 201); });
    // The create is visible well before the answer arrives.
    while (created.load() == 0 && std::chrono::steady_clock::now() - t0 < std::chrono::seconds(5))
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    auto created_after = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
    client.join();
    auto answered_after = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_EQ(created.load(), 1);
    EXPECT_LT(created_after, 1500);
    EXPECT_GE(answered_after, 1950);
}

TEST_F(SandboxCommonHttp, ServesRequestsConcurrently) {
    add_fault(R"({"kind":"latency","path":"/items","latency_ms":400})");
    std::atomic<int> ok{0};
    auto t0 = std::chrono::steady_clock::now();
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i) {
        threads.emplace_back([&] {
            if (call(port, "GET", "/items").status == 200) ++ok;
        });
    }
    for (auto& t : threads) t.join();
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_EQ(ok.load(), 8);
    EXPECT_LT(ms, 2000);   // one at a time would take 3.2 s
    EXPECT_EQ(emu.request_log().size(), 8u);
}

TEST_F(SandboxCommonHttp, SkipLetsRequestsThroughFirst) {
    add_fault(R"({"kind":"server_error","path":"/items","skip":2,"times":1})");
    EXPECT_EQ(call(port, "GET", "/items").status, 200);
    EXPECT_EQ(call(port, "GET", "/items").status, 200);
    EXPECT_EQ(call(port, "GET", "/items").status, 500);
    EXPECT_EQ(call(port, "GET", "/items").status, 200);
}

TEST_F(SandboxCommonHttp, ControlEndpointsAreNeverFaulted) {
    add_fault(R"({"kind":"server_error","path":"*"})");
    EXPECT_EQ(call(port, "GET", "/items").status, 500);
    EXPECT_EQ(call(port, "GET", "/_control/state").status, 200);
    auto rules = call(port, "GET", "/_control/faults");
    ASSERT_EQ(rules.status, 200);
    auto arr = json::parse(rules.body).as_array();
    ASSERT_EQ(arr.size(), 1u);
    EXPECT_EQ(arr[0].at("kind").as_string(), "server_error");
    auto del = call(port, "DELETE", "/_control/faults");
    EXPECT_EQ(del.status, 200);
    EXPECT_EQ(json::parse(del.body).at("cleared").as_int64(), 1);
    EXPECT_TRUE(json::parse(call(port, "GET", "/_control/faults").body).as_array().empty());
    EXPECT_EQ(call(port, "GET", "/items").status, 200);
}

TEST_F(SandboxCommonHttp, EmulatorControlRoutesAreReachableAndNeverFaulted) {
    add_fault(R"({"kind":"drop","path":"*"})");
    auto r = call(port, "POST", "/_control/orders", "{}");
    EXPECT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(created.load(), 1);
    EXPECT_EQ(call(port, "GET", "/_control/orders").status, 405);
    auto missing = call(port, "GET", "/_control/nothing");
    EXPECT_EQ(missing.status, 404);
    EXPECT_NE(missing.body.find("/_control/nothing"), std::string::npos);
    EXPECT_TRUE(emu.request_log().empty());
}

TEST_F(SandboxCommonHttp, PostFaultsAcceptsAnArray) {
    auto r = call(port, "POST", "/_control/faults",
                  R"([{"kind":"drop","path":"/a"},{"kind":"latency","path":"/b","latency_ms":1}])");
    EXPECT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(emu.faults().rules().size(), 2u);
}

TEST_F(SandboxCommonHttp, BadFaultJsonGets400NamingTheProblem) {
    auto syntax = call(port, "POST", "/_control/faults", R"({"kind":"drop",)");
    EXPECT_EQ(syntax.status, 400);
    EXPECT_NE(syntax.body.find("malformed JSON"), std::string::npos) << syntax.body;

    auto field = call(port, "POST", "/_control/faults", R"({"kind":"latency","latency_ms":"soon"})");
    EXPECT_EQ(field.status, 400);
    EXPECT_NE(field.body.find("latency_ms"), std::string::npos) << field.body;

    auto kind = call(port, "POST", "/_control/faults", R"({"kind":"meteor"})");
    EXPECT_EQ(kind.status, 400);
    EXPECT_NE(kind.body.find("meteor"), std::string::npos) << kind.body;
    EXPECT_TRUE(emu.faults().rules().empty());
}

TEST_F(SandboxCommonHttp, StateEndpointUsesReporter) {
    call(port, "POST", "/items", "{}");
    auto r = call(port, "GET", "/_control/state");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(json::parse(r.body).at("created").as_int64(), 1);
    EXPECT_EQ(call(port, "POST", "/_control/state", "{}").status, 405);
    EXPECT_EQ(call(port, "GET", "/_control/nothing").status, 404);
}

TEST_F(SandboxCommonHttp, LogRecordsEveryReplyIncludingFaults) {
    emu.faults().add(parse_fault_flag("429:/items:1:times=1"));
    emu.faults().add(parse_fault_flag("drop:/items/9:times=1"));
    call(port, "GET", "/items");
    call(port, "GET", "/items?page=2");
    call(port, "GET", "/nope");
    EXPECT_THROW(call(port, "GET", "/items/9"), Poco::Exception);
    auto r = call(port, "GET", "/_control/log");
    ASSERT_EQ(r.status, 200);
    auto log = json::parse(r.body).as_array();
    ASSERT_EQ(log.size(), 4u) << r.body;   // control calls are not logged
    EXPECT_EQ(log[0].at("status").as_int64(), 429);
    EXPECT_EQ(log[0].at("fault").as_string(), "rate_limit");
    EXPECT_EQ(log[1].at("status").as_int64(), 200);
    EXPECT_EQ(log[1].at("query").as_string(), "page=2");
    EXPECT_TRUE(log[1].at("fault").is_null());
    EXPECT_EQ(log[2].at("status").as_int64(), 404);
    EXPECT_EQ(log[3].at("status").as_int64(), 0);
    EXPECT_EQ(log[3].at("fault").as_string(), "drop");
    EXPECT_EQ(log[3].at("path").as_string(), "/items/9");

    EXPECT_EQ(emu.request_log().size(), 4u);
    EXPECT_EQ(call(port, "DELETE", "/_control/log").status, 200);
    EXPECT_TRUE(emu.request_log().empty());
}

TEST_F(SandboxCommonHttp, LogIsBounded) {
    emu.set_log_capacity(3);
    for (int i = 0; i < 5; ++i) call(port, "GET", "/items");
    auto log = emu.request_log();
    ASSERT_EQ(log.size(), 3u);
    EXPECT_EQ(log.front().seq, 3u);
    EXPECT_EQ(log.back().seq, 5u);
}

TEST(SandboxCommonHttpLifecycle, StopsCleanlyAndTwoEmulatorsCoexist) {
    HttpEmulator a("a"), b("b");
    a.route("GET", "/", [](const HttpRequest&) { return HttpReply::text("a"); });
    b.route("GET", "/", [](const HttpRequest&) { return HttpReply::text("b"); });
    auto pa = a.start();
    auto pb = b.start();
    EXPECT_NE(pa, pb);
    EXPECT_EQ(call(pa, "GET", "/").body, "a");
    EXPECT_EQ(call(pb, "GET", "/").body, "b");
    EXPECT_THROW(a.start(), std::logic_error);
    HttpEmulator c("c");
    EXPECT_ANY_THROW(c.start(pb));   // busy port: no SO_REUSEPORT sharing
    a.stop();
    a.stop();   // idempotent
    EXPECT_THROW(call(pa, "GET", "/"), Poco::Exception);
    EXPECT_EQ(call(pb, "GET", "/").body, "b");
}

TEST(SandboxCommonHttpLifecycle, StopWakesSleepingLatencyFault) {
    HttpEmulator e("slow");
    e.route("GET", "/", [](const HttpRequest&) { return HttpReply::text("ok"); });
    auto port = e.start();
    e.faults().add(parse_fault_flag("latency:*:20000"));
    std::thread t([port] {
        try {
            call(port, "GET", "/");
        } catch (...) {
        }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    auto t0 = std::chrono::steady_clock::now();
    e.stop();
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
    t.join();
    EXPECT_LT(ms, 5000);
}

// One Poco session carrying several requests is one connection; each fresh session is
// another; the control endpoint reports the same count, and its DELETE starts over.
TEST_F(SandboxCommonHttp, CountsTheConnectionsItAcceptsNotTheRequests) {
    EXPECT_EQ(emu.accepted_connections(), 0u);

    Poco::Net::HTTPClientSession kept("127.0.0.1", port);
    kept.setKeepAlive(true);
    kept.setTimeout(Poco::Timespan(10, 0));
    for (int i = 0; i < 5; ++i) {
        Poco::Net::HTTPRequest req("GET", "/items", Poco::Net::HTTPMessage::HTTP_1_1);
        kept.sendRequest(req);
        Poco::Net::HTTPResponse resp;
        std::string body;
        Poco::StreamCopier::copyToString(kept.receiveResponse(resp), body);
        ASSERT_EQ(resp.getStatus(), Poco::Net::HTTPResponse::HTTP_OK);
        ASSERT_TRUE(resp.getKeepAlive()) << "request " << i << " was answered with Connection: close";
    }
    EXPECT_EQ(calls.load(), 5);
    EXPECT_EQ(emu.accepted_connections(), 1u);

    call(port, "GET", "/items");
    call(port, "POST", "/items", "{}");
    EXPECT_EQ(emu.accepted_connections(), 3u);

    // The control call is a connection of its own, counted before it is answered.
    auto counted = call(port, "GET", "/_control/connections");
    ASSERT_EQ(counted.status, 200) << counted.body;
    EXPECT_EQ(json::parse(counted.body).at("accepted").as_int64(), 4);

    auto cleared = call(port, "DELETE", "/_control/connections");
    ASSERT_EQ(cleared.status, 200) << cleared.body;
    EXPECT_EQ(json::parse(cleared.body).at("cleared").as_int64(), 5);
    EXPECT_EQ(json::parse(call(port, "GET", "/_control/connections").body).at("accepted").as_int64(), 1);
    EXPECT_EQ(call(port, "POST", "/_control/connections", "{}").status, 405);
}
