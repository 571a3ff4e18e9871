#pragma once
// Small pieces of the providers' wire formats the three emulators share.

#include <cstdint>
#include <cstdlib>
#include <string>

#include "skarv/sandbox/http_emulator.hpp"

namespace skarv::sandbox::wire {

// A query parameter that must be a whole number when present.
inline bool integer_param(const HttpRequest& r, const std::string& name, int64_t fallback, int64_t& out) {
    const std::string v = r.param(name);
    if (v.empty()) {
        out = fallback;
        return true;
    }
    char* end = nullptr;
    long long n = std::strtoll(v.c_str(), &end, 10);
    if (end == v.c_str() || *end != '\0') return false;
    out = n;
    return true;
}

inline bool digits(const std::string& s, std::size_t from, std::size_t n) {
    for (std::size_t i = from; i < from + n; ++i)
        if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
    return true;
}

// YYYY-MM-DD
inline bool iso_date(const std::string& s) {
    return s.size() == 10 && digits(s, 0, 4) && s[4] == '-' && digits(s, 5, 2) && s[7] == '-' && digits(s, 8, 2);
}

// YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS[Z]
inline bool iso_date_time(const std::string& s) {
    if (s.size() == 10) return iso_date(s);
    return s.size() >= 19 && iso_date(s.substr(0, 10)) && s[10] == 'T' && digits(s, 11, 2) && s[13] == ':' &&
           digits(s, 14, 2) && s[16] == ':' && digits(s, 17, 2);
}
// A bare date means 00:00:00 (Klarna, payments.md §1.2), so it compares as one.
inline std::string full_date_time(const std::string& s) {
    std::string t = s.size() == 10 ? s + "T00:00:00Z" : s;
    if (t.back() != 'Z') t += 'Z';
    return t;
}

// Minor units as "1234.50".
inline std::string decimal(int64_t minor) {
    const bool negative = minor < 0;
    uint64_t m = negative ? 0 - static_cast<uint64_t>(minor) : static_cast<uint64_t>(minor);
    std::string cents = std::to_string(m % 100);
    if (cents.size() < 2) cents.insert(0, "0");
    return (negative ? "-" : "") + std::to_string(m / 100) + "." + cents;
}

}  // namespace skarv::sandbox::wire
