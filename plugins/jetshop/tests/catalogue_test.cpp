// Point 4: the catalogue goes out as Connect imports, each followed to the end of its
// job; only changed fields are listed as set; bad items come back as failed results
// naming the SKU, and the emulator holds exactly what was written.
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include "plugin_fixture.hpp"

using namespace jetshop_test;

namespace {

struct JetshopPluginCatalogue : Fixture {
    json::value money(int64_t minor, const char* cur = "SEK") { return json::object{{"minor", minor}, {"currency", cur}}; }

    json::object product(const std::string& code, const std::string& name, const std::string& ean) {
        return {{"article_number", code},
                {"name", name},
                {"description", "<p>Mjuk</p>"},
                {"vat_rate_bp", 2500},
                {"variants", json::array{json::object{{"sku", code + "-S"}, {"name", name + " S"}, {"ean", ean},
                                                      {"attributes", json::object{{"Storlek", "S"}}}},
                                         json::object{{"sku", code + "-M"}, {"name", name + " M"},
                                                      {"attributes", json::object{{"Storlek", "M"}}}}}}};
    }
    CallResult write(PluginInstance& p, const char* entity, json::array records, json::object extra = {}) {
        extra["op"] = std::string(entity) + ".write";
        extra["records"] = std::move(records);
        return p.call(extra);
    }
    size_t job_count() { return state_object("jobs").size(); }
    std::string seeded_sku() { return std::string(state_object("skus").begin()->key()); }

    // Norce edited by someone else: an import straight to the emulator, as Admin would.
    void direct_import(const std::string& path, const json::array& items, json::object header) {
        header["AccountId"] = 2;   // Admin's own account, not Skarv's
        header["FullFile"] = false;
        const Poco::URI uri(emu->base_url());
        auto send = [&](const std::string& p, const std::string& body, const std::string& type,
                        std::map<std::string, std::string> headers) {
            Poco::Net::HTTPClientSession s(uri.getHost(), uri.getPort());
            Poco::Net::HTTPRequest req("POST", p, Poco::Net::HTTPMessage::HTTP_1_1);
            for (const auto& [k, v] : headers) req.set(k, v);
            req.setContentType(type);
            req.setContentLength(static_cast<std::streamsize>(body.size()));
            s.sendRequest(req) << body;
            Poco::Net::HTTPResponse resp;
            std::string out;
            Poco::StreamCopier::copyToString(s.receiveResponse(resp), out);
            return out;
        };
        auto token = json::parse(send("/identity/1.0/connect/token",
                                      "grant_type=client_credentials&client_id=skarv&client_secret=skarv-secret",
                                      "application/x-www-form-urlencoded", {}))
                         .at("access_token")
                         .as_string();
        auto job = json::parse(send("/commerce/connect/4.0" + path, json::serialize(items), "application/json",
                                    {{"Authorization", "Bearer " + std::string(token)},
                                     {"X-StormConnect-Header", json::serialize(header)}}))
                       .at("JobId")
                       .as_string();
        ASSERT_TRUE(wait_until([&] { return state_of("jobs").at(job).at("IsFinished").as_bool(); }));
    }
};

}  // namespace

