// Status back to the shop the order came from; catalogue ERP -> shops with unchanged
// records skipped by content hash.
#include <gtest/gtest.h>

#include <sstream>

#include "flow_fixture.hpp"
#include "skarv/host/flow/sync_runner.hpp"

using namespace skarv;
using skarv::test::FlowFixture;
using skarv::test::swedish_order;

TEST(FlowStatus, StatusGoesBackToTheShopTheOrderCameFrom) {
    FlowFixture f("status");
    f.put("shop", "orders", {swedish_order("100001")});
    f.put("shop2", "orders", {swedish_order("200001", "TSHIRT-BLUE-M", 2)});
    f.put("erp", "status",
          {{{"order_id", "200001"}, {"status", "delivered"}, {"tracking_number", "PN123456789SE"}, {"carrier", "PostNord"},
            {"customer_email", "asa@example.se"}},
           {{"order_id", "100001"}, {"status", "invoiced"},
            {"capture", {{"amount", {{"minor", 74770}, {"currency", "SEK"}}}, {"payment_reference", "kl-100001"}}}}});
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    host::SyncRunner runner(f.config("erp", "", true), logger);
    auto reports = runner.pass({}, {});
    // Each shop first hears that the ERP created its order (confirmed, queued by the
    // order pass), then the ERP's own event.
    auto shop1 = f.written("shop", "status");
    auto shop2 = f.written("shop2", "status");
    ASSERT_EQ(shop1.size(), 2u);
    ASSERT_EQ(shop2.size(), 2u);
    EXPECT_EQ(shop1[0].at("status"), "confirmed");
    EXPECT_EQ(shop1[0].at("order_id"), "100001");
    EXPECT_EQ(shop2[0].at("status"), "confirmed");
    EXPECT_EQ(shop2[0].at("order_id"), "200001");
    EXPECT_EQ(shop1[1].at("status"), "invoiced");
    EXPECT_EQ(shop1[1].at("capture").at("amount").at("minor"), 74770);
    EXPECT_EQ(shop2[1].at("tracking_number"), "PN123456789SE");
    // Sent once: a second pass with the same feed sends nothing.
    runner.pass({}, {});
    EXPECT_EQ(f.written("shop", "status").size(), 2u);
}

TEST(FlowCatalogue, ErpLedStockGoesToEveryShopAndUnchangedIsSkipped) {
    FlowFixture f("stock");
    f.put("erp", "stock", {{{"sku", "A1001-1"}, {"warehouse", "LAGER1"}, {"on_hand", 5}, {"available", 4}},
                           {{"sku", "A1001-2"}, {"warehouse", "LAGER1"}, {"on_hand", 0}, {"available", 0}}});
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    host::SyncRunner runner(f.config("erp", "", true), logger);
    host::TransferOptions initial;
    initial.initial = true;
    auto reports = runner.pass({std::nullopt, std::string("stock")}, initial);
    EXPECT_EQ(reports[0].considered, 2);
    EXPECT_EQ(f.written("shop", "stock").size(), 2u);
    EXPECT_EQ(f.written("shop2", "stock").size(), 2u);
    // Read everything again (initial): nothing changed, so nothing is written.
    auto again = runner.pass({std::nullopt, std::string("stock")}, initial);
    EXPECT_EQ(again[0].unchanged, 4);   // 2 records x 2 shops
    EXPECT_EQ(f.written("shop", "stock").size(), 2u);
}

TEST(FlowCatalogue, EcomFlowSendsProductsShopToErp) {
    FlowFixture f("ecom");
    f.put("shop", "products", {{{"article_number", "A1001"}, {"name", "Tröja"}, {"vat_rate_bp", 2500}}});
    f.put("erp", "stock", {{{"sku", "A1001"}, {"warehouse", "L"}, {"on_hand", 1}}});
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    host::SyncRunner runner(f.config("ecom"), logger);
    runner.pass({}, {});
    EXPECT_EQ(f.written("erp", "products").size(), 1u);
    EXPECT_EQ(f.written("erp", "products")[0].at("name"), "Tröja");
    EXPECT_TRUE(f.written("shop", "stock").empty());   // ecom: the ERP does not lead stock
}

