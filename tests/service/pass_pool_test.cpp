// PassPool: lanes of a connection run side by side, one pass at a time within a lane.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <algorithm>
#include <string>
#include <vector>

#include "skarv/host/service/pass_pool.hpp"

using namespace skarv::host;

namespace {
ScheduledJob job(const std::string& connection, const std::string& entity) {
    ScheduledJob j;
    j.connection = connection;
    j.entity = entity;
    return j;
}

// A gate the catalogue pass waits at until the test opens it.
struct Gate {
    std::mutex m;
    std::condition_variable cv;
    bool open = false;
    std::vector<std::string> done;
    void wait() {
        std::unique_lock l(m);
        cv.wait(l, [&] { return open; });
    }
    void finish(const std::string& what) {
        std::lock_guard l(m);
        done.push_back(what);
        cv.notify_all();
    }
    bool wait_done(std::size_t n) {
        std::unique_lock l(m);
        return cv.wait_for(l, std::chrono::seconds(20), [&] { return done.size() >= n; });
    }
};
}  // namespace

TEST(PassPool, AnOrdersPassRunsWhileTheSameConnectionsCatalogueIsBusy) {
    Gate gate;
    PassPool pool(2, [&](const ScheduledJob& j) {
        if (j.entity == "products") gate.wait();
        gate.finish(j.connection + "/" + j.entity);
    });
    pool.submit(job("main", "products"));
    pool.submit(job("main", "orders"));
    ASSERT_TRUE(gate.wait_done(1));
    {
        std::lock_guard l(gate.m);
        EXPECT_EQ(gate.done.front(), "main/orders");   // not behind the products pass
        gate.open = true;
        gate.cv.notify_all();
    }
    ASSERT_TRUE(gate.wait_done(2));
}

TEST(PassPool, PassesOfOneLaneRunOneAtATimeInOrder) {
    std::mutex m;
    int running = 0, most = 0;
    std::vector<std::string> order;
    Gate gate;
    PassPool pool(4, [&](const ScheduledJob& j) {
        {
            std::lock_guard l(m);
            most = std::max(most, ++running);
            order.push_back(j.entity);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        {
            std::lock_guard l(m);
            --running;
        }
        gate.finish(j.entity);
    });
    for (const char* e : {"products", "prices", "stock"}) pool.submit(job("main", e));
    ASSERT_TRUE(gate.wait_done(3));
    EXPECT_EQ(most, 1);
    EXPECT_EQ(order, (std::vector<std::string>{"products", "prices", "stock"}));
}

TEST(PassPool, AJobAlreadyWaitingInItsLaneIsNotQueuedTwice) {
    Gate gate;
    std::mutex m;
    int stock_runs = 0;
    PassPool pool(1, [&](const ScheduledJob& j) {
        if (j.entity == "products") gate.wait();
        if (j.entity == "stock") {
            std::lock_guard l(m);
            ++stock_runs;
        }
        gate.finish(j.entity);
    });
    pool.submit(job("main", "products"));
    pool.submit(job("main", "stock"));
    pool.submit(job("main", "stock"));
    {
        std::lock_guard l(gate.m);
        gate.open = true;
        gate.cv.notify_all();
    }
    ASSERT_TRUE(gate.wait_done(2));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    std::lock_guard l(m);
    EXPECT_EQ(stock_runs, 1);
}