TEST_F(JetshopPluginCatalogue, ProductsWithVariantsAreImportedAndAnUnchangedOneIsNotSentAgain) {
    auto plugin = instance();
    auto plain = json::object{{"article_number", "B900"}, {"name", "Kaffe 500 g"}, {"vat_rate_bp", 1200},
                              {"price_ex_vat", money(8929)}};
    auto r = write(*plugin, "products", json::array{product("T100", "T-shirt", "7350000000017"), plain});
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_EQ(results_of(r).at(0).at("outcome"), "created");
    EXPECT_EQ(results_of(r).at(1).at("outcome"), "created");
    const auto skus = state_object("skus");
    ASSERT_TRUE(skus.contains("T100-S") && skus.contains("T100-M") && skus.contains("B900"));
    EXPECT_EQ(skus.at("T100-S").at("ProductCode"), "T100");
    EXPECT_EQ(skus.at("T100-S").at("EanCode"), "7350000000017");
    EXPECT_EQ(skus.at("T100-S").at("Variant").at("VariantParametrics"),
              (json::array{json::object{{"Code", "Storlek"}, {"Value", "S"}}}));
    EXPECT_EQ(skus.at("B900").at("VatRate").to_number<double>(), 0.12);
    EXPECT_EQ(ore(skus.at("B900").at("StandardPrice").at("PriceSale")), 8929);
    EXPECT_EQ(state_object("products").at("T100").at("Cultures").at(0).at("Name"), "T-shirt");

    const auto jobs = job_count();
    auto again = write(*plugin, "products", json::array{product("T100", "T-shirt", "7350000000017"), plain});
    ASSERT_TRUE(again.ok()) << again.message();
    EXPECT_EQ(results_of(again).at(0).at("outcome"), "unchanged");
    EXPECT_EQ(results_of(again).at(1).at("outcome"), "unchanged");
    EXPECT_EQ(job_count(), jobs);
}

// Issue #14: what landed is remembered one key a record, but a commit (an fsync) a job,
// not one a record: 40 products with variants cost as many commits as Norce jobs.
TEST_F(JetshopPluginCatalogue, TheSnapshotsOfOneImportJobAreOneStateCommit) {
    struct CountingState : MemoryState {
        int single = 0, batches = 0;
        void set(const std::string& i, const std::string& k, const std::optional<std::string>& v) override {
            ++single;
            MemoryState::set(i, k, v);
        }
        void set_many(const std::string& i, const std::vector<StateWrite>& writes) override {
            ++batches;
            for (const auto& [k, v] : writes) MemoryState::set(i, k, v);
        }
    } counted;
    state_backend = &counted;
    auto plugin = instance();
    json::array products;
    for (int i = 0; i < 40; ++i) products.push_back(product("K" + std::to_string(100 + i), "Kofta", ""));
    const auto jobs = job_count();
    auto r = write(*plugin, "products", products);
    ASSERT_TRUE(r.ok()) << r.message();
    for (const auto& res : results_of(r)) EXPECT_EQ(res.at("outcome"), "created") << json::serialize(res);
    const auto made = job_count() - jobs;
    ASSERT_GT(made, 0u);
    EXPECT_EQ(counted.single, 0);
    EXPECT_EQ(static_cast<size_t>(counted.batches), made);
    for (int i = 0; i < 40; ++i) EXPECT_TRUE(counted.values.contains("shop/sent/products/K" + std::to_string(100 + i))) << i;
}

TEST_F(JetshopPluginCatalogue, OnlyTheChangedFieldsAreListedSoNorceSideEditsSurvive) {
    auto plugin = instance();
    ASSERT_TRUE(write(*plugin, "products", json::array{product("T200", "Linne", "7350000000024")}).ok());
    // A merchant fixes the EAN in Norce Admin.
    direct_import("/Product/ImportProducts",
                  json::array{json::object{{"Code", "T200"},
                                           {"Variants", json::array{json::object{
                                                            {"ManufacturerPartNo", "T200-S"},
                                                            {"Skus", json::array{json::object{{"PartNo", "T200-S"},
                                                                                              {"EanCode", "7350000000031"}}}}}}}}},
                  json::object{{"ProductFieldsThatAreSet", json::array{"Variants"}}, {"VariantFieldsThatAreSet", json::array{}},
                               {"SkuFieldsThatAreSet", json::array{"EanCode"}}});
    ASSERT_EQ(state_of("skus").at("T200-S").at("EanCode"), "7350000000031");
    // Only the name changes in the ERP: the import lists Name, not EanCode.
    auto r = write(*plugin, "products", json::array{product("T200", "Linne ekologiskt", "7350000000024")});
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_EQ(results_of(r).at(0).at("outcome"), "updated");
    EXPECT_EQ(state_object("products").at("T200").at("Cultures").at(0).at("Name"), "Linne ekologiskt");
    EXPECT_EQ(state_of("skus").at("T200-S").at("EanCode"), "7350000000031");
    EXPECT_EQ(state_of("skus").at("T200-S").at("Cultures").at(0).at("Name"), "Linne ekologiskt S");
}

