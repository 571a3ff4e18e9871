#include "skarv/host/service/cron_schedule.hpp"

#include <ctime>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace skarv::host {
namespace {

template <std::size_t N>
bool parse_field(const std::string& text, int low, int high, std::bitset<N>& out, const char* name) {
    auto fail = [&] { throw std::invalid_argument(std::string("cron ") + name + " field '" + text + "' is not valid"); };
    auto number = [&](const std::string& s) {
        // More than 9 digits is out of every field's range, and beyond what stoi takes
        // without throwing std::out_of_range (which callers do not expect).
        if (s.empty() || s.size() > 9 || s.find_first_not_of("0123456789") != std::string::npos) fail();
        int v = std::stoi(s);
        if (v < low || v > high) fail();
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

}  // namespace

CronSchedule::CronSchedule(const std::string& expression) : expression_(expression) {
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
}

bool CronSchedule::matches(int minute, int hour, int day, int month, int weekday) const {
    if (!minutes_.test(minute) || !hours_.test(hour) || !months_.test(month)) return false;
    bool day_ok = days_.test(day), weekday_ok = weekdays_.test(weekday);
    if (day_restricted_ && weekday_restricted_) return day_ok || weekday_ok;
    return day_ok && weekday_ok;
}

int64_t CronSchedule::next_after(int64_t after_ms) const {
    int64_t t = (after_ms / 60000 + 1) * 60;   // next whole minute, in seconds
    // Four years of minutes bounds the search (Feb 29 on a Monday, say).
    for (int64_t i = 0; i < 4 * 366 * 24 * 60; ++i, t += 60) {
        std::time_t tt = static_cast<std::time_t>(t);
        std::tm tm{};
        gmtime_r(&tt, &tm);
        if (matches(tm.tm_min, tm.tm_hour, tm.tm_mday, tm.tm_mon + 1, tm.tm_wday)) return t * 1000;
    }
    throw std::runtime_error("cron expression '" + expression_ + "' never matches");
}

}  // namespace skarv::host
