// Connections are reused (issue #14): a products pass of 1,000 articles from the Specter
// emulator into the Norce emulator, through the real host (SyncRunner) and the real
// specter.so and jetshop.so, opens a handful of TCP connections to each emulator, not
// one per request. The emulators count the connections they accept.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <boost/json.hpp>

#include "skarv/host/flow/sync_runner.hpp"
#include "skarv/sandbox/http_emulator.hpp"
#include "skarv/sandbox/jetshop_emulator.hpp"
#include "skarv/sandbox/specter_emulator.hpp"

namespace fs = std::filesystem;
namespace json = boost::json;
using skarv::sandbox::JetshopEmulator;
using skarv::sandbox::SpecterEmulator;

namespace {

constexpr int kArticles = 1000;

// Most connections one connector may open to its system in the pass: one per client
// it holds (jetshop.so: the token client and the API client) and a replacement or two.
// Without reuse it is one per request: hundreds.
constexpr uint64_t kMostConnections = 4;

struct ConnectionReuse : ::testing::Test {
    SpecterEmulator erp{[] {
        SpecterEmulator::Options o;
        o.seed.products = kArticles;
        o.seed.variants_per_product = 0;   // one SKU per article
        o.seed.channels = 1;
        o.seed.orders = 0;
        return o;
    }()};
    JetshopEmulator shop{[] {
        JetshopEmulator::Options o;
        o.seed.products = 0;   // every article is new to the shop
        o.seed.channels = 1;
        o.seed.orders = 0;
        o.push_seed_orders = false;
        return o;
    }()};
    fs::path root = fs::temp_directory_path() / ("skarv-connection-reuse-" + std::to_string(::getpid()));
    std::ostringstream log;
    skarv::host::Logger logger{log, SKARV_LOG_INFO};

    void SetUp() override {
        erp.start();
        shop.start();
        fs::remove_all(root);
        fs::create_directories(root / "plugins");
        fs::copy_file(SKARV_SPECTER_PLUGIN, root / "plugins" / "specter.so");
        fs::copy_file(SKARV_JETSHOP_PLUGIN, root / "plugins" / "jetshop.so");
    }
    void TearDown() override { fs::remove_all(root); }

    std::string config() const {
        json::array apps;
        const auto state = shop.state();
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
                           {"account_id", 1},
                           {"applications", apps},
                           {"timeouts", {{"request_ms", 10000}, {"job_wait_ms", 30000}, {"job_poll_ms", 20}}}};
        const auto& o = erp.options();
        json::object specter{{"plugin", "specter"}, {"base_url", erp.base_url()}, {"sbm_id", o.sbm_id},
                             {"api_user_id", o.api_user_id}, {"api_user_key", o.api_user_key},
                             {"integration_key", o.integration_key}, {"timeout_ms", 10000}};
        json::object doc{{"plugin_dirs", {(root / "plugins").string()}},
                         {"state_db", (root / "state.db").string()},
                         {"connections", {{{"name", "butik-erp"}, {"flow", "erp"}, {"shop", norce}, {"erp", specter}}}}};
        auto path = root / "skarv.json";
        std::ofstream(path) << json::serialize(doc);
        return path.string();
    }
};

}  // namespace

TEST_F(ConnectionReuse, AProductsPassOfAThousandArticlesOpensAHandfulOfConnections) {
    skarv::host::SyncRunner runner(config(), logger);
    erp.http().reset_connection_count();
    shop.http().reset_connection_count();

    auto reports = runner.pass({std::nullopt, "products"}, {});
    ASSERT_EQ(reports.size(), 1u) << log.str();
    const auto& report = reports[0];
    EXPECT_EQ(report.considered, kArticles) << report.errors_json;
    EXPECT_EQ(report.created, kArticles) << report.errors_json;
    EXPECT_EQ(report.failed, 0) << report.errors_json;
    EXPECT_EQ(report.read_failures, 0) << log.str();
    // The outcome, as Norce holds it: every article arrived.
    EXPECT_EQ(shop.state().at("skus").as_object().size(), static_cast<std::size_t>(kArticles));

    const auto specter_requests = erp.http().request_log().size();
    const auto norce_requests = shop.http().request_log().size();
    EXPECT_LE(erp.http().accepted_connections(), kMostConnections)
        << "Specter answered " << specter_requests << " requests";
    EXPECT_LE(shop.http().accepted_connections(), kMostConnections) << "Norce answered " << norce_requests << " requests";
    // Many requests did go over those connections.
    EXPECT_GE(specter_requests + norce_requests, 2 * kMostConnections + 2);
}