// Issue #14: no silent cap. A pass reads until the source is exhausted, or to the
// connection's max_records_per_pass, which its report and log then state; the next pass
// goes on from there.
TEST(FlowCatalogue, APassStopsAtTheConfiguredRecordLimitSaysSoAndTheNextGoesOn) {
    FlowFixture f("limit");
    boost::json::array products;
    for (int i = 1; i <= 5; ++i)
        products.push_back({{"article_number", "A100" + std::to_string(i)}, {"name", "Tröja"}, {"vat_rate_bp", 2500}});
    f.put("shop", "products", products);
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    host::SyncRunner runner(f.config("ecom", "", false, R"({"orders_as": "invoice", "max_records_per_pass": 3})"), logger);
    host::TransferOptions pages_of_two;
    pages_of_two.batch_size = 2;
    auto first = runner.pass({std::nullopt, std::string("products")}, pages_of_two);
    ASSERT_EQ(first.size(), 1u);
    EXPECT_EQ(first[0].considered, 4);   // two pages of two: the limit of 3 is reached after the second
    EXPECT_TRUE(first[0].stopped_at_limit);
    EXPECT_EQ(f.written("erp", "products").size(), 4u);
    EXPECT_NE(log.str().find("stopped at the connection's max_records_per_pass"), std::string::npos) << log.str();
    EXPECT_TRUE(runner.store().reports(1).at(0).stopped_at_limit);
    auto second = runner.pass({std::nullopt, std::string("products")}, pages_of_two);
    EXPECT_EQ(second[0].considered, 1);
    EXPECT_FALSE(second[0].stopped_at_limit);
    EXPECT_EQ(f.written("erp", "products").size(), 5u);
}

TEST(FlowCatalogue, WithoutALimitAPassReadsEveryPageTheSourceHas) {
    FlowFixture f("nolimit");
    boost::json::array products;
    for (int i = 0; i < 1005; ++i)
        products.push_back({{"article_number", "B" + std::to_string(10000 + i)}, {"name", "Byxa"}, {"vat_rate_bp", 2500}});
    f.put("shop", "products", products);
    std::ostringstream log, plan;
    host::Logger logger(log, SKARV_LOG_WARN);
    host::SyncRunner runner(f.config("ecom"), logger);
    host::TransferOptions pages_of_one;
    pages_of_one.batch_size = 1;   // 1,005 pages: past the old silent cap of 1,000
    pages_of_one.dry_run = true;   // the reading is what is tested; a dry run writes nothing
    auto reports = runner.pass({std::nullopt, std::string("products")}, pages_of_one, &plan);
    EXPECT_EQ(reports[0].considered, 1005);
    EXPECT_FALSE(reports[0].stopped_at_limit);
    EXPECT_NE(plan.str().find("would create B11004 in erp"), std::string::npos);
}

TEST(FlowPlan, PresetsAndMasters) {
    auto names = [](const std::vector<host::EntityFlow>& plan) {
        std::string s;
        for (const auto& e : plan) s += e.entity + (e.direction == host::Direction::shop_to_erp ? ">erp " : ">shop ");
        return s;
    };
    EXPECT_EQ(names(host::plan_for("ecom", nullptr)), "products>erp orders>erp status>shop ");
    EXPECT_EQ(names(host::plan_for("erp", nullptr)), "products>shop pricelists>shop prices>shop stock>shop orders>erp status>shop ");
    EXPECT_EQ(names(host::plan_for("combo", nullptr)), "products>erp pricelists>shop prices>shop stock>shop orders>erp status>shop ");
    boost::json::object masters{{"stock", "erp"}, {"orders", "shop"}};
    EXPECT_EQ(names(host::plan_for("", &masters)), "stock>shop orders>erp ");
    boost::json::object wrong{{"orders", "erp"}};
    EXPECT_THROW(host::plan_for("", &wrong), std::invalid_argument);
    EXPECT_THROW(host::plan_for("sideways", nullptr), std::invalid_argument);
}

TEST(FlowProgress, FormatsRateBarAndEta) {
    host::Progress p{"main", "products", 1200, 5000, 3000};
    EXPECT_EQ(host::format_progress(p), "main/products  1200/5000  [####................]  400/s  ETA 0:10");
    host::Progress unknown{"main", "stock", 50, std::nullopt, 0};
    EXPECT_EQ(host::format_progress(unknown), "main/stock  50  0/s");
}

TEST(FlowProgress, ReportedAfterEveryPage) {
    FlowFixture f("progress");
    boost::json::array stock;
    for (int i = 0; i < 7; ++i) stock.push_back({{"sku", "S" + std::to_string(i)}, {"warehouse", "L"}, {"on_hand", i}});
    f.put("erp", "stock", stock);
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    host::SyncRunner runner(f.config("erp"), logger);
    host::TransferOptions options;
    options.batch_size = 3;
    std::vector<int64_t> seen;
    runner.pass({std::nullopt, std::string("stock")}, options, nullptr, [&](const host::Progress& p) { seen.push_back(p.done); });
    EXPECT_EQ(seen, (std::vector<int64_t>{3, 6, 7}));
}
