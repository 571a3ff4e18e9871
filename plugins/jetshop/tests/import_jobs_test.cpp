// Issue #14 point 5: a write of many records keeps several Connect import jobs in
// flight (config jobs_in_flight) instead of waiting for each, and every record's outcome
// comes from its own job. The emulator's jobs take job_item_ms per item; that they
// overlapped, and never more than the limit, is read from what the emulator's workers
// recorded (the most jobs running at once, the most posted and unfinished at once), not
// from a stopwatch.
#include "plugin_fixture.hpp"

using namespace jetshop_test;

namespace {

struct JetshopPluginJobsInFlight : Fixture {
    static constexpr int kItemMs = 100;

    void SetUp() override {
        auto o = options();   // 6 products x 2 variants = 12 SKUs
        o.job_item_ms = kItemMs;
        o.job_workers = 8;    // more than any limit below: the connector is what limits
        start(o);
    }
    json::object config_with(int jobs_in_flight, int batch_size) {
        auto cfg = config();
        cfg["jobs_in_flight"] = jobs_in_flight;
        cfg["batch_size"] = batch_size;
        return cfg;
    }
    std::vector<std::string> skus(std::size_t n) {
        std::vector<std::string> out;
        for (const auto& [pn, sku] : state_object("skus"))
            if (out.size() < n) out.emplace_back(pn);
        return out;
    }
    static json::array stock(const std::vector<std::string>& skus, int base) {
        json::array records;
        for (std::size_t i = 0; i < skus.size(); ++i)
            records.push_back(json::object{{"sku", skus[i]}, {"warehouse", "LAGER2"}, {"on_hand", base + static_cast<int>(i)},
                                           {"available", base + static_cast<int>(i)}});
        return records;
    }
    CallResult write_stock(PluginInstance& p, json::array records) {
        return p.call(json::object{{"op", "stock.write"}, {"records", std::move(records)}});
    }
    json::value held(const std::string& sku) {
        const auto by_wh = state_of("skus").at(sku).at("StockByWarehouse").as_object();
        const auto* v = by_wh.if_contains("LAGER2");
        return v ? *v : json::value(nullptr);
    }
    json::object runner() { return state_object("job_runner"); }
    void add_fault(FaultRule r) { emu->http().faults().add(std::move(r)); }
};

}  // namespace

TEST_F(JetshopPluginJobsInFlight, ManyJobsRunSideBySideButNeverMoreThanTheLimit) {
    const auto twelve = skus(12);
    ASSERT_EQ(twelve.size(), 12u);
    auto plugin = instance(config_with(3, 2));   // six jobs of two, three at a time
    auto r = write_stock(*plugin, stock(twelve, 50));
    ASSERT_TRUE(r.ok()) << r.message();
    const auto& res = results_of(r);
    ASSERT_EQ(res.size(), 12u);
    for (std::size_t i = 0; i < 12; ++i) {
        EXPECT_EQ(res.at(i).at("outcome"), "created") << json::serialize(res.at(i));
        EXPECT_EQ(res.at(i).at("id").as_string(), twelve[i] + "@LAGER2");
        EXPECT_EQ(held(twelve[i]), static_cast<int64_t>(50 + i)) << twelve[i];
    }
    EXPECT_EQ(state_object("jobs").size(), 6u);
    const auto jr = runner();
    EXPECT_GE(jr.at("max_running").as_int64(), 2) << "jobs overlapped: " << json::serialize(jr);
    EXPECT_LE(jr.at("max_open").as_int64(), 3) << "never more than jobs_in_flight unfinished: " << json::serialize(jr);
}

TEST_F(JetshopPluginJobsInFlight, OneJobInFlightWaitsForEachJobBeforeTheNext) {
    const auto four = skus(4);
    auto plugin = instance(config_with(1, 2));
    auto r = write_stock(*plugin, stock(four, 5));
    ASSERT_TRUE(r.ok()) << r.message();
    for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(held(four[i]), static_cast<int64_t>(5 + i));
    EXPECT_EQ(runner().at("max_open"), 1);
    EXPECT_EQ(runner().at("max_running"), 1);
}

