// Orders Norce -> Specter through the real host (SyncRunner, jetshop.so, specter.so) with
// the state on PostgreSQL ("state_db": "postgresql://..."), against the emulators in this
// process and a real PostgreSQL (tests/postgres/postgres_server.hpp). Counted from what
// Specter itself holds: each released order once, with its total to the öre, also when
// the connection to PostgreSQL is lost in the middle of a delivery.
#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <boost/json.hpp>

#include "../postgres/postgres_server.hpp"
#include "skarv/host/flow/sync_runner.hpp"
#include "skarv/sandbox/http_emulator.hpp"
#include "skarv/sandbox/jetshop_emulator.hpp"
#include "skarv/sandbox/specter_emulator.hpp"

namespace fs = std::filesystem;
namespace json = boost::json;
using skarv::sandbox::JetshopEmulator;
using skarv::sandbox::SpecterEmulator;
using skarv::test::PostgresServer;

namespace {

skarv::sandbox::SeedOptions seed() {
    skarv::sandbox::SeedOptions s;
    s.seed = 11;
    s.products = 8;
    s.variants_per_product = 2;
    s.channels = 1;
    s.orders = 12;
    return s;
}

int64_t ore_of(const json::value& v) {
    if (v.is_double()) return static_cast<int64_t>(std::llround(v.get_double() * 100.0));
    return v.to_number<int64_t>() * 100;
}

struct PostgresOrderFlow : ::testing::Test {
    SpecterEmulator erp{[] {
        SpecterEmulator::Options o;
        o.seed = seed();
        return o;
    }()};
    JetshopEmulator shop{[] {
        JetshopEmulator::Options o;
        o.seed = seed();
        o.push_seed_orders = false;
        return o;
    }()};
    fs::path root = fs::temp_directory_path() / ("skarv-postgres-flow-" + std::to_string(::getpid()));
    std::string state_url;
    std::ostringstream log;
    skarv::host::Logger logger{log, SKARV_LOG_INFO};
    int64_t now = 1'800'000'000'000;

    void SetUp() override {
        if (!PostgresServer::get()) GTEST_SKIP() << PostgresServer::unavailable_reason();
        state_url = PostgresServer::get()->fresh_database_url();
        erp.start();
        shop.start();
        fs::remove_all(root);
        fs::create_directories(root / "plugins");
        fs::copy_file(SKARV_SPECTER_PLUGIN, root / "plugins" / "specter.so");
        fs::copy_file(SKARV_JETSHOP_PLUGIN, root / "plugins" / "jetshop.so");
    }
    void TearDown() override { fs::remove_all(root); }

    skarv::host::ClockFunction clock() {
        return [this] { return now; };
    }

    std::string config() const {
        json::array apps;
        const auto state = shop.state();   // a named copy: the loop reads into it
        for (const auto& a : state.at("applications").as_array()) {
            const auto& o = a.as_object();
            apps.push_back({{"channel", o.at("ApplicationId")}, {"application_id", o.at("ApplicationId")},
                            {"application_key", o.at("ApplicationKey")}, {"price_list", o.at("PriceListCode")},
                            {"currency", o.at("CurrencyCode")}, {"culture", o.at("CultureCode")},
                            {"sales_area_id", o.at("SalesAreaId")}});
        }
        JetshopEmulator::Options defaults;
        json::object norce{{"plugin", "jetshop"}, {"base_url", shop.base_url()},
                           {"client_id", defaults.client_id}, {"client_secret", defaults.client_secret},
                           {"account_id", 1}, {"applications", apps},
                           {"release_statuses", json::array{"Created", "Confirmed"}},
                           {"payment_methods", json::object{{"1", "klarna"}, {"2", "nets"}, {"3", "svea"}}},
                           {"manufacturer_code", "SKARV"}};
        const auto& o = erp.options();
        json::object specter{{"plugin", "specter"}, {"base_url", erp.base_url()}, {"sbm_id", o.sbm_id},
                             {"api_user_id", o.api_user_id}, {"api_user_key", o.api_user_key},
                             {"integration_key", o.integration_key}, {"webshops", json::object{{"1", "1"}}},
                             {"timeout_ms", 20000}};
        json::object doc{{"plugin_dirs", {(root / "plugins").string()}},
                         {"state_db", state_url},
                         {"connections", {{{"name", "butik"}, {"flow", "erp"}, {"shop", norce}, {"erp", specter},
                                           {"options", {{"orders_as", "order"}}}}}}};
        auto path = root / "skarv.json";
        std::ofstream(path) << json::serialize(doc);
        return path.string();
    }

