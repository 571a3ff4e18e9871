// Two services (workers) in this process on one PostgreSQL database, as two `skarv run`
// on two machines would be: the merchants are split between them by leases, a push to
// either is delivered once by the holder of its connection, and a worker that stops
// hands its merchants to the other. The whole thing with kill -9 and the emulators is
// tests/cluster/; this is the quick check of the service's side.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "../flow/flow_fixture.hpp"
#include "../postgres/postgres_server.hpp"
#include "service_http.hpp"
#include "shared_workers.hpp"
#include "skarv/host/service/service.hpp"

using namespace skarv;
using skarv::test::FlowFixture;
using skarv::test::PostgresServer;
using skarv::test::kMerchants;
using skarv::test::kShopAuth;
using skarv::test::shared_config;
using skarv::test::Worker;
namespace fs = std::filesystem;

namespace {

// order id -> times it is in the merchant's ERP
std::map<std::string, int> erp_orders(const FlowFixture& f, const std::string& merchant) {
    std::map<std::string, int> out;
    auto p = f.root / (merchant + "-erp") / "written-orders.json";
    if (!fs::exists(p)) return out;
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    boost::system::error_code ec;
    auto doc = boost::json::parse(s.str(), ec);
    if (ec) return out;   // being rewritten this instant
    for (const auto& o : doc.as_array()) ++out[std::string(o.at("order_id").as_string())];
    return out;
}

template <class Done>
bool wait_until(Done done, int seconds) {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (!done()) {
        if (std::chrono::steady_clock::now() > give_up) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return true;
}

int push(uint16_t port, const std::string& merchant, const std::string& order_id) {
    auto body = boost::json::serialize(boost::json::array{test::swedish_order(order_id)});
    return test::send(port, {"POST", "/push/" + merchant + "/1", body, "application/json", {{"Authorization", kShopAuth}}}).status;
}

}  // namespace

TEST(SharedDatabase, TwoWorkersSplitTheMerchantsAndAPushToEitherIsDeliveredOnceByTheHolder) {
    auto* server = PostgresServer::get();
    if (!server) GTEST_SKIP() << PostgresServer::unavailable_reason();
    FlowFixture f("shared-database");
    const auto config = shared_config(f, server->fresh_database_url());
    Worker a(config), b(config);
    ASSERT_TRUE(wait_until([&] { return a.held() == 3 && b.held() == 3; }, 20))
        << "a holds " << a.held() << ", b " << b.held() << "\n" << a.log.str() << b.log.str();
    for (const auto& c : a.service.leases()->held()) EXPECT_FALSE(b.service.leases()->holds(c)) << c;

    // Every merchant gets orders pushed to both workers: half reach the one without its lease.
    std::map<std::string, std::vector<std::string>> pushed;
    for (std::size_t m = 0; m < kMerchants.size(); ++m)
        for (int k = 0; k < 4; ++k) {
            const auto id = "7" + std::to_string(m) + std::to_string(k) + "001";
            ASSERT_EQ(push(k % 2 ? a.port : b.port, kMerchants[m], id), 200) << kMerchants[m] << " " << id;
            pushed[kMerchants[m]].push_back(id);
        }
    auto all_delivered = [&] {
        for (const auto& [merchant, ids] : pushed)
            if (erp_orders(f, merchant).size() != ids.size()) return false;
        return true;
    };
    ASSERT_TRUE(wait_until(all_delivered, 30)) << a.log.str() << b.log.str();
    for (const auto& [merchant, ids] : pushed) {
        const auto held = erp_orders(f, merchant);
        for (const auto& id : ids) EXPECT_EQ(held.count(id) ? held.at(id) : 0, 1) << merchant << " order " << id;
    }

    // a stops cleanly: its leases go back at once and b takes every merchant well before
    // a's leases would have run out.
    const auto stopped = std::chrono::steady_clock::now();
    a.stop();
    ASSERT_TRUE(wait_until([&] { return b.held() == kMerchants.size(); }, 10)) << b.log.str();
    EXPECT_LT(std::chrono::steady_clock::now() - stopped, std::chrono::milliseconds(1500)) << "took longer than the lease";
    for (std::size_t m = 0; m < kMerchants.size(); ++m) {
        const auto id = "7" + std::to_string(m) + "9001";
        ASSERT_EQ(push(b.port, kMerchants[m], id), 200);
        pushed[kMerchants[m]].push_back(id);
    }
    ASSERT_TRUE(wait_until(all_delivered, 30)) << b.log.str();
    for (const auto& [merchant, ids] : pushed)
        for (const auto& [id, times] : erp_orders(f, merchant)) EXPECT_EQ(times, 1) << merchant << " order " << id;
}

TEST(SharedDatabase, RunNowOnAWorkerWithoutTheLeaseNamesTheHolder) {
    auto* server = PostgresServer::get();
    if (!server) GTEST_SKIP() << PostgresServer::unavailable_reason();
    FlowFixture f("shared-database-run");
    const auto config = shared_config(f, server->fresh_database_url());
    test::configure_admin(config, {});
    Worker a(config), b(config);
    ASSERT_TRUE(wait_until([&] { return a.held() == 3 && b.held() == 3; }, 20)) << a.log.str() << b.log.str();
    const auto of_a = a.service.leases()->held().front();
    auto asked_b = test::admin(b.port, "POST", "/api/connections/" + of_a + "/run");
    EXPECT_EQ(asked_b.status, 409) << asked_b.body;
    EXPECT_NE(asked_b.body.find(a.service.leases()->worker_id()), std::string::npos) << asked_b.body;
    auto asked_a = test::admin(a.port, "POST", "/api/connections/" + of_a + "/run");
    EXPECT_EQ(asked_a.status, 202) << asked_a.body;
    auto workers = test::admin(b.port, "GET", "/api/workers");
    ASSERT_EQ(workers.status, 200) << workers.body;
    auto doc = boost::json::parse(workers.body).as_object();
    EXPECT_EQ(doc.at("workers").as_array().size(), 2u) << workers.body;
    EXPECT_EQ(doc.at("leases").as_array().size(), kMerchants.size()) << workers.body;
    auto metrics = test::admin(b.port, "GET", "/metrics");
    EXPECT_NE(metrics.body.find("\nskarv_worker_leases 3\n"), std::string::npos) << metrics.body;
    EXPECT_NE(metrics.body.find("\nskarv_workers_live 2\n"), std::string::npos) << metrics.body;
}
