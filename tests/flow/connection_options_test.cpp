// options.stock_profiles and options.price_lists: ERP warehouses summed per profile into
// one shop warehouse (durably, across passes and restarts), routed to the profile's
// channels; price lists renamed between the ERP's and the shop's codes with the mapped
// customer group, in both directions; and what `skarv check` refuses.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "flow_fixture.hpp"
#include "skarv/host/flow/sync_runner.hpp"

using namespace skarv;
using skarv::test::FlowFixture;

namespace {

boost::json::value level(const char* sku, const char* warehouse, int64_t on_hand, int64_t available) {
    return {{"sku", sku}, {"warehouse", warehouse}, {"on_hand", on_hand}, {"available", available}};
}

boost::json::value sek(int64_t minor) { return {{"minor", minor}, {"currency", "SEK"}}; }

// The records the target holds for `key` (sku@warehouse), latest last.
std::vector<boost::json::object> stock_at(const boost::json::array& written, const std::string& sku, const std::string& warehouse) {
    std::vector<boost::json::object> out;
    for (const auto& r : written)
        if (r.at("sku") == sku.c_str() && r.at("warehouse") == warehouse.c_str()) out.push_back(r.as_object());
    return out;
}

// The fixture's config with explicit masters instead of a flow preset.
std::string with_masters(const std::string& config_path, const boost::json::object& masters) {
    std::ifstream in(config_path);
    std::stringstream text;
    text << in.rdbuf();
    auto doc = boost::json::parse(text.str());
    auto& connection = doc.at("connections").as_array()[0].as_object();
    connection.erase("flow");
    connection["masters"] = masters;
    std::ofstream(config_path) << boost::json::serialize(doc);
    return config_path;
}

host::TransferReport pass_of(host::SyncRunner& runner, const std::string& entity) {
    auto reports = runner.pass({std::nullopt, entity}, {});
    EXPECT_EQ(reports.size(), 1u);
    return reports.at(0);
}

const char* kSummedProfile =
    R"({"stock_profiles": [{"name": "web-se", "erp_warehouses": ["LAGER1", "LAGER2"], "shop_warehouse": "WEB-SE",
                            "low_threshold": 5}]})";

}  // namespace

TEST(StockProfiles, ErpWarehousesAreSummedIntoTheShopWarehouseAndKeptAcrossRestarts) {
    FlowFixture f("profiles-sum");
    f.put("erp", "stock", {level("A1", "LAGER1", 5, 4), level("A1", "LAGER2", 7, 6), level("B2", "LAGER1", 0, 0)});
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    auto config = f.config("erp", "", true, kSummedProfile);
    {
        host::SyncRunner runner(config, logger);
        auto report = pass_of(runner, "stock");
        EXPECT_EQ(report.considered, 3);
        EXPECT_EQ(report.failed, 0);
        for (const char* side : {"shop", "shop2"}) {
            auto written = f.written(side, "stock");
            ASSERT_EQ(written.size(), 2u) << side << ": one level per SKU at the shop warehouse, not one per ERP warehouse";
            auto a1 = stock_at(written, "A1", "WEB-SE");
            ASSERT_EQ(a1.size(), 1u);
            EXPECT_EQ(a1[0].at("on_hand"), 12);
            EXPECT_EQ(a1[0].at("available"), 10);
            EXPECT_EQ(a1[0].at("status"), "in_stock");
            auto b2 = stock_at(written, "B2", "WEB-SE");
            ASSERT_EQ(b2.size(), 1u);
            EXPECT_EQ(b2[0].at("available"), 0);
            EXPECT_EQ(b2[0].at("status"), "out_of_stock");
            EXPECT_TRUE(stock_at(written, "A1", "LAGER1").empty());
        }
    }
    // Only LAGER2 changes; a fresh runner (a restart) reads just that record, and the sum
    // still holds LAGER1's figure from the first pass, kept in the store.
    f.put("erp", "stock", {level("A1", "LAGER1", 5, 4), level("A1", "LAGER2", 7, 6), level("B2", "LAGER1", 0, 0),
                           level("A1", "LAGER2", 2, 1)});
    host::SyncRunner restarted(config, logger);
    auto report = pass_of(restarted, "stock");
    EXPECT_EQ(report.considered, 1);
    auto a1 = stock_at(f.written("shop", "stock"), "A1", "WEB-SE");
    ASSERT_EQ(a1.size(), 2u);
    EXPECT_EQ(a1[1].at("on_hand"), 7);     // 5 at LAGER1 + 2 at LAGER2
    EXPECT_EQ(a1[1].at("available"), 5);   // 4 + 1, at the profile's low threshold
    EXPECT_EQ(a1[1].at("status"), "low");
    EXPECT_EQ(stock_at(f.written("shop2", "stock"), "A1", "WEB-SE").size(), 2u);
}

