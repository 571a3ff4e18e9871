// Several workers on one PostgreSQL database: the leases that say who runs a connection
// and the claims that say who delivers a queued record (lease_keeper.hpp,
// Store::claim_work). Each worker here is a LeaseKeeper on a Store of its own (its own
// database session), driven round by round with explicit times; the whole service with
// kill -9 is tests/cluster/.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <thread>

#include "../postgres/postgres_server.hpp"
#include "skarv/host/service/lease_keeper.hpp"
#include "skarv/host/store/store.hpp"

using namespace skarv::host;
using skarv::test::PostgresServer;

namespace {

const std::vector<std::string> kSix = {"a", "b", "c", "d", "e", "f"};
constexpr int64_t kLease = 3000;

// One worker: its own session and keeper, its clock set by the test.
struct Worker {
    explicit Worker(const std::string& url) : store(url), keeper(store, logger, WorkerSettings{kLease, 500}, true, [this] { return now; }) {
        keeper.set_connections(kSix);
    }
    std::ostringstream log;
    Logger logger{log, SKARV_LOG_DEBUG};
    int64_t now = 0;
    Store store;
    LeaseKeeper keeper;
    void round(int64_t at) {
        now = at;
        keeper.renew(at);
    }
};

std::set<std::string> held(const Worker& w) {
    auto h = w.keeper.held();
    return {h.begin(), h.end()};
}

}  // namespace

TEST(LeaseKeeper, ASecondWorkerGetsItsFairShareAndNoConnectionIsHeldTwice) {
    auto* server = PostgresServer::get();
    if (!server) GTEST_SKIP() << PostgresServer::unavailable_reason();
    const auto url = server->fresh_database_url();
    Worker a(url), b(url);
    a.round(1'000'000);
    EXPECT_EQ(held(a).size(), 6u) << "alone, a worker runs every connection";
    b.round(1'000'100);
    EXPECT_TRUE(held(b).empty()) << "nothing is free yet: a's leases have not run out";
    a.round(1'001'000);   // a now counts two live workers: three each, the rest goes back
    EXPECT_EQ(held(a).size(), 3u);
    b.round(1'001'100);
    EXPECT_EQ(held(b).size(), 3u);
    std::set<std::string> both = held(a);
    const auto of_b = held(b);
    both.insert(of_b.begin(), of_b.end());
    EXPECT_EQ(both.size(), 6u) << "every connection has exactly one holder";
    for (const auto& l : a.store.leases()) {
        EXPECT_EQ(l.holder == a.keeper.worker_id(), held(a).count(l.connection) == 1) << l.connection;
        EXPECT_EQ(l.holder == b.keeper.worker_id(), held(b).count(l.connection) == 1) << l.connection;
    }
}

TEST(LeaseKeeper, ADeadWorkersConnectionsAreTakenOverOnceItsLeaseHasRunOut) {
    auto* server = PostgresServer::get();
    if (!server) GTEST_SKIP() << PostgresServer::unavailable_reason();
    const auto url = server->fresh_database_url();
    Worker a(url), b(url);
    const int64_t t = 2'000'000;
    a.round(t);
    b.round(t + 10);
    a.round(t + 1000);
    b.round(t + 1010);
    ASSERT_EQ(held(a).size(), 3u);
    const auto a_had = held(a);
    // a is killed after its round at t + 1000: it renews nothing more.
    b.round(t + 1000 + kLease - 1);
    EXPECT_EQ(held(b).size(), 3u) << "a's leases run until t + 1000 + lease";
    b.round(t + 1000 + kLease);
    EXPECT_EQ(held(b).size(), 6u) << "once they ran out, a no longer counts and its connections are b's";
    for (const auto& c : a_had) EXPECT_TRUE(held(b).count(c)) << c;
    // a itself, had it only been stalled, would no longer start a pass on them.
    a.now = t + 1000 + kLease - kLease / 3;
    for (const auto& c : a_had) EXPECT_FALSE(a.keeper.holds(c)) << c;
    a.now = t + 1000;
    for (const auto& c : a_had) EXPECT_TRUE(a.keeper.holds(c)) << c;
    // And its next renewal finds them gone.
    a.round(t + 1000 + kLease + 100);
    for (const auto& c : a_had) EXPECT_FALSE(held(a).count(c)) << c;
}

