// Booking exactly once under kill -9: the real skarv process is killed again and again
// while it books payouts, mostly in the window between the ERP storing a voucher and
// the host recording the payout as booked; then one run finishes. The ERP must hold
// each payout's voucher once, and the SIE folder one file a payout.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <map>
#include <thread>

#include "flow_fixture.hpp"
#include "sie_validator.hpp"
#include "skarv/host/store/store.hpp"

using skarv::test::FlowFixture;
using skarv::test::swedish_order;

namespace {
pid_t start_sync(const std::string& config, const char* entity, const std::string& log = "/dev/null") {
    pid_t pid = fork();
    if (pid == 0) {
        freopen(log.c_str(), "w", stdout);
        freopen(log.c_str(), "a", stderr);
        execl(SKARV_BIN, SKARV_BIN, "sync", "--config", config.c_str(), "--entity", entity, "--batch-size", "2",
              static_cast<char*>(nullptr));
        _exit(127);
    }
    return pid;
}
int finish(pid_t pid) {
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
boost::json::value money(int64_t minor) { return {{"minor", minor}, {"currency", "SEK"}}; }
}  // namespace

TEST(SettlementKill, KilledWhileBookingAndRestartedEachPayoutIsBookedOnce) {
    FlowFixture f("settle-kill");
    std::filesystem::create_directories(f.root / "klarna");
    constexpr int kPayouts = 8;
    boost::json::array orders, payouts;
    for (int i = 0; i < kPayouts; ++i) {
        auto id = std::to_string(5000 + i);
        orders.push_back(swedish_order(id));
        payouts.push_back({{"provider", "klarna"},
                           {"settlement_id", "P" + id},
                           {"payout_date", "2024-03-05"},
                           {"transactions", boost::json::array{{{"type", "sale"},
                                                                {"transaction_id", "t" + id},
                                                                {"payment_reference", "kl-" + id},
                                                                {"amount", money(74770)},
                                                                {"fee", money(1000)}}}},
                           {"stated_payout", money(73770)}});
    }
    f.put("shop", "orders", orders);
    f.put("klarna", "settlements", payouts);
    const std::string providers = R"(, "payment_providers": [{"plugin": "file-system", "name": "klarna", "dir": ")" +
                                  (f.root / "klarna").string() + R"("}], "reconciliation": {"sie_dir": ")" +
                                  (f.root / "sie").string() + R"(", "company": {"name": "Butiken AB"}})";
    // The ERP stores each voucher, then takes 200 ms to answer.
    auto config = f.config("erp", R"(, "write_delay_ms": 20, "answer_delay_ms": 200)", false, R"({"orders_as": "invoice"})", "",
                           providers);
    ASSERT_EQ(finish(start_sync(config, "orders")), 0);
    ASSERT_EQ(f.written("erp", "orders").size(), static_cast<std::size_t>(kPayouts));

    int kills = 0;
    for (int round = 0; round < 8; ++round) {
        pid_t pid = start_sync(config, "settlements");
        std::this_thread::sleep_for(std::chrono::milliseconds(150 + 60 * (round % 4)));
        if (kill(pid, SIGKILL) == 0) ++kills;
        finish(pid);
    }
    EXPECT_GT(kills, 0);
    const auto last_log = (f.root / "last-run.log").string();
    ASSERT_EQ(finish(start_sync(config, "settlements", last_log)), 0) << [&] {
        std::ifstream in(last_log);
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    }();

    std::map<std::string, int> booked;
    for (const auto& v : f.written("erp", "vouchers")) ++booked[std::string(v.at("reference").as_string())];
    EXPECT_EQ(booked.size(), static_cast<std::size_t>(kPayouts));
    for (const auto& [reference, times] : booked) EXPECT_EQ(times, 1) << reference << " booked " << times << " times";

    skarv::host::Store store(f.root / "state.db");
    int files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(f.root / "sie")) {
        EXPECT_EQ(entry.path().extension(), ".si") << entry.path() << " left behind";
        ++files;
    }
    EXPECT_EQ(files, kPayouts);
    for (int i = 0; i < kPayouts; ++i) {
        auto id = "P" + std::to_string(5000 + i);
        auto p = store.payout("main", "klarna", id);
        ASSERT_TRUE(p) << id;
        EXPECT_EQ(p->state, "booked") << id;
        EXPECT_EQ(p->payout, 73770);
    }
}