TEST(StockProfiles, AProfileReachesOnlyTheShopsOfItsChannels) {
    FlowFixture f("profiles-channels");
    f.put("erp", "stock", {level("A1", "LAGER1", 3, 3), level("A1", "LAGER2", 4, 4)});
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    host::SyncRunner runner(
        f.config("erp", "", true,
                 R"({"stock_profiles": [{"name": "web", "erp_warehouses": ["LAGER1"], "shop_warehouse": "WEB"},
                                        {"name": "b2b", "erp_warehouses": ["LAGER1", "LAGER2"], "shop_warehouse": "B2B",
                                         "channels": [2]}]})"),
        logger);
    pass_of(runner, "stock");
    auto shop1 = f.written("shop", "stock");
    auto shop2 = f.written("shop2", "stock");
    ASSERT_EQ(shop1.size(), 1u);
    EXPECT_EQ(stock_at(shop1, "A1", "WEB").at(0).at("available"), 3);
    EXPECT_TRUE(stock_at(shop1, "A1", "B2B").empty());
    ASSERT_EQ(shop2.size(), 2u);
    EXPECT_EQ(stock_at(shop2, "A1", "WEB").at(0).at("available"), 3);
    EXPECT_EQ(stock_at(shop2, "A1", "B2B").at(0).at("available"), 7);
}

TEST(StockProfiles, AWarehouseInNoProfileIsSkippedWithTheReason) {
    FlowFixture f("profiles-unknown");
    f.put("erp", "stock", {level("A1", "LAGER9", 8, 8), level("A1", "LAGER1", 2, 2)});
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    host::SyncRunner runner(f.config("erp", "", false, kSummedProfile), logger);
    auto report = pass_of(runner, "stock");
    EXPECT_EQ(report.skipped, 1);
    EXPECT_EQ(report.failed, 0);
    EXPECT_NE(report.errors_json.find("A1@LAGER9"), std::string::npos) << report.errors_json;
    EXPECT_NE(report.errors_json.find("ERP warehouse LAGER9 is in no stock profile"), std::string::npos) << report.errors_json;
    auto written = f.written("shop", "stock");
    ASSERT_EQ(written.size(), 1u);   // LAGER9's 8 are in no sum
    EXPECT_EQ(stock_at(written, "A1", "WEB-SE").at(0).at("available"), 2);
    EXPECT_TRUE(runner.store().dead_letters().empty());
}

TEST(StockProfiles, ShopLedStockGoesBackToTheProfilesErpWarehouse) {
    FlowFixture f("profiles-shop-led");
    f.put("shop", "stock", {level("A1", "WEB-SE", 9, 8), level("A2", "OUTLET", 1, 1)});
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    auto config = with_masters(
        f.config("erp", "", false,
                 R"({"stock_profiles": [{"name": "web-se", "erp_warehouses": ["LAGER1"], "shop_warehouse": "WEB-SE"}]})"),
        {{"stock", "shop"}});
    host::SyncRunner runner(config, logger);
    auto report = pass_of(runner, "stock");
    auto erp = f.written("erp", "stock");
    ASSERT_EQ(erp.size(), 1u);
    EXPECT_EQ(erp[0].at("sku"), "A1");
    EXPECT_EQ(erp[0].at("warehouse"), "LAGER1");
    EXPECT_EQ(erp[0].at("on_hand"), 9);
    EXPECT_EQ(erp[0].at("available"), 8);
    EXPECT_EQ(report.skipped, 1);
    EXPECT_NE(report.errors_json.find("shop warehouse OUTLET belongs to no stock profile of channel 1"), std::string::npos)
        << report.errors_json;
}

namespace {

const char* kPriceLists = R"({"price_lists": [{"erp": "2", "shop": "PL-B2B", "customer_group": "B2B"}]})";

boost::json::value price(const char* sku, const char* list, int64_t minor) {
    return {{"sku", sku}, {"price_list", list}, {"price_ex_vat", sek(minor)}};
}

boost::json::value price_list(const char* code, const char* group, const boost::json::array& prices) {
    boost::json::value l = {{"code", code}, {"name", std::string("Lista ") + code}, {"currency", "SEK"}, {"prices", prices}};
    if (group) l.as_object()["customer_group"] = group;
    return l;
}

}  // namespace

TEST(PriceListMapping, ErpCodesBecomeTheShopsWithTheCustomerGroup) {
    FlowFixture f("pricelists-to-shop");
    f.put("erp", "pricelists", {price_list("2", nullptr, {price("A1", "2", 15900)}), price_list("9", nullptr, {})});
    f.put("erp", "prices", {price("A1", "2", 15900), price("A1", "", 19900), price("A1", "9", 9900)});
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    host::SyncRunner runner(f.config("erp", "", false, kPriceLists), logger);
    auto lists_report = pass_of(runner, "pricelists");
    auto prices_report = pass_of(runner, "prices");

    auto lists = f.written("shop", "pricelists");
    ASSERT_EQ(lists.size(), 1u);
    EXPECT_EQ(lists[0].at("code"), "PL-B2B");
    EXPECT_EQ(lists[0].at("customer_group"), "B2B");
    EXPECT_EQ(lists[0].at("prices").at(0).at("price_list"), "PL-B2B");
    EXPECT_EQ(lists[0].at("prices").at(0).at("price_ex_vat").at("minor"), 15900);
    EXPECT_EQ(lists_report.skipped, 1);
    EXPECT_NE(lists_report.errors_json.find("the ERP's price list 9 is not in options.price_lists"), std::string::npos)
        << lists_report.errors_json;

    auto prices = f.written("shop", "prices");
    ASSERT_EQ(prices.size(), 2u);
    EXPECT_EQ(prices[0].at("price_list"), "PL-B2B");
    EXPECT_EQ(prices[0].at("price_ex_vat").at("minor"), 15900);
    EXPECT_EQ(prices[1].at("price_list"), "");   // the base price needs no mapping
    EXPECT_EQ(prices[1].at("price_ex_vat").at("minor"), 19900);
    EXPECT_EQ(prices_report.skipped, 1);
}

