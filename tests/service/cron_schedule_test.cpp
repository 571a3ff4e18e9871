#include <gtest/gtest.h>

#include "skarv/host/service/cron_schedule.hpp"
#include "skarv/host/service/scheduler.hpp"

using skarv::host::CronSchedule;
using skarv::host::find_time_zone;

namespace {
// 2026-11-23 10:07:30 UTC (a Monday), in ms.
constexpr int64_t kMonday = 1795428450000;
}  // namespace

TEST(ServiceCron, NextMatchingMinute) {
    EXPECT_EQ(CronSchedule("*/5 * * * *").next_after(kMonday), 1795428600000);   // 10:10
    EXPECT_EQ(CronSchedule("* * * * *").next_after(kMonday), 1795428480000);     // 10:08
    EXPECT_EQ(CronSchedule("0 3 * * *").next_after(kMonday), 1795489200000);     // tomorrow 03:00
    EXPECT_EQ(CronSchedule("30 9 * * 1-5").next_after(kMonday), 1795512600000);  // Tuesday 09:30
    EXPECT_EQ(CronSchedule("0 0 1 1 *").next_after(kMonday), 1798761600000);     // 2027-01-01
    EXPECT_EQ(CronSchedule("15,45 10 * * 0,7").next_after(kMonday), 1795947300000);   // Sunday 10:15
}

TEST(ServiceCron, BadExpressionsNameTheField) {
    try {
        CronSchedule bad("61 * * * *");
        FAIL();
    } catch (const std::invalid_argument& e) {
        EXPECT_STREQ(e.what(), "cron minute field '61' is not valid");
    }
    EXPECT_THROW(CronSchedule("* * *"), std::invalid_argument);
    EXPECT_THROW(CronSchedule("*/0 * * * *"), std::invalid_argument);
    EXPECT_THROW(CronSchedule("5-1 * * * *"), std::invalid_argument);
}

TEST(ServiceScheduler, IntervalsTriggersAndCron) {
    skarv::host::Scheduler s;
    int64_t now = kMonday;
    boost::json::value schedule = {{"orders", 30}, {"stock", "*/5 * * * *"}};
    s.add("main", "orders", &schedule, now);
    s.add("main", "stock", &schedule, now);
    s.add("main", "products", nullptr, now);
    auto due = s.wait_for_due([&] { return now; });
    EXPECT_EQ(due.size(), 3u);   // everything runs at start-up
    for (const auto& j : due) s.finished(j, now);
    auto jobs = s.jobs();
    EXPECT_EQ(jobs[0].next_due_ms, now + 30'000);
    EXPECT_EQ(jobs[1].next_due_ms, 1795428600000);
    EXPECT_EQ(jobs[2].next_due_ms, now + 3'600'000);
    EXPECT_TRUE(s.trigger("main", std::string("products")));
    EXPECT_FALSE(s.trigger("other", std::nullopt));
    due = s.wait_for_due([&] { return now; });
    ASSERT_EQ(due.size(), 1u);
    EXPECT_EQ(due[0].entity, "products");
    boost::json::value bad = {{"orders", -1}};
    EXPECT_THROW(s.add("main", "orders", &bad, now), std::invalid_argument);
}

TEST(ServiceCron, AnExpressionThatNeverFiresIsRefused) {
    for (const char* never : {"0 0 31 2 *", "0 0 30 2 *", "0 0 31 4,6,9,11 *", "0 0 30-31 2 *"}) {
        try {
            CronSchedule bad(never);
            ADD_FAILURE() << never;
        } catch (const std::invalid_argument& e) {
            EXPECT_NE(std::string(e.what()).find("never fires"), std::string::npos) << e.what();
        }
    }
    // Rare but real: a leap day; and with both day fields, a Monday in February will do.
    EXPECT_EQ(CronSchedule("0 0 29 2 *").next_after(kMonday), 1835395200000);   // 2028-02-29
    EXPECT_EQ(CronSchedule("0 0 31 2 1").next_after(kMonday), 1801440000000);   // Monday 2027-02-01
    EXPECT_THROW(CronSchedule("99999999999 * * * *"), std::invalid_argument);
}

TEST(ServiceCron, WallClockOfTheConfiguredZone) {
    const auto* stockholm = find_time_zone("Europe/Stockholm");
    CronSchedule three("0 3 * * *", stockholm);
    EXPECT_EQ(three.next_after(1768478400000), 1768528800000);   // 2026-01-15 12:00Z -> 16th 02:00Z (CET)
    EXPECT_EQ(three.next_after(1784116800000), 1784163600000);   // 2026-07-15 12:00Z -> 16th 01:00Z (CEST)
    EXPECT_THROW(find_time_zone("Mars/Olympus_Mons"), std::invalid_argument);
}

TEST(ServiceCron, SpringForwardRunsASkippedTimeAtTheChange) {
    // 2027-03-28: Stockholm's clocks go from 02:00 to 03:00 (01:00Z); 02:30 does not exist.
    CronSchedule half_past_two("30 2 * * *", find_time_zone("Europe/Stockholm"));
    auto first = half_past_two.next_after(1806148800000);   // from 2027-03-27 12:00Z
    EXPECT_EQ(first, 1806195600000);                        // 01:00Z, the change itself
    EXPECT_EQ(half_past_two.next_after(first), 1806280200000);   // then 29th 02:30 CEST = 00:30Z
}

TEST(ServiceCron, FallBackRunsARepeatedTimeOnceUnlessEveryHour) {
    // 2026-10-25: clocks go from 03:00 CEST back to 02:00 CET (01:00Z); 02:00-02:59 twice.
    const auto* stockholm = find_time_zone("Europe/Stockholm");
    CronSchedule daily("30 2 * * *", stockholm);
    auto first = daily.next_after(1792843200000);            // from 2026-10-24 12:00Z
    EXPECT_EQ(first, 1792888200000);                          // 02:30 CEST = 00:30Z
    EXPECT_EQ(daily.next_after(first), 1792978200000);        // not 01:30Z again: the 26th, 02:30 CET
    CronSchedule half_hourly("*/30 * * * *", stockholm);
    EXPECT_EQ(half_hourly.next_after(1792888200000), 1792890000000);   // 02:00 CET, the second 02:00
    EXPECT_EQ(half_hourly.next_after(1792890000000), 1792891800000);   // 02:30 CET
    EXPECT_EQ(half_hourly.next_after(1792891800000), 1792893600000);   // 03:00 CET
}

TEST(ServiceScheduler, IntervalsOutOfRangeAreRefused) {
    skarv::host::Scheduler s;
    for (int64_t seconds : {int64_t{0}, skarv::host::kMaxIntervalSeconds + 1, INT64_MAX}) {
        boost::json::value bad = {{"orders", seconds}};
        EXPECT_THROW(s.add("main", "orders", &bad, kMonday), std::invalid_argument) << seconds;
    }
    boost::json::value longest = {{"orders", skarv::host::kMaxIntervalSeconds}};
    s.add("main", "orders", &longest, kMonday);
    for (const auto& j : s.wait_for_due([] { return kMonday; })) s.finished(j, kMonday);
    EXPECT_EQ(s.jobs()[0].next_due_ms, kMonday + skarv::host::kMaxIntervalSeconds * 1000);
}
