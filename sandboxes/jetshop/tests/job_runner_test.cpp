// Import jobs take time and run side by side: a job waits Queued (6) for a worker, runs
// Initialized (1) for job_item_ms per item, and ends Succeeded (2) or Validation failed
// (4); up to job_workers run at once. The StatusId numbers are Norce's
// (https://docs.norce.io/api-reference/schemas/connectjob, and 5/6 from JobCompletedEvent,
// https://docs.norce.io/api-reference/event/webhooks/openapi/system); the order they come
// in and the parallelism are guesses norce.job-states and norce.job-parallelism
// (docs/guesses.md). Overlap is shown by what the workers recorded (which job ran
// before which, the most running at once), never by timing the test.
#include <stdexcept>

#include "jetshop_test_client.hpp"

using namespace jetshop_test;

namespace {

class SandboxJetshopJobs : public Fixture {
protected:
    void boot_with(int workers, int item_ms) {
        JetshopEmulator::Options o;
        o.seed.products = 4;
        o.seed.orders = 0;
        o.job_workers = workers;
        o.job_item_ms = item_ms;
        boot(o);
    }
    // An on-hand import of `items` rows for seeded SKUs; returns its JobId.
    std::string post_onhands(int items, int onhand) {
        json::array rows;
        const char* part_nos[] = {"A1001-1", "A1001-2", "A1002-1", "A1002-2"};
        for (int i = 0; i < items; ++i)
            rows.push_back(json::object{{"PartNo", part_nos[i % 4]}, {"WarehouseCode", "LAGER1"},
                                        {"LocationCode", "MAIN"}, {"OnhandValue", onhand + i}});
        const Reply r = post(connect("/Product/ImportOnhands"), rows, {{"X-StormConnect-Header", R"({"AccountId":1,"FullFile":false})"}});
        EXPECT_EQ(r.status, 200) << r.body;
        return std::string(r.json().at("JobId").as_string());
    }
    json::object job(const std::string& id) { return state().at("jobs").at(id).as_object(); }
    json::object runner() { return state().at("job_runner").as_object(); }
};

// "00:00:01.2500000" -> 1.25
double seconds_of(const json::value& timespan) {
    const std::string t(timespan.as_string());
    return std::stod(t.substr(0, 2)) * 3600 + std::stod(t.substr(3, 2)) * 60 + std::stod(t.substr(6));
}

}  // namespace

TEST_F(SandboxJetshopJobs, AJobIsQueuedThenInitializedWhileItRunsThenSucceeded) {
    boot_with(1, 250);
    const std::string id = post_onhands(2, 7);
    bool seen_running = false;
    json::object dto;
    ASSERT_TRUE(eventually([&] {
        dto = get(connect("/api/Job/Get?id=" + id)).json().as_object();
        if (dto.at("StatusId").as_int64() == 1) {
            seen_running = true;
            EXPECT_FALSE(dto.at("IsFinished").as_bool());
            EXPECT_TRUE(dto.at("Stop").is_null()) << "no Stop while it runs";
        }
        return dto.at("IsFinished").as_bool();
    }));
    EXPECT_TRUE(seen_running) << "a job of 2 x 250 ms is seen running (StatusId 1)";
    EXPECT_EQ(dto.at("StatusId").as_int64(), 2);
    EXPECT_EQ(job(id).at("StatusHistory"), (json::array{6, 1, 2}));
    // A lower bound only: the job cannot be done before its items' cost.
    EXPECT_GE(seconds_of(dto.at("RunTime")), 0.5) << json::serialize(dto);
    EXPECT_EQ(num(state().at("skus").at("A1001-2").at("StockByWarehouse").at("LAGER1")), 8);
}

TEST_F(SandboxJetshopJobs, OneWorkerRunsJobsOneAfterAnother) {
    boot_with(1, 40);
    const std::string a = post_onhands(1, 10), b = post_onhands(1, 20), c = post_onhands(1, 30);
    for (const auto& id : {a, b, c}) EXPECT_EQ(wait_job(id).at("StatusId").as_int64(), 2);
    EXPECT_LT(job(a).at("RanTo").as_int64(), job(b).at("RanFrom").as_int64()) << "b waited for a";
    EXPECT_LT(job(b).at("RanTo").as_int64(), job(c).at("RanFrom").as_int64()) << "c waited for b";
    EXPECT_EQ(job(c).at("StatusHistory"), (json::array{6, 1, 2}));
    EXPECT_EQ(runner().at("max_running"), 1);
    EXPECT_EQ(num(state().at("skus").at("A1001-1").at("StockByWarehouse").at("LAGER1")), 30) << "applied in order";
}

TEST_F(SandboxJetshopJobs, WorkersRunJobsAtTheSameTimeButNoMoreThanTheirNumber) {
    boot_with(2, 150);
    std::vector<std::string> ids;
    for (int i = 0; i < 4; ++i) ids.push_back(post_onhands(2, 100 * i));
    for (const auto& id : ids) EXPECT_EQ(wait_job(id).at("StatusId").as_int64(), 2);
    const auto r = runner();
    EXPECT_EQ(r.at("max_running"), 2) << "two workers: two jobs ran together, never three " << json::serialize(r);
    EXPECT_EQ(r.at("open"), 0);
    EXPECT_EQ(r.at("running"), 0);
    EXPECT_LT(job(ids[1]).at("RanFrom").as_int64(), job(ids[0]).at("RanTo").as_int64()) << "the second did not wait";
}

TEST_F(SandboxJetshopJobs, AJobWithAnInvalidItemRunsAndEndsValidationFailed) {
    boot_with(4, 20);
    const Reply r = post(connect("/Product/ImportOnhands"),
                         json::parse(R"([{"PartNo":"A1001-1","WarehouseCode":"LAGER1","LocationCode":"MAIN","OnhandValue":5},
                                         {"PartNo":"A1001-2","WarehouseCode":"NOWHERE","LocationCode":"MAIN","OnhandValue":6}])"),
                         {{"X-StormConnect-Header", R"({"AccountId":1,"FullFile":false})"}});
    ASSERT_EQ(r.status, 200) << r.body;
    const std::string id(r.json().at("JobId").as_string());
    EXPECT_EQ(wait_job(id).at("StatusId").as_int64(), 4);
    EXPECT_EQ(job(id).at("StatusHistory"), (json::array{6, 1, 4}));
    EXPECT_EQ(num(state().at("skus").at("A1001-1").at("StockByWarehouse").at("LAGER1")), 5) << "the valid item landed";
}

TEST_F(SandboxJetshopJobs, NoWorkersIsRefusedAtConstruction) {
    JetshopEmulator::Options o;
    o.job_workers = 0;
    EXPECT_THROW(JetshopEmulator{o}, std::invalid_argument);
    o.job_workers = 1;
    o.job_item_ms = -1;
    EXPECT_THROW(JetshopEmulator{o}, std::invalid_argument);
}
