// skarv::HttpClient's kept-alive connections, against the emulators' own HTTP frame
// (sandboxes/common), which counts the TCP connections it accepts and can drop a
// connection without answering (a "drop" fault), the way a server that closed an idle
// connection, or died after a request, looks to a client.

#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "skarv/http_client.hpp"
#include "skarv/sandbox/http_emulator.hpp"

using skarv::sandbox::HttpEmulator;
using skarv::sandbox::HttpReply;
using skarv::sandbox::HttpRequest;
using skarv::sandbox::parse_fault_flag;
namespace json = boost::json;

namespace {

class HttpClientKeepAlive : public ::testing::Test {
protected:
    void SetUp() override {
        emu.route("GET", "/items", [this](const HttpRequest&) {
            ++reads;
            return HttpReply::json(json::object{{"items", json::array{"a", "b"}}});
        });
        emu.route("POST", "/items", [this](const HttpRequest& req) {
            ++created;
            return HttpReply::json(json::object{{"echo", req.body}}, 201);
        });
        emu.route("GET", "/last-word", [](const HttpRequest&) {
            auto reply = HttpReply::text("bye");
            reply.headers["Connection"] = "close";
            return reply;
        });
        emu.route("GET", "/brief", [](const HttpRequest&) {
            auto reply = HttpReply::text("soon closed");
            reply.headers["Keep-Alive"] = "timeout=1, max=100";
            return reply;
        });
        port = emu.start(0);
    }
    void TearDown() override { emu.stop(); }

    std::string url() const { return "http://127.0.0.1:" + std::to_string(port); }

    // The requests the emulator logged for one method and path, each "status/fault".
    std::vector<std::string> logged(const std::string& method, const std::string& path) const {
        std::vector<std::string> out;
        for (const auto& e : emu.request_log())
            if (e.method == method && e.path == path) out.push_back(std::to_string(e.status) + "/" + e.fault);
        return out;
    }