TEST(LeaseKeeper, ACleanStopGivesTheLeasesBackAtOnce) {
    auto* server = PostgresServer::get();
    if (!server) GTEST_SKIP() << PostgresServer::unavailable_reason();
    const auto url = server->fresh_database_url();
    Worker b(url);
    {
        Worker a(url);
        a.round(3'000'000);
        ASSERT_EQ(held(a).size(), 6u);
        a.keeper.stop();
    }
    b.round(3'000'010);   // well inside the lease a would have had
    EXPECT_EQ(held(b).size(), 6u);
}

TEST(LeaseKeeper, TwoWorkersClaimingOneQueueAtOnceNeverGetTheSameRecord) {
    auto* server = PostgresServer::get();
    if (!server) GTEST_SKIP() << PostgresServer::unavailable_reason();
    const auto url = server->fresh_database_url();
    Store a(url), b(url);
    for (int i = 0; i < 400; ++i) a.enqueue("main", "orders", "o" + std::to_string(i), "{}", 10);
    std::vector<int64_t> got_a, got_b;
    auto claim_all = [](Store& s, const std::string& worker, std::vector<int64_t>& got) {
        while (true) {
            auto batch = s.claim_work("main", "orders", 100, 100, 7, worker, 100 + 60000);
            if (batch.empty()) return;
            for (const auto& w : batch) got.push_back(w.id);
        }
    };
    std::thread other([&] { claim_all(b, "wb", got_b); });
    claim_all(a, "wa", got_a);
    other.join();
    std::set<int64_t> all(got_a.begin(), got_a.end());
    for (auto id : got_b) EXPECT_TRUE(all.insert(id).second) << "record " << id << " claimed by both";
    EXPECT_EQ(all.size(), 400u);
    EXPECT_EQ(got_a.size() + got_b.size(), 400u);
}

TEST(LeaseKeeper, AClaimHoldsARecordUntilItEndsAndAFinishedClaimFreesItAtOnce) {
    auto* server = PostgresServer::get();
    if (!server) GTEST_SKIP() << PostgresServer::unavailable_reason();
    const auto url = server->fresh_database_url();
    Store store(url);
    store.enqueue("main", "orders", "1001", "{}", 10);
    store.enqueue("main", "orders", "1002", "{}", 10);
    auto first = store.claim_work("main", "orders", 100, 100, 10, "dead-worker", 5000);
    ASSERT_EQ(first.size(), 2u);
    EXPECT_EQ(first[0].record_key, "1001") << "oldest first";
    EXPECT_TRUE(store.claim_work("main", "orders", 100, 4999, 10, "other", 9000).empty())
        << "claimed records are not another worker's while the claim lasts";
    EXPECT_TRUE(store.due_work_by_connection(4999).empty());
    auto later = store.claim_work("main", "orders", 100, 5000, 10, "other", 9000);
    EXPECT_EQ(later.size(), 2u) << "a dead worker's claim ends and the records are delivered by another";
    store.reschedule(later[0].id, 1, 50, "try again");
    store.release_claims("main", "orders", "other");
    EXPECT_EQ(store.claim_work("main", "orders", 100, 5001, 10, "third", 9000).size(), 2u)
        << "a rescheduled or released record is free at once";
}

TEST(LeaseKeeper, AnOrderWhoseClaimRanOutIsNotWrittenByTheWorkerThatLostIt) {
    auto* server = PostgresServer::get();
    if (!server) GTEST_SKIP() << PostgresServer::unavailable_reason();
    const auto url = server->fresh_database_url();
    Store stalled(url), other(url);
    stalled.enqueue("main", "orders", "1001", "{}", 10);
    stalled.enqueue("main", "orders", "1002", "{}", 10);
    auto mine = stalled.claim_work("main", "orders", 100, 100, 10, "stalled", 5000);
    ASSERT_EQ(mine.size(), 2u);
    // Still inside the claim: both stay the stalled worker's, now until 9000.
    EXPECT_EQ(stalled.renew_claims({mine[0].id, mine[1].id}, "stalled", 4000, 9000).size(), 2u);
    // It stalls past 9000; another worker claims them and delivers.
    auto taken = other.claim_work("main", "orders", 100, 9000, 10, "other", 20000);
    ASSERT_EQ(taken.size(), 2u);
    EXPECT_TRUE(stalled.renew_claims({mine[0].id, mine[1].id}, "stalled", 9500, 14500).empty())
        << "the stalled worker must not write orders another worker has claimed";
    EXPECT_EQ(other.renew_claims({taken[0].id}, "other", 9500, 25000), std::set<int64_t>{taken[0].id});
}
