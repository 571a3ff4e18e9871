// The plugin inside the real host pipeline (SyncRunner): orders from a file-system shop
// into the Specter emulator once, then status back to that shop through status.read and
// the host's status.ack, so the ack handshake is the host's, not a test's imitation.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <skarv/records.hpp>

#include "skarv/host/flow/sync_runner.hpp"
#include "skarv/sandbox/specter_emulator.hpp"

namespace fs = std::filesystem;
using skarv::sandbox::SpecterEmulator;
using skarv::sandbox::SpecterFeed;

namespace {

struct SpecterPluginHostFlow : ::testing::Test {
    SpecterEmulator emu{[] {
        SpecterEmulator::Options o;
        o.seed.products = 3;
        o.seed.variants_per_product = 1;
        o.today = "2026-11-23";
        return o;
    }()};
    fs::path root = fs::temp_directory_path() / ("skarv-specter-flow-" + std::to_string(::getpid()));
    std::ostringstream log;
    skarv::host::Logger logger{log, SKARV_LOG_INFO};

    void SetUp() override {
        emu.start();
        fs::remove_all(root);
        fs::create_directories(root / "shop");
        fs::create_directories(root / "plugins");
        // Only the two plugins this connection needs, whatever else build/plugins holds.
        fs::copy_file(SKARV_SPECTER_PLUGIN, root / "plugins" / "specter.so");
        fs::copy_file(SKARV_FILE_SYSTEM_PLUGIN, root / "plugins" / "file-system.so");
    }
    void TearDown() override { fs::remove_all(root); }

    std::string config() const {
        const auto& o = emu.options();
        boost::json::object erp{{"plugin", "specter"}, {"base_url", emu.base_url()}, {"sbm_id", o.sbm_id},
                                {"api_user_id", o.api_user_id}, {"api_user_key", o.api_user_key},
                                {"integration_key", o.integration_key}, {"timeout_ms", 3000}};
        boost::json::object doc{
            {"plugin_dirs", {(root / "plugins").string()}},
            {"state_db", (root / "state.db").string()},
            {"connections", {{{"name", "main"}, {"flow", "erp"},
                              {"shops", {{{"plugin", "file-system"}, {"dir", (root / "shop").string()}}}},
                              {"erp", erp}, {"options", {{"orders_as", "order"}}}}}}};
        auto path = root / "skarv.json";
        std::ofstream(path) << boost::json::serialize(doc);
        return path.string();
    }

    boost::json::value shop_order(const std::string& id, const std::string& sku) const {
        auto sek = [](const char* s) { return skarv::model::Money::parse(s, "SEK"); };
        skarv::model::Order o;
        o.order_id = id;
        o.customer.customer_number = "C" + id;
        o.customer.first_name = "Åsa";
        o.customer.last_name = "Öberg";
        o.customer.email = "asa@example.se";
        o.lines = {{sku, "Vara", 2, sek("199.00"), 2500, sek("0")}};
        o.discounts = {{"VINTER50", "Vinterrabatt", sek("50.00"), 2500}};
        o.shipping = skarv::model::Shipping{"ombud", "PostNord", sek("49.00"), 2500};
        o.payment = skarv::model::Payment{"klarna", "kl-" + id, sek("397.00")};
        return boost::json::value_from(o);
    }

    boost::json::array written(const std::string& entity) const {
        auto p = root / "shop" / ("written-" + entity + ".json");
        if (!fs::exists(p)) return {};
        std::ifstream in(p);
        std::stringstream s;
        s << in.rdbuf();
        return boost::json::parse(s.str()).as_array();
    }
};

}  // namespace

TEST_F(SpecterPluginHostFlow, OrdersGoInOnceAndStatusComesBackAcknowledged) {
    std::string sku;
    for (const auto& a : emu.articles())
        if (a.keeps_stock) sku = a.article_no;
    boost::json::array orders{shop_order("100001", sku), shop_order("100002", sku)};
    std::ofstream(root / "shop" / "orders.json") << boost::json::serialize(orders);

    int64_t now = 1'800'000'000'000;
    skarv::host::SyncRunner runner(config(), logger, [&] { return now; });
    auto reports = runner.pass({std::nullopt, std::string("orders")}, {});
    ASSERT_EQ(reports.size(), 1u) << log.str();
    EXPECT_EQ(reports[0].created, 2) << log.str();
    EXPECT_EQ(reports[0].failed, 0) << log.str();
    ASSERT_EQ(emu.orders().size(), 2u);
    for (const auto& o : emu.orders()) EXPECT_EQ(o.total_inc_vat, 39700);   // 2 x 199 - 50 + 49

    // A second pass: still two.
    runner.pass({std::nullopt, std::string("orders")}, {});
    EXPECT_EQ(emu.orders().size(), 2u);

    auto first = emu.order_by_external_no("100001");
    ASSERT_TRUE(first);
    emu.deliver(first->order_no, "TRK-9");
    // Invoices come by Specter's callback (the service's /callback route), not the feed.
    emu.invoice(first->order_no);
    reports = runner.pass({std::nullopt, std::string("status")}, {});
    ASSERT_EQ(reports.size(), 1u);
    EXPECT_EQ(reports[0].failed, 0) << log.str();
    // The host first tells the shop each order was created in Specter ("confirmed", with
    // Specter's order number), then Specter's own events follow.
    boost::json::array events;
    std::set<std::string> confirmed;
    for (const auto& e : written("status")) {
        if (e.at("status") != "confirmed") {
            events.push_back(e);
            continue;
        }
        confirmed.insert(std::string(e.at("order_id").as_string()));
        EXPECT_FALSE(e.at("erp_order_no").as_string().empty()) << boost::json::serialize(e);
    }
    EXPECT_EQ(confirmed, (std::set<std::string>{"100001", "100002"})) << log.str();
    ASSERT_EQ(events.size(), 1u) << log.str();
    auto delivered = skarv::model::read_order_status_event(events[0]);
    EXPECT_EQ(delivered.order_id, "100001");
    EXPECT_EQ(delivered.tracking_number, "TRK-9");
    // The host acknowledged the batch after recording it.
    EXPECT_FALSE(emu.open_batch(SpecterFeed::orders));
    EXPECT_EQ(emu.pending(SpecterFeed::orders), 0u);
    EXPECT_EQ(log.str().find(emu.options().integration_key), std::string::npos);
    EXPECT_EQ(log.str().find(emu.options().api_user_key), std::string::npos);
}
