#include "decimal.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>

namespace skarv::sandbox::specter {

std::optional<int64_t> parse_decimal(std::string_view text, int scale) {
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    if (text.empty()) return std::nullopt;
    bool negative = false;
    if (text.front() == '-' || text.front() == '+') {
        negative = text.front() == '-';
        text.remove_prefix(1);
    }
    int64_t whole = 0;
    int64_t frac = 0;
    int frac_digits = 0;
    bool round_up = false;
    bool seen_digit = false;
    bool in_frac = false;
    int64_t pow10 = 1;
    for (int i = 0; i < scale; ++i) pow10 *= 10;
    // The whole part must still fit once scaled and rounded up.
    const int64_t max_whole = (INT64_MAX / pow10 - 1) / 10;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '.' || c == ',') {
            if (in_frac) return std::nullopt;
            in_frac = true;
            continue;
        }
        if (c < '0' || c > '9') return std::nullopt;
        seen_digit = true;
        int d = c - '0';
        if (!in_frac) {
            if (whole > max_whole) return std::nullopt;
            whole = whole * 10 + d;
        } else if (frac_digits < scale) {
            frac = frac * 10 + d;
            ++frac_digits;
        } else if (frac_digits == scale) {
            round_up = d >= 5;
            ++frac_digits;
        }
    }
    if (!seen_digit) return std::nullopt;
    int64_t value = whole * pow10;
    int64_t f = frac;
    for (int i = std::min(frac_digits, scale); i < scale; ++i) f *= 10;
    value += f + (round_up ? 1 : 0);
    return negative ? -value : value;
}

std::string format_decimal(int64_t scaled, int scale) {
    bool negative = scaled < 0;
    uint64_t v = negative ? static_cast<uint64_t>(-(scaled + 1)) + 1 : static_cast<uint64_t>(scaled);
    std::string digits = std::to_string(v);
    auto n = static_cast<std::size_t>(scale);
    if (n > 0) {
        if (digits.size() <= n) digits = std::string(n + 1 - digits.size(), '0') + digits;
        std::string whole = digits.substr(0, digits.size() - n);
        std::string frac = digits.substr(digits.size() - n);
        digits = whole + "." + frac;
    }
    return negative ? "-" + digits : digits;
}

int64_t round_div(int64_t num, int64_t den) {
    int64_t q = num / den;
    int64_t r = num % den;
    if (2 * std::llabs(r) >= den) q += num < 0 ? -1 : 1;
    return q;
}

}  // namespace skarv::sandbox::specter