    HttpEmulator emu{"keepalive"};
    uint16_t port = 0;
    std::atomic<int> reads{0};
    std::atomic<int> created{0};
};

skarv::PluginError error_of(const std::function<void()>& call) {
    try {
        call();
    } catch (const skarv::PluginError& e) {
        return e;
    }
    ADD_FAILURE() << "the request succeeded, but it should have failed";
    return skarv::PluginError(SKARV_OK, "", "");
}

TEST_F(HttpClientKeepAlive, OneConnectionCarriesEveryRequestOfAClient) {
    skarv::HttpClient client(url(), std::chrono::seconds(10));
    for (int i = 0; i < 100; ++i) {
        if (i % 2 == 0) {
            ASSERT_EQ(client.request("GET", "/items?page=" + std::to_string(i)).status, 200);
        } else {
            auto posted = client.request("POST", "/items", R"({"n":)" + std::to_string(i) + "}");
            ASSERT_EQ(json::parse(posted.body).at("echo").as_string(), R"({"n":)" + std::to_string(i) + "}");
        }
    }
    EXPECT_EQ(reads.load(), 50);
    EXPECT_EQ(created.load(), 50);
    EXPECT_EQ(emu.accepted_connections(), 1u);

    // A copy of the client shares its connections.
    skarv::HttpClient copy = client;
    EXPECT_EQ(copy.request("GET", "/items").status, 200);
    EXPECT_EQ(emu.accepted_connections(), 1u);
    // Another client has its own.
    skarv::HttpClient other(url(), std::chrono::seconds(10));
    EXPECT_EQ(other.request("GET", "/items").status, 200);
    EXPECT_EQ(emu.accepted_connections(), 2u);
}

TEST_F(HttpClientKeepAlive, AConnectionTheServerClosedIsReplacedWithoutAnError) {
    skarv::HttpClient client(url(), std::chrono::seconds(10));
    ASSERT_EQ(client.request("GET", "/items").status, 200);
    ASSERT_EQ(emu.accepted_connections(), 1u);

    // A restart closes every connection the server had, the idle one the client keeps too.
    emu.stop();
    ASSERT_EQ(emu.start(port), port);
    EXPECT_EQ(client.request("POST", "/items", R"({"n":1})").status, 201);
    EXPECT_EQ(client.request("GET", "/items").status, 200);

    EXPECT_EQ(created.load(), 1);
    EXPECT_EQ(logged("POST", "/items"), std::vector<std::string>{"201/"});
    EXPECT_EQ(emu.accepted_connections(), 2u);
}

TEST_F(HttpClientKeepAlive, AnAnswerSayingConnectionCloseEndsTheConnection) {
    skarv::HttpClient client(url(), std::chrono::seconds(10));
    EXPECT_EQ(client.request("GET", "/last-word").body, "bye");
    EXPECT_EQ(client.request("GET", "/items").status, 200);
    EXPECT_EQ(client.request("GET", "/items").status, 200);
    EXPECT_EQ(emu.accepted_connections(), 2u);
}

// "Keep-Alive: timeout=1": the server closes idle connections after a second; the
// client stops using them a second before, so at once.
TEST_F(HttpClientKeepAlive, AServerKeepingIdleConnectionsOneSecondGetsANewOneEachTime) {
    skarv::HttpClient client(url(), std::chrono::seconds(10));
    EXPECT_EQ(client.request("GET", "/brief").status, 200);
    EXPECT_EQ(client.request("GET", "/brief").status, 200);
    EXPECT_EQ(client.request("GET", "/items").status, 200);
    EXPECT_EQ(emu.accepted_connections(), 3u);
}

TEST_F(HttpClientKeepAlive, AGetDroppedOnAReusedConnectionIsSentOnceMoreOnANewOne) {
    skarv::HttpClient client(url(), std::chrono::seconds(10));
    ASSERT_EQ(client.request("GET", "/items").status, 200);
    emu.faults().add(parse_fault_flag("drop:/items:method=GET:times=1"));

    auto got = client.request("GET", "/items");
    EXPECT_EQ(got.status, 200);
    EXPECT_EQ(json::parse(got.body).at("items").as_array().size(), 2u);
    EXPECT_EQ(logged("GET", "/items"), (std::vector<std::string>{"200/", "0/drop", "200/"}));
    EXPECT_EQ(emu.accepted_connections(), 2u);
}

TEST_F(HttpClientKeepAlive, AGetDroppedTwiceFailsAsRetryableAfterOneMoreTry) {
    skarv::HttpClient client(url(), std::chrono::seconds(10));
    ASSERT_EQ(client.request("GET", "/items").status, 200);
    emu.faults().add(parse_fault_flag("drop:/items:method=GET:times=2"));

    auto e = error_of([&] { client.request("GET", "/items?key=SECRET", "", {}, "application/json", "items page 2"); });
    EXPECT_EQ(e.status(), SKARV_ERR_RETRYABLE) << e.what();
    EXPECT_EQ(e.code(), "connection") << e.what();
    EXPECT_NE(std::string(e.what()).find("GET /items (items page 2)"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find("SECRET"), std::string::npos) << e.what();
    EXPECT_EQ(logged("GET", "/items"), (std::vector<std::string>{"200/", "0/drop", "0/drop"}));
}

TEST_F(HttpClientKeepAlive, APostSentInFullIsNeverSentAgainWhenTheAnswerIsLost) {
    skarv::HttpClient client(url(), std::chrono::seconds(10));
    ASSERT_EQ(client.request("GET", "/items").status, 200);
    // The server creates the record, then drops the connection before answering: a
    // second send would create it twice.
    emu.faults().add(parse_fault_flag("drop:/items:method=POST:after:times=1"));

    auto e = error_of([&] { client.request("POST", "/items", R"({"order":"100234"})", {}, "application/json", "order 100234"); });
    EXPECT_EQ(e.status(), SKARV_ERR_RETRYABLE) << e.what();
    EXPECT_EQ(e.code(), "connection") << e.what();
    EXPECT_NE(std::string(e.what()).find("order 100234"), std::string::npos) << e.what();
    EXPECT_EQ(created.load(), 1);
    EXPECT_EQ(logged("POST", "/items"), std::vector<std::string>{"0/drop"});

    // The client goes on, on a new connection.
    EXPECT_EQ(client.request("GET", "/items").status, 200);
    EXPECT_EQ(emu.accepted_connections(), 2u);
}

TEST_F(HttpClientKeepAlive, AFailureOnANewConnectionIsNotSentAgain) {
    emu.faults().add(parse_fault_flag("drop:/items:method=GET:times=1"));
    skarv::HttpClient client(url(), std::chrono::seconds(10));
    auto e = error_of([&] { client.request("GET", "/items"); });
    EXPECT_EQ(e.status(), SKARV_ERR_RETRYABLE) << e.what();
    EXPECT_EQ(logged("GET", "/items"), std::vector<std::string>{"0/drop"});
}

TEST_F(HttpClientKeepAlive, ThreadsSharingAClientEachGetAConnectionOfTheirOwn) {
    skarv::HttpClient client(url(), std::chrono::seconds(10));
    std::atomic<int> ok{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 25; ++i) {
                try {
                    if (client.request("POST", "/items", std::to_string(t * 100 + i)).status == 201) ++ok;
                } catch (const std::exception&) {
                }
            }
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(ok.load(), 100);
    EXPECT_EQ(created.load(), 100);
    // However the threads interleaved, never more connections than threads at once.
    EXPECT_GE(emu.accepted_connections(), 1u);
    EXPECT_LE(emu.accepted_connections(), 4u);
}

// What the client's socket work runs under: a write to a connection the peer has closed
// is EPIPE, not SIGPIPE's default action (the end of the process, and of this test), and
// nothing is left pending or blocked afterwards. On a thread where SIGPIPE is not
// blocked: libPocoFoundation blocks it on the thread that loads it, which here is this one.
TEST(HttpClientSigpipe, AWriteToAClosedConnectionIsAnErrorNotTheEndOfTheProcess) {
    sigset_t pipe;
    sigemptyset(&pipe);
    sigaddset(&pipe, SIGPIPE);
    sigset_t before;
    ASSERT_EQ(::pthread_sigmask(SIG_UNBLOCK, &pipe, &before), 0);
    struct sigaction default_action {};
    default_action.sa_handler = SIG_DFL;
    struct sigaction old_action {};
    ASSERT_EQ(::sigaction(SIGPIPE, &default_action, &old_action), 0);

    int ends[2];
    ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, ends), 0);
    ::close(ends[1]);
    {
        skarv::detail::SigpipeBlocked no_sigpipe;
        errno = 0;
        EXPECT_EQ(::write(ends[0], "x", 1), -1);
        EXPECT_EQ(errno, EPIPE);
    }
    ::close(ends[0]);
    sigset_t pending;
    ASSERT_EQ(::sigpending(&pending), 0);
    EXPECT_EQ(::sigismember(&pending, SIGPIPE), 0) << "a SIGPIPE was left pending";
    sigset_t mask;
    ASSERT_EQ(::pthread_sigmask(SIG_SETMASK, nullptr, &mask), 0);
    EXPECT_EQ(::sigismember(&mask, SIGPIPE), 0) << "SIGPIPE was left blocked";

    ::sigaction(SIGPIPE, &old_action, nullptr);
    ::pthread_sigmask(SIG_SETMASK, &before, nullptr);
}

}  // namespace
