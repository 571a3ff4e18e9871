#pragma once
// A bounded HTTP load against a running service on loopback: slow clients that connect
// and say nothing or dribble their headers a byte at a time, a crowd of ordinary clients,
// and order pushes timed one by one. Used by the short ctest (tests/service) and by the
// full run in bench/http_load.cpp (figures in docs/benchmarks.md).

#include <signal.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <Poco/Exception.h>
#include <Poco/Net/StreamSocket.h>

#include "service_http.hpp"

namespace skarv::test {

struct LoadPlan {
    uint16_t port = 0;
    int clients = 200;              // concurrent ordinary clients
    int requests_per_client = 5;    // each sequential, a new connection each
    int idle = 25;                  // connect and send nothing
    int dribbling = 25;             // send header bytes, one every dribble_ms
    int dribble_ms = 200;
    int pushes = 20;                // sequential, timed, during the crowd
    std::string admin_token;        // the crowd reads /api/connections with it
    std::function<Request(int)> push;   // the n-th push
};

struct LoadOutcome {
    int requests = 0;
    int answered_ok = 0;
    int failed = 0;                      // reset, refused or timed out: what must not happen
    std::vector<std::string> failures;   // the first few, for the message
    std::vector<double> request_ms;
    std::vector<double> push_ms;
    int pushes_ok = 0;
    int slow_closed_by_server = 0;       // slow clients the service hung up on
    double seconds = 0;

    static double percentile(std::vector<double> v, double p) {
        if (v.empty()) return 0;
        std::sort(v.begin(), v.end());
        return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
    }
};

inline LoadOutcome run_load(const LoadPlan& plan) {
    ::signal(SIGPIPE, SIG_IGN);   // a slow client writing after the service hung up gets an error instead

    using clock = std::chrono::steady_clock;
    auto ms_since = [](clock::time_point t) { return std::chrono::duration<double, std::milli>(clock::now() - t).count(); };
    LoadOutcome out;
    std::mutex mutex;
    std::atomic<bool> stop{false};
    auto started = clock::now();
    auto fail = [&](const std::string& what) {
        std::lock_guard lock(mutex);
        ++out.failed;
        if (out.failures.size() < 5) out.failures.push_back(what);
    };

    std::vector<std::thread> slow;
    for (int i = 0; i < plan.idle + plan.dribbling; ++i)
        slow.emplace_back([&, dribbles = i >= plan.idle] {
            try {
                Poco::Net::StreamSocket s(Poco::Net::SocketAddress("127.0.0.1", plan.port));
                s.setReceiveTimeout(Poco::Timespan(0, 50000));
                std::string head = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
                std::size_t sent = 0;
                while (!stop) {
                    if (dribbles) s.sendBytes(&head[sent++ % head.size()], 1);
                    char c;
                    try {
                        if (s.receiveBytes(&c, 1) <= 0) break;   // the server hung up
                    } catch (const Poco::TimeoutException&) {
                    }
                    std::this_thread::sleep_for(std::chrono::milliseconds(dribbles ? plan.dribble_ms : 50));
                }
                if (!stop) {
                    std::lock_guard lock(mutex);
                    ++out.slow_closed_by_server;
                }
            } catch (const std::exception&) {
                // Reset while dribbling: also the server hanging up.
                std::lock_guard lock(mutex);
                ++out.slow_closed_by_server;
            }
        });
    // Let the slow ones take their workers first: the worst case for everyone else.
    std::this_thread::sleep_for(std::chrono::milliseconds(300));

    std::vector<std::thread> crowd;
    for (int c = 0; c < plan.clients; ++c)
        crowd.emplace_back([&] {
            for (int r = 0; r < plan.requests_per_client; ++r) {
                auto t = clock::now();
                try {
                    auto reply = send(plan.port, {"GET", "/api/connections", "", "", {{"Authorization", "Bearer " + plan.admin_token}}});
                    std::lock_guard lock(mutex);
                    ++out.requests;
                    out.request_ms.push_back(ms_since(t));
                    if (reply.status == 200) ++out.answered_ok;
                    else if (out.failures.size() < 5) out.failures.push_back("status " + std::to_string(reply.status));
                } catch (const std::exception& e) {
                    {
                        std::lock_guard lock(mutex);
                        ++out.requests;
                    }
                    fail(std::string("request: ") + e.what());
                }
            }
        });
    std::thread pusher([&] {
        for (int n = 0; n < plan.pushes; ++n) {
            auto t = clock::now();
            try {
                auto reply = send(plan.port, plan.push(n));
                std::lock_guard lock(mutex);
                out.push_ms.push_back(ms_since(t));
                if (reply.status == 200) ++out.pushes_ok;
                else if (out.failures.size() < 5) out.failures.push_back("push status " + std::to_string(reply.status) + " " + reply.body);
            } catch (const std::exception& e) {
                fail(std::string("push: ") + e.what());
            }
        }
    });
    for (auto& t : crowd) t.join();
    pusher.join();
    stop = true;
    for (auto& t : slow) t.join();
    out.seconds = ms_since(started) / 1000;
    return out;
}

}  // namespace skarv::test
