// Date longs: a date is yyyymmdd (20261123), a date-time (TIMESTAMP fields,
// AdkDateTimeToLong) seconds since 1970-01-01 UTC.
// guess visma.date-longs, docs/guesses.md

#include "internal.hpp"

#include <chrono>
#include <cstdio>

namespace skarv::adk_emu {

namespace {

using namespace std::chrono;

std::optional<year_month_day> parse_ymd(std::string_view t) {
    int y = 0, m = 0, d = 0;
    const std::string s(t);
    int used = 0;
    if (s.size() >= 10 && std::sscanf(s.c_str(), "%4d-%2d-%2d%n", &y, &m, &d, &used) == 3 && used == 10) {
    } else if (s.size() >= 8 && std::sscanf(s.c_str(), "%4d%2d%2d%n", &y, &m, &d, &used) == 3 && used == 8) {
    } else {
        return std::nullopt;
    }
    const year_month_day ymd{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
    if (!ymd.ok() || y < 1900 || y > 2999) return std::nullopt;
    return ymd;
}

std::optional<year_month_day> from_long(long v) {
    if (v <= 0) return std::nullopt;
    const year_month_day ymd{year{static_cast<int>(v / 10000)}, month{static_cast<unsigned>(v / 100 % 100)},
                             day{static_cast<unsigned>(v % 100)}};
    if (!ymd.ok()) return std::nullopt;
    return ymd;
}

long to_long(const year_month_day& ymd) {
    return static_cast<long>(static_cast<int>(ymd.year())) * 10000 + static_cast<long>(static_cast<unsigned>(ymd.month())) * 100 +
           static_cast<long>(static_cast<unsigned>(ymd.day()));
}

}  // namespace

std::optional<long> date_to_long(std::string_view text) {
    const auto ymd = parse_ymd(text);
    if (!ymd || (text.size() != 10 && text.size() != 8)) return std::nullopt;
    return to_long(*ymd);
}

std::optional<std::string> long_to_date(long value) {
    const auto ymd = from_long(value);
    if (!ymd) return std::nullopt;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd->year()), static_cast<unsigned>(ymd->month()),
                  static_cast<unsigned>(ymd->day()));
    return std::string(buf);
}

std::optional<long> datetime_to_long(std::string_view text) {
    const auto ymd = parse_ymd(text);
    if (!ymd) return std::nullopt;
    int hh = 0, mm = 0, ss = 0;
    if (text.size() > 10) {
        const std::string rest(text.substr(10));
        int used = 0;
        if (std::sscanf(rest.c_str(), "%*[ T]%2d:%2d:%2d%n", &hh, &mm, &ss, &used) != 3 ||
            static_cast<size_t>(used) != rest.size() || hh > 23 || mm > 59 || ss > 59)
            return std::nullopt;
    }
    const auto t = sys_days{*ymd} + hours{hh} + minutes{mm} + seconds{ss};
    return static_cast<long>(t.time_since_epoch().count());
}

std::optional<std::string> long_to_datetime(long value) {
    if (value < 0) return std::nullopt;
    const sys_seconds t{seconds{value}};
    const auto day_start = floor<days>(t);
    const year_month_day ymd{day_start};
    const hh_mm_ss hms{t - day_start};
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02d:%02d:%02d", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                  static_cast<int>(hms.seconds().count()));
    return std::string(buf);
}

long today_long() {
    return to_long(year_month_day{floor<days>(system_clock::now())});
}

long now_datetime_long() {
    return static_cast<long>(duration_cast<seconds>(system_clock::now().time_since_epoch()).count());
}

long add_days(long date, int n) {
    const auto ymd = from_long(date);
    if (!ymd) return date;
    return to_long(year_month_day{sys_days{*ymd} + days{n}});
}

}  // namespace skarv::adk_emu
