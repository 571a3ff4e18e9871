// The pool in-process transform calls run on: a call past its deadline costs its caller
// nothing more, a stuck call holds one worker (never one thread a call), and a call still
// queued at its deadline never runs.
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "skarv/host/flow/call_pool.hpp"

using namespace skarv::host;
using namespace std::chrono_literals;

TEST(CallPool, StuckCallsHoldAtMostTheWorkersAndQueuedOnesNeverRunPastTheirDeadline) {
    // The workers are detached and may still be leaving cv.wait when the test returns, so
    // what they touch is shared with them rather than living on this stack frame.
    struct Gate {
        std::mutex m;
        std::condition_variable cv;
        bool released = false;
        std::atomic<int> ran{0};
    };
    auto gate = std::make_shared<Gate>();
    CallPool pool(2);
    auto stuck = [gate] {
        ++gate->ran;
        std::unique_lock lock(gate->m);
        gate->cv.wait(lock, [&] { return gate->released; });
        return CallResult{SKARV_OK, boost::json::object{{"late", true}}};
    };
    for (int i = 0; i < 10; ++i) EXPECT_FALSE(pool.run(stuck, 20ms).has_value());
    EXPECT_LE(pool.threads(), 2u);
    {
        std::lock_guard lock(gate->m);
        gate->released = true;
    }
    gate->cv.notify_all();
    // Once the workers are free, a call answers; the eight that waited in the queue past
    // their deadline were dropped, not run late.
    auto answer = pool.run([] { return CallResult{SKARV_OK, boost::json::object{{"n", 1}}}; }, 10s);
    ASSERT_TRUE(answer.has_value());
    EXPECT_EQ(answer->document.at("n"), 1);
    EXPECT_EQ(gate->ran.load(), 2);
    EXPECT_LE(pool.threads(), 2u);
}
