#include <gtest/gtest.h>

#include "skarv/host/service/cron_schedule.hpp"
#include "skarv/host/service/scheduler.hpp"

using skarv::host::CronSchedule;

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
