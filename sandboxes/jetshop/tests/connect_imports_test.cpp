#include "jetshop_test_client.hpp"

using namespace jetshop_test;

namespace {

class SandboxJetshopImports : public Fixture {
protected:
    void SetUp() override {
        JetshopEmulator::Options o;
        o.seed.products = 4;
        o.seed.orders = 0;
        boot(o);
    }
    json::object sku(const std::string& part_no) { return state().at("skus").at(part_no).as_object(); }
};

}  // namespace

TEST_F(SandboxJetshopImports, ImportProductsCreatesProductVariantAndSku) {
    const json::value items = json::parse(R"([{
        "Code": "P-NEW", "ManufacturerCode": "ACME", "ManufacturerName": "Acme AB",
        "Cultures": [{"CultureCode": "sv-SE", "Name": "Ny tröja"}],
        "Variants": [{"ManufacturerPartNo": "P-NEW-M",
                      "Skus": [{"PartNo": "P-NEW-M", "EanCode": "7310000000017", "Status": 1,
                                "VatRates": [{"SalesAreaId": 1, "VatRate": 0.12}]}]}]}])");
    const auto [resp, job] = import("ImportProducts", items, R"({"AccountId":1,"FullFile":false})");
    EXPECT_EQ(resp.at("StatusCode").as_string(), "OK");
    EXPECT_EQ(resp.at("ValidationSummary").at("NrOfItemsInTotal").as_int64(), 1);
    EXPECT_EQ(job.at("StatusId").as_int64(), 2) << "succeeded";
    EXPECT_EQ(job.at("Insert").as_int64(), 1);

    const auto s = state();
    EXPECT_EQ(s.at("products").at("P-NEW").at("ManufacturerCode").as_string(), "ACME");
    const auto& sk = s.at("skus").at("P-NEW-M");
    EXPECT_EQ(sk.at("ProductCode").as_string(), "P-NEW");
    EXPECT_EQ(sk.at("EanCode").as_string(), "7310000000017");
    EXPECT_DOUBLE_EQ(num(sk.at("VatRate")), 0.12);
}

TEST_F(SandboxJetshopImports, VatRateIsReadAsFractionMultiplierOrPercent) {
    const json::value items = json::parse(R"([{"Code": "A1001", "Variants": [
        {"ManufacturerPartNo": "A1001-1", "Skus": [{"PartNo": "A1001-1", "VatRates": [{"SalesAreaId": 1, "VatRate": 1.12}]}]},
        {"ManufacturerPartNo": "A1001-2", "Skus": [{"PartNo": "A1001-2", "VatRates": [{"SalesAreaId": 1, "VatRate": 6}]}]},
        {"ManufacturerPartNo": "A1001-3", "Skus": [{"PartNo": "A1001-3", "VatRates": [{"SalesAreaId": 1, "VatRate": 1.0}]}]}]}])");
    const auto [resp, job] = import("ImportProducts", items, R"({"AccountId":1,"FullFile":false,"SkuFieldsThatAreSet":["VatRates"]})");
    EXPECT_EQ(job.at("StatusId").as_int64(), 2);
    EXPECT_DOUBLE_EQ(num(sku("A1001-1").at("VatRate")), 0.12);
    EXPECT_DOUBLE_EQ(num(sku("A1001-2").at("VatRate")), 0.06);
    EXPECT_DOUBLE_EQ(num(sku("A1001-3").at("VatRate")), 0.0);
}

TEST_F(SandboxJetshopImports, ProductFieldListUpdatesOnlyListedFields) {
    const auto before = sku("A1001-1");
    // Both EanCode and Status change in the payload, but only EanCode is declared set.
    const json::value items = json::parse(R"([{"Code": "A1001", "ManufacturerName": "Should not land",
        "Variants": [{"ManufacturerPartNo": "A1001-1",
                      "Skus": [{"PartNo": "A1001-1", "EanCode": "7310000000024", "Status": 5}]}]}])");
    const auto [resp, job] = import("ImportProducts", items,
        R"({"AccountId":1,"FullFile":false,"ProductFieldsThatAreSet":["Variants"],"SkuFieldsThatAreSet":["EanCode"]})");
    EXPECT_EQ(job.at("StatusId").as_int64(), 2);
    const auto after = sku("A1001-1");
    EXPECT_EQ(after.at("EanCode").as_string(), "7310000000024");
    EXPECT_EQ(after.at("Status"), before.at("Status")) << "Status was not in SkuFieldsThatAreSet";
    EXPECT_EQ(state().at("products").at("A1001").at("ManufacturerName").as_string(), "Skarv Demo AB");
}

