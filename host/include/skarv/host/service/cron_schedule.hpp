#pragma once
// CronSchedule: the five-field cron expressions integrators already write
// ("*/5 * * * *": every five minutes), evaluated in UTC. Fields: minute hour
// day-of-month month day-of-week (0 or 7 = Sunday); each a '*', a number, a range a-b,
// a step */n or a-b/n, or a comma list of those. When both day fields are restricted, a
// day matching either runs (as in Vixie cron).

#include <bitset>
#include <cstdint>
#include <string>

namespace skarv::host {

class CronSchedule {
public:
    // Throws std::invalid_argument naming the bad field.
    explicit CronSchedule(const std::string& expression);
    // The first whole minute strictly after `after_ms` (Unix ms) that matches, in Unix ms.
    int64_t next_after(int64_t after_ms) const;
    const std::string& expression() const { return expression_; }

private:
    bool matches(int minute, int hour, int day, int month, int weekday) const;

    std::string expression_;
    std::bitset<60> minutes_;
    std::bitset<24> hours_;
    std::bitset<32> days_;
    std::bitset<13> months_;
    std::bitset<8> weekdays_;
    bool day_restricted_ = false, weekday_restricted_ = false;
};

}  // namespace skarv::host