TEST_F(JetshopPluginCatalogue, PricesLandPerPriceListAndBadItemsFailNamingTheSku) {
    const auto sku = seeded_sku();
    auto plugin = instance();
    auto r = write(*plugin, "prices",
                   json::array{json::object{{"sku", sku}, {"price_list", "PL-SE"}, {"price_ex_vat", money(15920)},
                                            {"compare_at_ex_vat", money(19920)}},
                               json::object{{"sku", "NO-SUCH-SKU"}, {"price_list", "PL-SE"}, {"price_ex_vat", money(100)}},
                               json::object{{"sku", sku}, {"price_ex_vat", money(-500)}},
                               json::object{{"sku", sku}, {"price_list", "PL-SE"}}});
    ASSERT_TRUE(r.ok()) << r.message();
    const auto& res = results_of(r);
    // "created": the first time this connector writes the record (no snapshot yet).
    EXPECT_EQ(res.at(0).at("outcome"), "created");
    EXPECT_EQ(res.at(1).at("outcome"), "failed");
    EXPECT_NE(std::string(res.at(1).at("error").at("message").as_string()).find("NO-SUCH-SKU"), std::string::npos);
    EXPECT_EQ(res.at(2).at("outcome"), "failed");   // negative price: Norce's validation
    EXPECT_NE(std::string(res.at(2).at("error").at("message").as_string()).find(sku), std::string::npos);
    EXPECT_EQ(res.at(3).at("outcome"), "failed");   // no price: not a record
    const auto prices = state_of("skus").at(sku).at("Prices");
    EXPECT_EQ(ore(prices.at("PL-SE").at("PriceSale")), 15920);
    EXPECT_EQ(ore(prices.at("PL-SE").at("PricePrevious")), 19920);

    // A new sale price only: the import lists PriceSale alone, so a "was" price set in
    // Norce meanwhile stays.
    direct_import("/Product/ImportSkuPriceLists",
                  json::array{json::object{{"PartNo", sku}, {"PriceListCode", "PL-SE"}, {"PricePrevious", 250}}},
                  json::object{{"SkuPriceListFieldsThatAreSet", json::array{"PricePrevious"}}});
    auto changed = write(*plugin, "prices",
                         json::array{json::object{{"sku", sku}, {"price_list", "PL-SE"}, {"price_ex_vat", money(14900)},
                                                  {"compare_at_ex_vat", money(19920)}}});
    ASSERT_TRUE(changed.ok()) << changed.message();
    EXPECT_EQ(results_of(changed).at(0).at("outcome"), "updated");
    const auto after = state_of("skus").at(sku).at("Prices").at("PL-SE");
    EXPECT_EQ(ore(after.at("PriceSale")), 14900);
    EXPECT_EQ(ore(after.at("PricePrevious")), 25000);
}

TEST_F(JetshopPluginCatalogue, APriceWithoutListGoesToTheChannelsList) {
    const auto sku = seeded_sku();
    auto plugin = instance();
    auto r = write(*plugin, "prices", json::array{json::object{{"sku", sku}, {"price_ex_vat", money(12345, "NOK")}}},
                   json::object{{"channel", 2}});
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_EQ(results_of(r).at(0).at("outcome"), "created") << json::serialize(r.document);
    const std::string list(state_of("applications").at(1).at("PriceListCode").as_string());
    EXPECT_EQ(ore(state_of("skus").at(sku).at("Prices").at(list).at("PriceSale")), 12345);
}

