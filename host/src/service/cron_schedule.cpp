#include "skarv/host/service/cron_schedule.hpp"

#include <charconv>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <vector>

#include <date/tz.h>

namespace skarv::host {
namespace {

template <std::size_t N>
bool parse_field(const std::string& text, int low, int high, std::bitset<N>& out, const char* name) {
    auto fail = [&] { throw std::invalid_argument(std::string("cron ") + name + " field '" + text + "' is not valid"); };
    auto number = [&](const std::string& s) {
        int v = 0;
        auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (s.empty() || ec != std::errc() || end != s.data() + s.size() || v < low || v > high) fail();
        return v;
    };
    bool restricted = text != "*";
    std::stringstream parts(text);
    std::string part;
    while (std::getline(parts, part, ',')) {
        int step = 1;
        if (auto slash = part.find('/'); slash != std::string::npos) {
            step = number(part.substr(slash + 1));
            if (step == 0) fail();
            part = part.substr(0, slash);
        }
        int from = low, to = high;
        if (part != "*") {
            if (auto dash = part.find('-'); dash != std::string::npos) {
                from = number(part.substr(0, dash));
                to = number(part.substr(dash + 1));
                if (from > to) fail();
            } else {
                from = number(part);
                to = step > 1 ? high : from;
            }
        }
        for (int v = from; v <= to; v += step) out.set(static_cast<std::size_t>(v));
    }
    if (out.none()) fail();
    return restricted;
}

// The longest each month can be (February in a leap year).
constexpr int kLongestMonth[13] = {0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

}  // namespace

const date::time_zone* find_time_zone(const std::string& name) {
    std::string wanted = name;
    if (wanted.empty()) {
        // TZ=":Europe/Stockholm" and TZ="Europe/Stockholm" both name a zone file.
        if (const char* tz = std::getenv("TZ"); tz && *tz) wanted = tz[0] == ':' ? tz + 1 : tz;
    }
    try {
        if (!wanted.empty()) return date::locate_zone(wanted);
        // No /etc/localtime (a bare container): UTC, as the C library's localtime does.
        if (!std::filesystem::exists("/etc/localtime")) return date::locate_zone("Etc/UTC");
        return date::current_zone();
    } catch (const std::exception& e) {
        if (name.empty())
            throw std::invalid_argument("cannot tell the machine's time zone (" + std::string(e.what()) +
                                        "); set \"timezone\" in the config");
        throw std::invalid_argument("unknown time zone '" + name +
                                    "' (give a name from the tz database, e.g. \"Europe/Stockholm\")");
    }
}

CronSchedule::CronSchedule(const std::string& expression, const date::time_zone* zone)
    : expression_(expression), zone_(zone ? zone : date::locate_zone("Etc/UTC")) {
    std::stringstream in(expression);
    std::vector<std::string> fields;
    for (std::string f; in >> f;) fields.push_back(f);
    if (fields.size() != 5)
        throw std::invalid_argument("cron expression '" + expression + "' needs 5 fields (minute hour day month weekday)");
    parse_field(fields[0], 0, 59, minutes_, "minute");
    parse_field(fields[1], 0, 23, hours_, "hour");
    day_restricted_ = parse_field(fields[2], 1, 31, days_, "day-of-month");
    parse_field(fields[3], 1, 12, months_, "month");
    weekday_restricted_ = parse_field(fields[4], 0, 7, weekdays_, "day-of-week");
    if (weekdays_.test(7)) weekdays_.set(0);
    // Every weekday comes round in every month, so only a day-of-month restricted alone
    // can make an expression that never fires; refuse it here rather than at run time.
    if (day_restricted_ && !weekday_restricted_) {
        bool fires = false;
        for (int m = 1; m <= 12 && !fires; ++m)
            for (int d = 1; d <= kLongestMonth[m] && !fires; ++d) fires = months_.test(m) && days_.test(d);
        if (!fires)
            throw std::invalid_argument("cron expression '" + expression +
                                        "' never fires: no month it names has the day of the month it names");
    }
}

bool CronSchedule::day_matches(int day, int month, int weekday) const {
    if (!months_.test(month)) return false;
    bool day_ok = days_.test(day), weekday_ok = weekdays_.test(weekday);
    if (day_restricted_ && weekday_restricted_) return day_ok || weekday_ok;
    return day_ok && weekday_ok;
}

int64_t CronSchedule::next_after(int64_t after_ms) const {
    using namespace std::chrono;
    const auto after = sys_time<milliseconds>(milliseconds(after_ms));
    // Scan wall-clock minutes from a little before `after` (an autumn change repeats up
    // to an hour or two), keeping the earliest instant after `after` that a match gives.
    const auto after_s = floor<seconds>(after);
    auto l = floor<minutes>(zone_->to_local(after_s)) - hours(3);
    const auto give_up = l + days(9 * 366);   // the longest gap between leap days is 8 years
    std::optional<sys_seconds> best;
    date::local_time<minutes> stop_at = give_up;
    const bool every_hour = hours_.all();
    while (l <= stop_at) {
        const auto day = floor<days>(l);
        const date::year_month_day ymd{day};
        const date::weekday wd{day};
        if (!day_matches(static_cast<int>(static_cast<unsigned>(ymd.day())),
                         static_cast<int>(static_cast<unsigned>(ymd.month())), static_cast<int>(wd.c_encoding()))) {
            l = day + days(1);
            continue;
        }
        const auto since_midnight = l - day;
        const int hour = static_cast<int>(duration_cast<hours>(since_midnight).count());
        const int minute = static_cast<int>((since_midnight - hours(hour)).count());
        if (!hours_.test(static_cast<std::size_t>(hour))) {
            l = day + hours(hour + 1);
            continue;
        }
        if (!minutes_.test(static_cast<std::size_t>(minute))) {
            l += minutes(1);
            continue;
        }
        const auto info = zone_->get_info(l);
        sys_seconds candidates[2];
        int n = 0;
        if (info.result == date::local_info::unique) {
            candidates[n++] = sys_seconds(l.time_since_epoch() - info.first.offset);
        } else if (info.result == date::local_info::nonexistent) {
            candidates[n++] = info.second.begin;   // skipped by the spring change: at the change
        } else {
            candidates[n++] = sys_seconds(l.time_since_epoch() - info.first.offset);
            if (every_hour) candidates[n++] = sys_seconds(l.time_since_epoch() - info.second.offset);
        }
        for (int i = 0; i < n; ++i)
            if (candidates[i] > after && (!best || candidates[i] < *best)) {
                best = candidates[i];
                // Wall clock and instants differ by less than three hours in any zone's
                // changes, so past this no later wall-clock time can give an earlier instant.
                stop_at = std::min(give_up, l + hours(3));
            }
        l += minutes(1);
    }
    if (!best) throw std::runtime_error("cron expression '" + expression_ + "' found no time to fire in nine years");
    return duration_cast<milliseconds>(best->time_since_epoch()).count();
}

}  // namespace skarv::host