// The second import's POST answers 503 and the third job ends "Validation failed" for one
// item: the second job's records fail retryably naming Norce's answer, the invalid item
// fails for good naming its warehouse, and every other record is created from its own
// job. Written again, only what did not land goes again.
TEST_F(JetshopPluginJobsInFlight, AFailedJobFailsOnlyItsOwnRecordsAndTheOthersLand) {
    const auto six = skus(6);
    auto records = stock(six, 7000);
    records[5].as_object()["warehouse"] = "NOWHERE";   // third job, second item
    FaultRule post503;
    post503.kind = skarv::sandbox::FaultKind::server_error;
    post503.status = 503;
    post503.method = "POST";
    post503.path = "/commerce/connect/4.0/Product/ImportOnhands";
    post503.skip = 1;
    post503.times = 1;
    add_fault(post503);

    auto plugin = instance(config_with(4, 2));
    auto r = write_stock(*plugin, records);
    ASSERT_TRUE(r.ok()) << r.message();
    const auto& res = results_of(r);
    for (std::size_t i : {0u, 1u, 4u}) {
        EXPECT_EQ(res.at(i).at("outcome"), "created") << json::serialize(res.at(i));
        EXPECT_EQ(held(six[i]), static_cast<int64_t>(7000 + i));
    }
    for (std::size_t i : {2u, 3u}) {
        const auto& e = res.at(i).at("error");
        EXPECT_EQ(res.at(i).at("outcome"), "failed");
        EXPECT_EQ(e.at("retryable"), true) << json::serialize(e);
        EXPECT_EQ(e.at("code"), "http_503");
        const std::string msg(e.at("message").as_string());
        EXPECT_NE(msg.find(six[i]), std::string::npos) << "names its record: " << msg;
        EXPECT_EQ(msg.find(six[i == 2 ? 0 : 1]), std::string::npos) << "and no record of another job: " << msg;
        EXPECT_NE(held(six[i]), static_cast<int64_t>(7000 + i)) << "nothing landed for it";
    }
    const auto& bad = res.at(5).at("error");
    EXPECT_EQ(res.at(5).at("outcome"), "failed");
    EXPECT_EQ(bad.at("retryable"), false);
    EXPECT_NE(std::string(bad.at("message").as_string()).find("NOWHERE"), std::string::npos) << json::serialize(bad);

    const auto jobs_before = state_object("jobs").size();
    auto again = write_stock(*plugin, records);
    ASSERT_TRUE(again.ok()) << again.message();
    const auto& res2 = results_of(again);
    for (std::size_t i : {0u, 1u, 4u}) EXPECT_EQ(res2.at(i).at("outcome"), "unchanged") << "landed once, not resent";
    for (std::size_t i : {2u, 3u}) {
        EXPECT_EQ(res2.at(i).at("outcome"), "created") << json::serialize(res2.at(i));
        EXPECT_EQ(held(six[i]), static_cast<int64_t>(7000 + i));
    }
    EXPECT_EQ(res2.at(5).at("outcome"), "failed");
    EXPECT_EQ(state_object("jobs").size(), jobs_before + 2) << "the two held-back records, and the invalid one again";
}

