#pragma once
// CronSchedule: the five-field cron expressions integrators already write
// ("*/5 * * * *": every five minutes), evaluated on the wall clock of a time zone (the
// system's tz database; UTC when none is given). Fields: minute hour day-of-month month
// day-of-week (0 or 7 = Sunday); each a '*', a number, a range a-b, a step */n or a-b/n,
// or a comma list of those. When both day fields are restricted, a day matching either
// runs (as in Vixie cron).
//
// Daylight saving time, as cronie does it: a wall-clock time that the spring change skips
// runs at the moment of the change (a daily 02:30 job still runs that day, at 03:00); a
// time that the autumn change repeats runs once, at its first occurrence, unless the hour
// field is '*' (a job that runs every hour keeps running through the repeated hour).

#include <bitset>
#include <cstdint>
#include <string>

namespace date {
class time_zone;
}

namespace skarv::host {

// The zone of an IANA name ("Europe/Stockholm"); "" is the machine's zone (TZ if set,
// else /etc/localtime). Throws std::invalid_argument for a name the tz database lacks.
const date::time_zone* find_time_zone(const std::string& name);

class CronSchedule {
public:
    // Throws std::invalid_argument naming the bad field, or saying that the expression
    // can never fire ("0 0 31 2 *": February has no 31st).
    explicit CronSchedule(const std::string& expression, const date::time_zone* zone = nullptr);
    // The first whole minute strictly after `after_ms` (Unix ms) that matches, in Unix ms.
    int64_t next_after(int64_t after_ms) const;
    const std::string& expression() const { return expression_; }
    const date::time_zone* zone() const { return zone_; }

private:
    bool day_matches(int day, int month, int weekday) const;

    std::string expression_;
    const date::time_zone* zone_;
    std::bitset<60> minutes_;
    std::bitset<24> hours_;
    std::bitset<32> days_;
    std::bitset<13> months_;
    std::bitset<8> weekdays_;
    bool day_restricted_ = false, weekday_restricted_ = false;
};

}  // namespace skarv::host