TEST_F(SandboxJetshopImports, SkuPriceListsHonourFieldListAndIgnoreUnknownSkus) {
    const json::value items = json::parse(R"([
        {"PartNo": "A1001-1", "PriceListCode": "PL-SE", "PriceSale": 199.2, "PriceRecommended": 999},
        {"PartNo": "NOPE-1", "PriceListCode": "PL-SE", "PriceSale": 10}])");
    // Enum numbers as documented: 3 PriceSale.
    const auto [resp, job] = import("ImportSkuPriceLists", items, R"({"AccountId":1,"FullFile":false,"SkuPriceListFieldsThatAreSet":[3]})");
    EXPECT_EQ(job.at("StatusId").as_int64(), 2) << "unknown PartNo is ignored, not a failure";
    const auto prices = sku("A1001-1").at("Prices").at("PL-SE").as_object();
    EXPECT_DOUBLE_EQ(num(prices.at("PriceSale")), 199.2);
    EXPECT_FALSE(prices.contains("PriceRecommended")) << "not in the field list";

    const auto log = get(connect("/api/Job/GetLog?id=" + std::string(resp.at("JobId").as_string()))).json().as_array();
    bool warned = false;
    for (const auto& l : log)
        warned = warned || (l.at("SeverityId").as_int64() == 2 &&
                            std::string(l.at("Message").as_string()).find("NOPE-1") != std::string::npos);
    EXPECT_TRUE(warned) << json::serialize(log);
}

TEST_F(SandboxJetshopImports, OnhandsPerWarehouseAndLocation) {
    const json::value items = json::parse(R"([
        {"PartNo": "A1002-1", "WarehouseCode": "LAGER1", "LocationCode": "MAIN", "OnhandValue": 7, "IncomingValue": 3},
        {"PartNo": "A1002-1", "WarehouseCode": "LAGER2", "LocationCode": "MAIN", "OnhandValue": 0, "IncomingValue": 50}])");
    const auto [resp, job] = import("ImportOnhands", items, R"({"AccountId":1,"FullFile":false,"SkuOnhandFieldsThatAreSet":["OnhandValue"]})");
    EXPECT_EQ(job.at("StatusId").as_int64(), 2);
    const auto s = sku("A1002-1");
    EXPECT_EQ(num(s.at("StockByWarehouse").at("LAGER1")), 7);
    EXPECT_EQ(num(s.at("StockByWarehouse").at("LAGER2")), 0);
    EXPECT_FALSE(s.at("Onhand").at("LAGER2/MAIN").as_object().contains("IncomingValue"))
        << "IncomingValue was not declared set";
}

TEST_F(SandboxJetshopImports, FullFileDeactivatesRowsLeftOut) {
    const json::value items = json::parse(
        R"([{"PartNo": "A1001-1", "WarehouseCode": "LAGER1", "LocationCode": "MAIN", "OnhandValue": 5}])");
    const auto [resp, job] = import("ImportOnhands", items, R"({"AccountId":1,"FullFile":true})");
    EXPECT_EQ(job.at("StatusId").as_int64(), 2);
    EXPECT_TRUE(sku("A1001-1").at("Onhand").at("LAGER1/MAIN").at("IsActive").as_bool());
    EXPECT_FALSE(sku("A1001-2").at("Onhand").at("LAGER1/MAIN").at("IsActive").as_bool());
    EXPECT_TRUE(sku("A1001-2").at("Onhand").at("LAGER2/MAIN").at("IsActive").as_bool()) << "other location untouched";
}

TEST_F(SandboxJetshopImports, ImportPriceListsAddsAListForAnApplication) {
    const json::value items = json::parse(
        R"([{"Code": "PL-SE-B2B", "Name": "Företag", "CurrencyCode": "SEK", "IsPrimary": false}])");
    const auto [resp, job] = import("ImportPriceLists", items, R"({"AccountId":1,"FullFile":false})");
    EXPECT_EQ(job.at("StatusId").as_int64(), 2);
    const auto pl = state().at("price_lists").at("PL-SE-B2B").as_object();
    EXPECT_EQ(pl.at("Name").as_string(), "Företag");
    EXPECT_EQ(pl.at("LinkedApplications").as_array().at(0).as_int64(), 1) << "the SEK application";
}