// A 503 while polling one job (whichever the connector polls first) fails that job's two
// records retryably, naming the job; the other jobs' records are created. Norce may
// well have run that job, but nothing says so: its records are sent again next time.
TEST_F(JetshopPluginJobsInFlight, APollThatFailsLosesNoOtherJobsOutcome) {
    const auto eight = skus(8);
    FaultRule poll503;
    poll503.kind = skarv::sandbox::FaultKind::server_error;
    poll503.status = 503;
    poll503.path = "/commerce/connect/4.0/api/Job/Get";
    poll503.times = 1;
    add_fault(poll503);

    auto plugin = instance(config_with(4, 2));
    auto r = write_stock(*plugin, stock(eight, 10));
    ASSERT_TRUE(r.ok()) << r.message();
    const auto& res = results_of(r);
    std::vector<std::size_t> failed;
    for (std::size_t i = 0; i < 8; ++i) {
        if (res.at(i).at("outcome") == "failed") {
            failed.push_back(i);
            EXPECT_EQ(res.at(i).at("error").at("retryable"), true);
            EXPECT_NE(std::string(res.at(i).at("error").at("message").as_string()).find(", job 10"), std::string::npos)
                << "names its job: " << json::serialize(res.at(i));
        } else {
            EXPECT_EQ(res.at(i).at("outcome"), "created") << json::serialize(res.at(i));
            EXPECT_EQ(held(eight[i]), static_cast<int64_t>(10 + i));
        }
    }
    ASSERT_EQ(failed.size(), 2u) << "one job's two records: " << json::serialize(r.document);
    EXPECT_EQ(failed[0] % 2, 0u);
    EXPECT_EQ(failed[1], failed[0] + 1) << "the same job's batch";

    auto again = write_stock(*plugin, stock(eight, 10));
    ASSERT_TRUE(again.ok()) << again.message();
    for (std::size_t i = 0; i < 8; ++i)
        EXPECT_EQ(results_of(again).at(i).at("outcome"),
                  (i == failed[0] || i == failed[1]) ? "created" : "unchanged")
            << i << ": " << json::serialize(results_of(again).at(i));
}

// The same stock row twice in one write, in two jobs: the later job is not posted until
// the earlier one has finished, so the later value stays, as when jobs ran one by one.
TEST_F(JetshopPluginJobsInFlight, ARecordWrittenTwiceWaitsForItsEarlierJob) {
    // Slower jobs, so "the unrelated job ran alongside" below has room on a loaded machine.
    auto o = options();
    o.job_item_ms = 400;
    o.job_workers = 8;
    emu->stop();
    start(o);
    const auto two = skus(2);
    json::array records{json::object{{"sku", two[0]}, {"warehouse", "LAGER2"}, {"on_hand", 1}, {"available", 1}},
                        json::object{{"sku", two[1]}, {"warehouse", "LAGER2"}, {"on_hand", 2}, {"available", 2}},
                        json::object{{"sku", two[0]}, {"warehouse", "LAGER2"}, {"on_hand", 3}, {"available", 3}}};
    auto plugin = instance(config_with(4, 1));
    auto r = write_stock(*plugin, records);
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_EQ(held(two[0]), 3);
    const auto jobs = state_object("jobs");
    ASSERT_EQ(jobs.size(), 3u);
    EXPECT_LT(jobs.at("1001").at("RanTo").as_int64(), jobs.at("1003").at("RanFrom").as_int64())
        << "the second write of " << two[0] << " ran after the first";
    EXPECT_LT(jobs.at("1002").at("RanFrom").as_int64(), jobs.at("1001").at("RanTo").as_int64())
        << "an unrelated job did not wait";
}

// jobs_in_flight is a setting of its own, in the schema `skarv check` reads, and a value
// outside 1..64 stops the connector at creation naming the setting.
TEST_F(JetshopPluginJobsInFlight, JobsInFlightIsASettingCheckedAtCreation) {
    auto module = load_jetshop();
    const auto& prop = module->capabilities().at("config_schema").at("properties").at("jobs_in_flight");
    EXPECT_EQ(prop.at("type"), "integer");
    EXPECT_EQ(prop.at("minimum"), 1);
    for (int bad : {0, 65}) {
        try {
            instance(config_with(bad, 2), "bad-limit");
            ADD_FAILURE() << "jobs_in_flight " << bad << " was accepted";
        } catch (const skarv::host::PluginCreateError& e) {
            EXPECT_NE(std::string(e.what()).find("jobs_in_flight"), std::string::npos) << e.what();
        }
    }
}
