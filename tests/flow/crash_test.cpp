// Exactly once under kill -9: the real skarv process is killed in the middle of writing
// a batch of orders, again and again, and restarted; the ERP must end with each order
// exactly once.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <set>
#include <thread>

#include "flow_fixture.hpp"

using skarv::test::FlowFixture;
using skarv::test::swedish_order;

namespace {
pid_t start_sync(const std::string& config) {
    pid_t pid = fork();
    if (pid == 0) {
        freopen("/dev/null", "w", stdout);
        freopen("/dev/null", "w", stderr);
        execl(SKARV_BIN, SKARV_BIN, "sync", "--config", config.c_str(), "--entity", "orders", "--batch-size", "3",
              static_cast<char*>(nullptr));
        _exit(127);
    }
    return pid;
}
}  // namespace

TEST(FlowCrash, KilledMidBatchAndRestartedEachOrderExistsOnce) {
    FlowFixture f("crash");
    boost::json::array orders;
    for (int i = 0; i < 12; ++i) orders.push_back(swedish_order(std::to_string(300000 + i)));
    f.put("shop", "orders", orders);
    // The fake ERP stores each batch, then takes 200 ms to answer: kills land between the
    // ERP's create and the host's record of it, the window exactly-once must cover.
    auto config = f.config("erp", R"(, "write_delay_ms": 30, "answer_delay_ms": 200)");

    int kills = 0;
    for (int round = 0; round < 8; ++round) {
        pid_t pid = start_sync(config);
        std::this_thread::sleep_for(std::chrono::milliseconds(120 + 70 * (round % 4)));
        if (kill(pid, SIGKILL) == 0) ++kills;
        int status = 0;
        waitpid(pid, &status, 0);
    }
    EXPECT_GT(kills, 0);
    // Then let one run finish.
    pid_t pid = start_sync(config);
    int status = 0;
    waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);

    auto erp = f.written("erp", "orders");
    std::multiset<std::string> ids;
    for (const auto& o : erp) ids.insert(std::string(o.at("order_id").as_string()));
    EXPECT_EQ(erp.size(), 12u) << "the ERP holds " << erp.size() << " orders for 12 shop orders";
    for (int i = 0; i < 12; ++i) EXPECT_EQ(ids.count(std::to_string(300000 + i)), 1u) << 300000 + i;
}
