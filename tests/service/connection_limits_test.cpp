// Connections cannot starve the service: clients that dribble their headers are cut at
// the header deadline so the push is still answered with every worker taken; bodies over
// the route's limit are refused from Content-Length, or while a chunked body is read,
// before they are queued; the push's credentials are judged before its body is read;
// and a burst of clients with slow ones among them is served without a reset.
#include <gtest/gtest.h>

#include <Poco/Net/StreamSocket.h>

#include "../flow/flow_fixture.hpp"
#include "load_clients.hpp"
#include "service_http.hpp"
#include "skarv/host/service/service.hpp"

using namespace skarv;

namespace {

const char* kShopAuth = "Basic c2hvcDpodW1sZQ==";

struct PushService {
    test::FlowFixture f;
    std::ostringstream log;
    host::Logger logger{log, SKARV_LOG_INFO};
    std::unique_ptr<host::SyncRunner> runner;
    std::unique_ptr<host::Service> service;
    uint16_t port = 0;

    PushService(const std::string& name, const boost::json::object& http) : f(name) {
        auto config = f.config("erp", R"(, "fail_skus": ["GHOST"])", false, R"({"orders_as": "order"})", std::string(R"(, "push_auth": ")") + kShopAuth + "\"");
        test::configure_admin(config, http);
        runner = std::make_unique<host::SyncRunner>(config, logger);
        host::ServiceOptions options;
        options.port = 0;
        service = std::make_unique<host::Service>(*runner, logger, options);
        port = service->start();
    }
    ~PushService() {
        service->stop();
        service->wait();
    }
    static std::string orders(const std::string& id) { return boost::json::serialize(boost::json::array{test::swedish_order(id)}); }
};

// Sends `head` (and `body`, if any) on a raw connection and reads until the server closes.
std::string raw_exchange(uint16_t port, const std::string& head, const std::string& body = "") {
    Poco::Net::StreamSocket s(Poco::Net::SocketAddress("127.0.0.1", port));
    s.setReceiveTimeout(Poco::Timespan(20, 0));
    std::string request = head + body;
    s.sendBytes(request.data(), static_cast<int>(request.size()));
    std::string answer;
    char buf[4096];
    for (int n; (n = s.receiveBytes(buf, sizeof buf)) > 0;) answer.append(buf, static_cast<std::size_t>(n));
    return answer;
}

std::string status_line(const std::string& answer) { return answer.substr(0, answer.find("\r\n")); }

std::string chunked(const std::string& data) {
    std::ostringstream out;
    out << std::hex << data.size() << "\r\n" << data << "\r\n0\r\n\r\n";
    return out.str();
}

}  // namespace

namespace {

// Four workers, four clients dribbling a header byte every 100 ms: each read is well
// within Poco's per-read timeout, so only a deadline frees the workers for the push.
void push_answered_while_dribblers_hold_every_worker(PushService& s) {
    std::atomic<bool> stop{false};
    std::atomic<int> hung_up{0};
    std::vector<std::thread> dribblers;
    for (int i = 0; i < 4; ++i)
        dribblers.emplace_back([&] {
            try {
                Poco::Net::StreamSocket sock(Poco::Net::SocketAddress("127.0.0.1", s.port));
                sock.setReceiveTimeout(Poco::Timespan(0, 1000));
                // A header line that never ends: only the server can end this connection.
                std::string head = "POST /push/main/1 HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
                for (std::size_t i = 0; !stop; ++i) {
                    sock.sendBytes(i < head.size() ? &head[i] : "a", 1);
                    char c;
                    try {
                        if (sock.receiveBytes(&c, 1) <= 0) {
                            ++hung_up;
                            break;
                        }
                    } catch (const Poco::TimeoutException&) {
                    }
                    std::this_thread::sleep_for(std::chrono::milliseconds(100));
                }
            } catch (const std::exception&) {
                ++hung_up;
            }
        });
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    auto pushed = test::send(s.port, {"POST", "/push/main/1", PushService::orders("910001"), "application/json", {{"Authorization", kShopAuth}}});
    EXPECT_EQ(pushed.status, 200) << pushed.body;
    ASSERT_TRUE(test::eventually([&] { return s.f.written("erp", "orders").size() == 1; })) << s.log.str();
    // The dribblers were hung up on, long before their headers would have ended.
    EXPECT_TRUE(test::eventually([&] { return hung_up.load() == 4; }));
    stop = true;
    for (auto& t : dribblers) t.join();
    EXPECT_GE(s.service->connections_cut(), 4);
}


}  // namespace

TEST(ConnectionLimits, DribblingClientsAreCutAtTheHeaderDeadlineSoThePushIsAnswered) {
    PushService s("limits-dribble", {{"workers", 4}, {"header_timeout_ms", 600}});
    push_answered_while_dribblers_hold_every_worker(s);
}

