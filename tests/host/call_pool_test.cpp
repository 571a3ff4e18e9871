// The pool in-process transform calls run on: a call past its deadline costs its caller
// nothing more, a stuck call holds one worker (never one thread a call), and a call still
// queued at its deadline never runs.
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "skarv/host/flow/call_pool.hpp"

using namespace skarv::host;
using namespace std::chrono_literals;

TEST(CallPool, StuckCallsHoldAtMostTheWorkersAndQueuedOnesNeverRunPastTheirDeadline) {
    CallPool pool(2);
    std::mutex m;
    std::condition_variable cv;
    bool released = false;
    std::atomic<int> ran{0};
    auto stuck = [&] {
        ++ran;
        std::unique_lock lock(m);
        cv.wait(lock, [&] { return released; });
        return CallResult{SKARV_OK, boost::json::object{{"late", true}}};
    };
    for (int i = 0; i < 10; ++i) EXPECT_FALSE(pool.run(stuck, 20ms).has_value());
    EXPECT_LE(pool.threads(), 2u);
    {
        std::lock_guard lock(m);
        released = true;
    }
    cv.notify_all();
    // Once the workers are free, a call answers; the eight that waited in the queue past
    // their deadline were dropped, not run late.
    auto answer = pool.run([] { return CallResult{SKARV_OK, boost::json::object{{"n", 1}}}; }, 10s);
    ASSERT_TRUE(answer.has_value());
    EXPECT_EQ(answer->document.at("n"), 1);
    EXPECT_EQ(ran.load(), 2);
    EXPECT_LE(pool.threads(), 2u);
}