TEST_F(JetshopPluginCatalogue, PriceListsBelongToTheChannelsApplicationWithTheirPrices) {
    const auto sku = seeded_sku();
    auto plugin = instance();
    auto r = write(*plugin, "pricelists",
                   json::array{json::object{{"code", "B2B-GOLD"}, {"name", "Guldkunder"}, {"currency", "SEK"}, {"channel", 1},
                                            {"customer_group", "GOLD"},
                                            {"prices", json::array{json::object{{"sku", sku}, {"price_ex_vat", money(9900)}}}}},
                               json::object{{"code", "B2B-X"}, {"channel", 77}}});
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_EQ(results_of(r).at(0).at("outcome"), "created") << json::serialize(r.document);
    EXPECT_EQ(results_of(r).at(1).at("outcome"), "failed");
    const auto list = state_of("price_lists").at("B2B-GOLD");
    EXPECT_EQ(list.at("LinkedApplications"), (json::array{1})) << "the SEK application, related by Norce itself";
    EXPECT_FALSE(list.as_object().contains("ApplicationIds")) << "no invented field reached Norce";
    EXPECT_EQ(list.at("Name"), "Guldkunder");
    EXPECT_EQ(ore(state_of("skus").at(sku).at("Prices").at("B2B-GOLD").at("PriceSale")), 9900);
}

TEST_F(JetshopPluginCatalogue, StockPerWarehouseInBatchesAndUnknownWarehousesFail) {
    auto cfg = config();
    cfg["batch_size"] = 2;
    auto plugin = instance(cfg);
    json::array records;
    std::vector<std::string> skus;
    for (const auto& [pn, s] : state_object("skus")) {
        if (skus.size() == 5) break;
        skus.emplace_back(pn);
        records.push_back(json::object{{"sku", pn}, {"warehouse", "LAGER1"}, {"on_hand", 40 + skus.size()},
                                       {"available", 30 + skus.size()}});
    }
    records.push_back(json::object{{"sku", skus[0]}, {"warehouse", "NOWHERE"}, {"on_hand", 1}});
    const auto jobs = job_count();
    auto r = write(*plugin, "stock", records);
    ASSERT_TRUE(r.ok()) << r.message();
    const auto& res = results_of(r);
    for (size_t i = 0; i < skus.size(); ++i) {
        EXPECT_EQ(res.at(i).at("outcome"), "created") << json::serialize(res.at(i));
        EXPECT_EQ(res.at(i).at("id").as_string(), skus[i] + "@LAGER1");
        EXPECT_EQ(state_of("skus").at(skus[i]).at("StockByWarehouse").at("LAGER1"), static_cast<int64_t>(31 + i));
    }
    EXPECT_EQ(res.at(5).at("outcome"), "failed");
    EXPECT_NE(std::string(res.at(5).at("error").at("message").as_string()).find(skus[0]), std::string::npos);
    EXPECT_EQ(job_count() - jobs, 3u);   // six items, two to an import
}

TEST_F(JetshopPluginCatalogue, SlowJobsAreWaitedForAndAJobThatNeverEndsIsRetryable) {
    auto o = options();
    o.job_delay_ms = 400;
    emu->stop();
    start(o);
    const auto sku = seeded_sku();
    auto plugin = instance();
    auto r = write(*plugin, "stock", json::array{json::object{{"sku", sku}, {"warehouse", "LAGER2"}, {"on_hand", 17}}});
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_EQ(results_of(r).at(0).at("outcome"), "created");
    EXPECT_EQ(state_of("skus").at(sku).at("StockByWarehouse").at("LAGER2"), 17);

    auto cfg = config();
    cfg["timeouts"] = json::object{{"request_ms", 2000}, {"job_wait_ms", 150}, {"job_poll_ms", 20}};
    auto impatient = instance(cfg, "impatient");
    auto late = write(*impatient, "stock", json::array{json::object{{"sku", sku}, {"warehouse", "LAGER2"}, {"on_hand", 5}}});
    EXPECT_EQ(late.status, SKARV_ERR_RETRYABLE);
    EXPECT_EQ(late.document.at("code"), "job_timeout");
    EXPECT_NE(late.message().find(sku), std::string::npos) << late.message();
}

