#include "jetshop_test_client.hpp"

using namespace jetshop_test;

namespace {

class SandboxJetshopMultishop : public Fixture {
protected:
    void SetUp() override {
        JetshopEmulator::Options o;
        o.seed.products = 3;
        o.seed.orders = 12;
        o.seed.channels = 3;
        boot(o);
    }
};

}  // namespace

TEST_F(SandboxJetshopMultishop, EachApplicationHasItsOwnPriceListAndCurrency) {
    const auto s = state();
    const auto& apps = s.at("applications").as_array();
    ASSERT_EQ(apps.size(), 3u);
    std::set<std::string> lists, keys;
    for (const auto& a : apps) {
        lists.insert(std::string(a.at("PriceListCode").as_string()));
        keys.insert(std::string(a.at("ApplicationKey").as_string()));
    }
    EXPECT_EQ(lists.size(), 3u);
    EXPECT_EQ(keys.size(), 3u);
    EXPECT_EQ(apps.at(1).at("CurrencyCode").as_string(), "NOK");
    // One SKU, a price in every market's list.
    const auto& prices = s.at("skus").at("A1001-1").at("Prices").as_object();
    for (const auto& l : lists) EXPECT_TRUE(prices.contains(l)) << l;
}

TEST_F(SandboxJetshopMultishop, PriceImportForOneMarketLeavesTheOthersAlone) {
    const auto before = state().at("skus").at("A1002-1").at("Prices").as_object();
    const auto [resp, job] = import("ImportSkuPriceLists",
                                    json::parse(R"([{"PartNo":"A1002-1","PriceListCode":"PL-NO","PriceSale":555.5}])"),
                                    R"({"AccountId":1,"FullFile":false,"SkuPriceListFieldsThatAreSet":["PriceSale"]})");
    EXPECT_EQ(job.at("StatusId").as_int64(), 2);
    const auto after = state().at("skus").at("A1002-1").at("Prices").as_object();
    EXPECT_DOUBLE_EQ(num(after.at("PL-NO").at("PriceSale")), 555.5);
    EXPECT_EQ(after.at("PL-SE"), before.at("PL-SE"));
    EXPECT_EQ(after.at("PL-FI"), before.at("PL-FI"));

    // A new order in the Norwegian shop is priced from its list, in NOK.
    const std::string ref = emu->create_order(
        {{"ApplicationId", 2}, {"Items", json::array{json::object{{"PartNo", "A1002-1"}, {"Quantity", 1}}}}});
    const auto q = get(query("/Orders/Orders?$expand=Items&$filter=ApplicationId%20eq%202%20and%20QuotationId%20eq%20" + ref));
    ASSERT_EQ(q.status, 200) << q.body;
    const json::value body = q.json();
    const auto& order = body.at("value").as_array().at(0);
    EXPECT_EQ(order.at("CurrencyCode").as_string(), "NOK");
    EXPECT_DOUBLE_EQ(num(order.at("Items").as_array().at(0).at("PriceSale")), 555.5);
}

TEST_F(SandboxJetshopMultishop, OrdersAreFilteredPerApplication) {
    size_t total = 0;
    for (int app = 1; app <= 3; ++app) {
        const Reply r = get(query("/Orders/Orders?$filter=ApplicationId%20eq%20" + std::to_string(app)));
        ASSERT_EQ(r.status, 200);
        const json::value body = r.json();
        for (const auto& o : body.at("value").as_array()) EXPECT_EQ(o.at("ApplicationId").as_int64(), app);
        total += body.at("value").as_array().size();
    }
    EXPECT_EQ(total, 12u);
}

TEST_F(SandboxJetshopMultishop, ImportedPrimaryPriceListBecomesTheMarketsList) {
    const auto [resp, job] = import("ImportPriceLists",
        json::parse(R"([{"Code":"PL-SE-KAMPANJ","Name":"Kampanj","CurrencyCode":"SEK","IsPrimary":true}])"),
        R"({"AccountId":1,"FullFile":false})");
    EXPECT_EQ(job.at("StatusId").as_int64(), 2);
    EXPECT_EQ(state().at("applications").as_array().at(0).at("PriceListCode").as_string(), "PL-SE-KAMPANJ");
}

// ---- faults: they come from the shared frame, on every business endpoint ----

class SandboxJetshopFaults : public Fixture {
protected:
    void SetUp() override {
        JetshopEmulator::Options o;
        o.seed.orders = 3;
        boot(o);
    }
};

TEST_F(SandboxJetshopFaults, RateLimitOnQueryAnswers429WithRetryAfterThenRecovers) {
    const Reply add = call(base, "POST", "/_control/faults",
                           R"({"kind":"rate_limit","path":")" + query("/Orders/Orders") + R"(","status":429,"retry_after_s":2,"times":1})");
    ASSERT_LT(add.status, 300) << add.body;
    Reply r = get(query("/Orders/Orders"));
    EXPECT_EQ(r.status, 429);
    EXPECT_EQ(r.headers["Retry-After"], "2");
    r = get(query("/Orders/Orders"));
    EXPECT_EQ(r.status, 200) << "the rule was for one request";
}

TEST_F(SandboxJetshopFaults, ServerErrorOnAnImportLosesNothingWhenRetried) {
    const Reply add = call(base, "POST", "/_control/faults",
                           R"({"kind":"server_error","path":")" + connect("/Product/*") + R"(","status":500,"times":1})");
    ASSERT_LT(add.status, 300) << add.body;
    const json::value items = json::parse(R"([{"PartNo":"A1001-1","WarehouseCode":"LAGER1","LocationCode":"MAIN","OnhandValue":31}])");
    const Reply failed = post(connect("/Product/ImportOnhands"), items, {{"X-StormConnect-Header", R"({"AccountId":1,"FullFile":false})"}});
    EXPECT_EQ(failed.status, 500);
    const auto [resp, job] = import("ImportOnhands", items, R"({"AccountId":1,"FullFile":false})");
    EXPECT_EQ(job.at("StatusId").as_int64(), 2);
    EXPECT_EQ(num(state().at("skus").at("A1001-1").at("StockByWarehouse").at("LAGER1")), 31);
    EXPECT_EQ(state().at("jobs").as_object().size(), 1u) << "the failed call made no job";
}