TEST_F(SandboxJetshopImports, BadItemsEndTheJobInValidationFailedWithMessagesNamingThem) {
    const json::value items = json::parse(R"([
        {"PriceListCode": "PL-SE", "PriceSale": 10},
        {"PartNo": "A1003-1", "PriceListCode": "PL-SE", "PriceSale": "tio kronor"},
        {"PartNo": "A1003-2", "PriceListCode": "PL-SE", "PriceSale": -5},
        {"PartNo": "A1004-1", "PriceListCode": "PL-SE", "PriceSale": 42.5}])");
    const auto [resp, job] = import("ImportSkuPriceLists", items, R"({"AccountId":1,"FullFile":false})");
    EXPECT_EQ(resp.at("ValidationSummary").at("NrOfValidationFailures").as_int64(), 3);
    EXPECT_EQ(job.at("StatusId").as_int64(), 4) << "validation failed";
    EXPECT_EQ(job.at("Fail").as_int64(), 3);

    const auto log = get(connect("/api/Job/GetLog?id=" + std::string(resp.at("JobId").as_string()))).json().as_array();
    // ImportedRow is the record itself, as text, so an error names its item by what it holds.
    std::vector<std::pair<std::string, std::string>> errors;   // {ImportedRow, Message}
    for (const auto& l : log)
        if (l.at("SeverityId").as_int64() == 3)
            errors.emplace_back(l.at("ImportedRow").as_string(), l.at("Message").as_string());
    ASSERT_EQ(errors.size(), 3u) << json::serialize(log);
    EXPECT_NE(errors[0].second.find("PartNo is missing"), std::string::npos) << errors[0].second;
    EXPECT_EQ(json::parse(errors[0].first), items.as_array().at(0));
    EXPECT_NE(errors[1].first.find("A1003-1"), std::string::npos) << errors[1].first;
    EXPECT_NE(errors[1].second.find("PriceSale"), std::string::npos) << errors[1].second;
    EXPECT_NE(errors[2].first.find("A1003-2"), std::string::npos) << errors[2].first;
    // The valid row still lands.
    EXPECT_DOUBLE_EQ(num(sku("A1004-1").at("Prices").at("PL-SE").at("PriceSale")), 42.5);
}

TEST_F(SandboxJetshopImports, ProductWithoutSkuPartNoFailsValidation) {
    const json::value items = json::parse(R"([{"Code": "P-BAD", "ManufacturerCode": "ACME",
        "Variants": [{"ManufacturerPartNo": "X", "Skus": [{"EanCode": "1"}]}]}])");
    const auto [resp, job] = import("ImportProducts", items, R"({"AccountId":1,"FullFile":false})");
    EXPECT_EQ(job.at("StatusId").as_int64(), 4);
    const auto log = get(connect("/api/Job/GetLog?id=" + std::string(resp.at("JobId").as_string()))).json();
    EXPECT_NE(json::serialize(log).find("P-BAD"), std::string::npos);
    EXPECT_FALSE(state().at("products").as_object().contains("P-BAD"));
}

TEST_F(SandboxJetshopImports, MissingOrMultiLineHeaderIsABadRequest) {
    EXPECT_EQ(post(connect("/Product/ImportOnhands"), json::array{}).status, 400);
    EXPECT_EQ(post(connect("/Product/ImportOnhands"), json::array{}, {{"X-StormConnect-Header", "not json"}}).status, 400);
    EXPECT_EQ(post(connect("/Product/ImportOnhands"), json::array{},
                   {{"X-StormConnect-Header", R"({"AccountId":1,"FullFile":false,"SkuOnhandFieldsThatAreSet":[99]})"}}).status, 400);
    EXPECT_EQ(post(connect("/Product/ImportOnhands"), json::object{}, {{"X-StormConnect-Header", "{}"}}).status, 400)
        << "body must be an array";
}

TEST_F(SandboxJetshopImports, SlowJobsAreQueuedUntilTheyRun) {
    TearDown();
    JetshopEmulator::Options o;
    o.seed.products = 2;
    o.job_delay_ms = 300;
    boot(o);
    const Reply r = post(connect("/Product/ImportOnhands"),
                         json::parse(R"([{"PartNo":"A1001-1","WarehouseCode":"LAGER1","LocationCode":"MAIN","OnhandValue":99}])"),
                         {{"X-StormConnect-Header", R"({"AccountId":1,"FullFile":false})"}});
    ASSERT_EQ(r.status, 200);
    const std::string id(r.json().at("JobId").as_string());
    const auto early = get(connect("/api/Job/Get?id=" + id)).json().as_object();
    EXPECT_FALSE(early.at("IsFinished").as_bool());
    EXPECT_EQ(early.at("StatusId").as_int64(), 6) << "queued";
    EXPECT_EQ(wait_job(id).at("StatusId").as_int64(), 2);
    EXPECT_EQ(num(sku("A1001-1").at("StockByWarehouse").at("LAGER1")), 99);
    EXPECT_EQ(get(connect("/api/Job/Get?id=424242")).status, 400);
}