// Norce skips a price for an unknown SKU with a Warning whose ImportedRow is the record
// (docs.norce.io functional-change-job-logs). The connector finds the item by that text
// and does not record it as sent, so the next write sends it again, while the price
// that landed is not resent.
TEST_F(JetshopPluginCatalogue, AnItemNorceSkippedIsSentAgainNotRecordedAsSent) {
    const auto sku = seeded_sku();
    auto plugin = instance();
    const json::array records{json::object{{"sku", sku}, {"price_list", "PL-SE"}, {"price_ex_vat", money(12300)}},
                              json::object{{"sku", "NOT-YET-IN-NORCE"}, {"price_list", "PL-SE"}, {"price_ex_vat", money(100)}}};
    auto first = write(*plugin, "prices", records);
    ASSERT_TRUE(first.ok()) << first.message();
    EXPECT_EQ(results_of(first).at(0).at("outcome"), "created");
    EXPECT_EQ(results_of(first).at(1).at("outcome"), "failed");
    const size_t jobs = job_count();
    auto again = write(*plugin, "prices", records);
    ASSERT_TRUE(again.ok()) << again.message();
    EXPECT_EQ(results_of(again).at(0).at("outcome"), "unchanged") << "the landed price is not resent";
    EXPECT_EQ(results_of(again).at(1).at("outcome"), "failed") << "the skipped one is sent again";
    EXPECT_EQ(job_count(), jobs + 1);
    const auto jobs_now = state_object("jobs");
    const auto& last = jobs_now.at(std::to_string(1000 + jobs_now.size())).as_object();   // ids count from 1001
    EXPECT_EQ(last.at("Totals"), 1) << "only the skipped item went again: " << json::serialize(last);
}

// Issue #14: an initial sync asks the state for no snapshot a record. The first write
// finds "sent/products/" empty; from then on this instance knows which snapshots exist
// (those it wrote), and reads only those. A new instance on the same state asks again.
TEST_F(JetshopPluginCatalogue, AWriteIntoAnEmptyCatalogueReadsNoSnapshotARecord) {
    struct CountingState : MemoryState {
        int gets = 0;
        std::optional<std::string> get(const std::string& i, const std::string& k) override {
            ++gets;
            return MemoryState::get(i, k);
        }
    } counted;
    state_backend = &counted;
    auto plugin = instance();
    json::array products;
    for (int i = 0; i < 40; ++i) products.push_back(product("E" + std::to_string(100 + i), "Väst", ""));
    auto r = write(*plugin, "products", products);
    ASSERT_TRUE(r.ok()) << r.message();
    for (const auto& res : results_of(r)) EXPECT_EQ(res.at("outcome"), "created") << json::serialize(res);
    EXPECT_EQ(counted.gets, 0);

    // What it wrote it reads: the same products again are unchanged, and not sent.
    const auto jobs = job_count();
    auto again = write(*plugin, "products", products);
    ASSERT_TRUE(again.ok()) << again.message();
    for (const auto& res : results_of(again)) EXPECT_EQ(res.at("outcome"), "unchanged") << json::serialize(res);
    EXPECT_EQ(counted.gets, 40);
    EXPECT_EQ(job_count(), jobs);

    // A new instance (a restarted service) finds the prefix not empty and reads each.
    counted.gets = 0;
    auto restarted = instance();
    auto third = write(*restarted, "products", products);
    ASSERT_TRUE(third.ok()) << third.message();
    for (const auto& res : results_of(third)) EXPECT_EQ(res.at("outcome"), "unchanged") << json::serialize(res);
    EXPECT_EQ(counted.gets, 40);
    EXPECT_EQ(job_count(), jobs);
}