TEST(ConnectionLimits, WithMostWorkersWaitingForHeadersTheShortHeaderDeadlineApplies) {
    // A header deadline of a minute; the crowded one (3 of 4 workers reading headers) frees them.
    PushService s("limits-crowded", {{"workers", 4}, {"header_timeout_ms", 60000}, {"crowded_header_timeout_ms", 500}});
    push_answered_while_dribblers_hold_every_worker(s);
}

TEST(ConnectionLimits, BodyLimitsAndPushCredentialsAreCheckedBeforeTheBodyIsRead) {
    PushService s("limits-body", {{"max_push_bytes", 8192}, {"max_admin_bytes", 4096}});
    auto head = [&](const std::string& auth, const std::string& length_or_chunked) {
        return "POST /push/main/1 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAuthorization: " + auth +
               "\r\n" + length_or_chunked + "\r\n\r\n";
    };
    // Content-Length over the limit: refused from the header, no body ever sent.
    EXPECT_EQ(status_line(raw_exchange(s.port, head(kShopAuth, "Content-Length: 50000000"))), "HTTP/1.1 413 Request Entity Too Large");
    // Wrong credentials: refused with the body still unsent.
    EXPECT_EQ(status_line(raw_exchange(s.port, head("Basic d3Jvbmc6d3Jvbmc=", "Content-Length: 1500"))), "HTTP/1.1 401 Unauthorized");
    // A chunked body has no length to check first: counted while read.
    auto big = PushService::orders("920001");
    big.insert(big.size() - 2, std::string(10000, ' '));
    ASSERT_LT(PushService::orders("920002").size(), 8192u);
    EXPECT_EQ(status_line(raw_exchange(s.port, head(kShopAuth, "Transfer-Encoding: chunked"), chunked(big))),
              "HTTP/1.1 413 Request Entity Too Large");
    // Within the limit, chunked or not, the push is taken.
    EXPECT_EQ(status_line(raw_exchange(s.port, head(kShopAuth, "Transfer-Encoding: chunked"), chunked(PushService::orders("920002")))),
              "HTTP/1.1 200 OK");
    ASSERT_TRUE(test::eventually([&] { return s.f.written("erp", "orders").size() == 1; })) << s.log.str();
    EXPECT_EQ(s.f.written("erp", "orders")[0].at("order_id"), "920002");
    // Nothing refused was queued.
    EXPECT_TRUE(s.runner->store().dead_letters().empty());

    // The admin API's own limit, on a dead-letter correction.
    auto ghost = boost::json::serialize(boost::json::array{test::swedish_order("920003", "GHOST")});
    ASSERT_EQ(status_line(raw_exchange(s.port, head(kShopAuth, "Content-Length: " + std::to_string(ghost.size())), ghost)),
              "HTTP/1.1 200 OK");
    ASSERT_TRUE(test::eventually([&] { return s.runner->store().dead_letters().size() == 1; })) << s.log.str();
    auto letter = s.runner->store().dead_letters()[0];
    auto admin_head = [&](const std::string& length_or_chunked) {
        return "POST /api/deadletters/" + std::to_string(letter.id) +
               "/retry HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAuthorization: " + test::bearer() +
               "\r\n" + length_or_chunked + "\r\n\r\n";
    };
    auto correction = boost::json::parse(letter.payload);
    correction.as_object()["padding"] = std::string(5000, 'x');
    EXPECT_EQ(status_line(raw_exchange(s.port, admin_head("Content-Length: 5100"))), "HTTP/1.1 413 Request Entity Too Large");
    EXPECT_EQ(status_line(raw_exchange(s.port, admin_head("Transfer-Encoding: chunked"), chunked(boost::json::serialize(correction)))),
              "HTTP/1.1 413 Request Entity Too Large");
    ASSERT_EQ(s.runner->store().dead_letters().size(), 1u);
    EXPECT_EQ(s.runner->store().dead_letters()[0].payload, letter.payload);
}

TEST(ConnectionLimits, ABurstWithSlowClientsAmongItIsServedWithoutResets) {
    PushService s("limits-burst", {});
    test::LoadPlan plan;
    plan.port = s.port;
    plan.clients = 40;
    plan.requests_per_client = 3;
    plan.idle = 5;
    plan.dribbling = 5;
    plan.pushes = 5;
    plan.admin_token = test::test_admin_token().token;
    plan.push = [](int n) {
        return test::Request{"POST", "/push/main/1", PushService::orders("93000" + std::to_string(n)), "application/json",
                             {{"Authorization", kShopAuth}}};
    };
    auto out = test::run_load(plan);
    EXPECT_EQ(out.failed, 0) << (out.failures.empty() ? "" : out.failures[0]);
    EXPECT_EQ(out.answered_ok, 40 * 3);
    EXPECT_EQ(out.pushes_ok, 5);
    ASSERT_TRUE(test::eventually([&] { return s.f.written("erp", "orders").size() == 5; })) << s.log.str();
}