    // The orders Norce lets go to the ERP: id -> total in öre.
    std::map<std::string, int64_t> released() const {
        std::map<std::string, int64_t> out;
        const auto state = shop.state();
        for (const auto& [ref, v] : state.at("orders").as_object()) {
            const auto status = v.at("StatusId").to_number<int64_t>();
            if (status == 0 || status == 2) out[std::string(ref)] = ore_of(v.at("TotalIncVat"));
        }
        return out;
    }
    // Specter's own books: externalOrderNo -> the totals of each copy.
    std::map<std::string, std::vector<int64_t>> books() const {
        std::map<std::string, std::vector<int64_t>> out;
        const auto state = erp.state();
        for (const auto& o : state.at("orders").as_array())
            out[std::string(o.at("externalOrderNo").as_string())].push_back(o.at("totals").at("incVat").to_number<int64_t>());
        return out;
    }
    void expect_each_released_once() const {
        const auto wanted = released();
        const auto held = books();
        ASSERT_FALSE(wanted.empty());
        for (const auto& [id, total] : wanted) {
            auto it = held.find(id);
            ASSERT_NE(it, held.end()) << "order " << id << " never reached Specter\n" << log.str();
            ASSERT_EQ(it->second.size(), 1u) << "order " << id << " is in Specter " << it->second.size() << " times";
            EXPECT_EQ(it->second[0], total) << "order " << id;
        }
        EXPECT_EQ(held.size(), wanted.size());
    }
};

}  // namespace

TEST_F(PostgresOrderFlow, EachReleasedOrderLandsOnceWithItsTotal) {
    skarv::host::SyncRunner runner(config(), logger, clock());
    ASSERT_TRUE(runner.store().on_postgresql());
    auto reports = runner.pass({std::nullopt, std::string("orders")}, {});
    ASSERT_EQ(reports.size(), 1u) << log.str();
    EXPECT_EQ(reports[0].failed, 0) << reports[0].errors_json;
    EXPECT_EQ(reports[0].created, static_cast<int64_t>(released().size())) << reports[0].errors_json;
    expect_each_released_once();
    // A second pass finds nothing new; Specter still holds each once.
    now += 60'000;
    runner.pass({std::nullopt, std::string("orders")}, {});
    expect_each_released_once();
    EXPECT_EQ(runner.store().queued("butik", "orders"), 0);
}

TEST_F(PostgresOrderFlow, AConnectionLostMidDeliveryLeavesTheOrderQueuedAndALaterPassDeliversItOnce) {
    skarv::host::SyncRunner runner(config(), logger, clock());
    // Specter creates each order at once but answers late, so the database can go away
    // while an order is inside Specter and the host has not yet recorded it.
    skarv::sandbox::FaultRule slow;
    slow.kind = skarv::sandbox::FaultKind::latency;
    slow.path = "/putInfo.asp";
    slow.latency_ms = 1500;
    slow.after_handler = true;
    erp.http().faults().add(slow);

    auto first = std::async(std::launch::async, [&] {
        try {
            return runner.pass({std::nullopt, std::string("orders")}, {});
        } catch (const std::exception& e) {
            log << "the pass failed: " << e.what() << "\n";
            return std::vector<skarv::host::TransferReport>{};
        }
    });
    // Once Specter holds the first order, the host's connection to PostgreSQL is cut.
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (books().empty() && std::chrono::steady_clock::now() < give_up)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ASSERT_FALSE(books().empty()) << "no order reached Specter\n" << log.str();
    PostgresServer::get()->terminate_sessions(PostgresServer::database_of(state_url));
    erp.http().faults().clear();
    const auto cut = first.get();
    // The order inside Specter when the database went could not be recorded (specter.so
    // keeps its Specter number in plugin state): the pass failed it, and it stays queued
    // with the rest for a later pass.
    ASSERT_EQ(cut.size(), 1u) << log.str();
    EXPECT_GE(cut[0].failed, 1) << log.str();
    EXPECT_NE(log.str().find("could not store"), std::string::npos) << log.str();
    EXPECT_LT(books().size(), released().size()) << log.str();
    EXPECT_GT(runner.store().queued("butik", "orders"), 0) << log.str();

    // Later passes (after any back-off) deliver the rest, the interrupted one once.
    for (int pass = 0; pass < 3 && runner.store().queued("butik", "orders") > 0; ++pass) {
        now += 3'600'000;
        runner.pass({std::nullopt, std::string("orders")}, {});
    }
    EXPECT_EQ(runner.store().queued("butik", "orders"), 0) << log.str();
    expect_each_released_once();
    EXPECT_TRUE(runner.store().dead_letters().empty());
}

TEST_F(PostgresOrderFlow, AnUnreachableDatabaseAtStartIsAClearErrorWithoutThePassword) {
    state_url = "postgresql://skarv:Hemligt-L0senord@127.0.0.1:1/skarv_state";
    try {
        skarv::host::SyncRunner runner(config(), logger, clock());
        FAIL() << "started on a database nothing serves";
    } catch (const std::exception& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("127.0.0.1"), std::string::npos) << message;
        EXPECT_NE(message.find("cannot connect to the state database"), std::string::npos) << message;
        EXPECT_EQ(message.find("Hemligt-L0senord"), std::string::npos) << message;
    }
    EXPECT_EQ(log.str().find("Hemligt-L0senord"), std::string::npos);
}