TEST(PriceListMapping, ShopCodesBecomeTheErpsWhenTheShopLeads) {
    FlowFixture f("pricelists-to-erp");
    f.put("shop", "pricelists", {price_list("PL-B2B", "Företag", {price("A1", "PL-B2B", 14900)})});
    f.put("shop", "prices", {price("A1", "PL-B2B", 14900), price("A1", "PL-OTHER", 100)});
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    auto config = with_masters(f.config("erp", "", false, kPriceLists), {{"pricelists", "shop"}, {"prices", "shop"}});
    host::SyncRunner runner(config, logger);
    pass_of(runner, "pricelists");
    auto prices_report = pass_of(runner, "prices");

    auto lists = f.written("erp", "pricelists");
    ASSERT_EQ(lists.size(), 1u);
    EXPECT_EQ(lists[0].at("code"), "2");
    EXPECT_EQ(lists[0].at("customer_group"), "B2B");
    EXPECT_EQ(lists[0].at("prices").at(0).at("price_list"), "2");
    auto prices = f.written("erp", "prices");
    ASSERT_EQ(prices.size(), 1u);
    EXPECT_EQ(prices[0].at("price_list"), "2");
    EXPECT_EQ(prices[0].at("price_ex_vat").at("minor"), 14900);
    EXPECT_EQ(prices_report.skipped, 1);
    EXPECT_NE(prices_report.errors_json.find("the shop's price list PL-OTHER"), std::string::npos) << prices_report.errors_json;
}

namespace {

std::vector<std::string> problems_of(const std::string& config_path) {
    std::vector<std::string> out;
    for (const auto& p : host::load_host_config(config_path).problems) out.push_back(p.to_string());
    return out;
}

bool has(const std::vector<std::string>& problems, const std::string& text) {
    for (const auto& p : problems)
        if (p.find(text) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST(ConnectionOptionsCheck, RefusesProfilesItCannotCarryOut) {
    FlowFixture f("options-check");
    const char* options = R"({"stock_profiles": [
        {"name": "web", "erp_warehouses": ["LAGER1", "LAGER2"], "shop_warehouse": "WEB"},
        {"name": "web", "erp_warehouses": ["LAGER3"], "shop_warehouse": "WEB", "channels": [3]},
        {"name": "nowhere", "erp_warehouses": []}],
      "price_lists": [{"erp": "2", "shop": "PL-B2B"}, {"erp": "2", "shop": "PL-X"}, {"shop": "PL-Y"}]})";
    auto problems = problems_of(with_masters(f.config("erp", "", true, options), {{"stock", "shop"}}));
    std::string all;
    for (const auto& p : problems) all += p + "\n";
    EXPECT_TRUE(has(problems, "connections[0].options.stock_profiles[0].erp_warehouses: the shop leads stock in this "
                              "connection, and a shop figure cannot be split over 2 ERP warehouses"))
        << all;
    EXPECT_TRUE(has(problems, "connections[0].options.stock_profiles[1].name: profile name 'web' is already used")) << all;
    EXPECT_TRUE(has(problems, "connections[0].options.stock_profiles[1].channels[0]: no shop of this connection has channel 3"))
        << all;
    EXPECT_TRUE(has(problems, "connections[0].options.stock_profiles[2].shop_warehouse: required")) << all;
    EXPECT_TRUE(has(problems, "connections[0].options.stock_profiles[2].erp_warehouses: needs at least 1")) << all;
    EXPECT_TRUE(has(problems, "connections[0].options.price_lists[1].erp: price list '2' is already mapped by "
                              "connections[0].options.price_lists[0]"))
        << all;
    EXPECT_TRUE(has(problems, "connections[0].options.price_lists[2].erp: required")) << all;

    // Two shop warehouses fed on one channel would overwrite each other.
    auto clash = problems_of(f.config("erp", "", true, R"({"stock_profiles": [
        {"name": "a", "erp_warehouses": ["LAGER1"], "shop_warehouse": "WEB"},
        {"name": "b", "erp_warehouses": ["LAGER2"], "shop_warehouse": "WEB", "channels": [2]}]})"));
    EXPECT_TRUE(has(clash, "connections[0].options.stock_profiles[1].shop_warehouse: shop warehouse 'WEB' on channel 2 is "
                           "already fed by profile 'a'"));

    // The same summing profile is fine where the ERP leads stock.
    EXPECT_TRUE(problems_of(f.config("erp", "", true, kSummedProfile)).empty());
}
