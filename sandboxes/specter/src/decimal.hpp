#pragma once
// Exact decimals for prices and VAT rates: the wire carries "199.20", "-50", "12,5"
// (article-info decimals may use a comma), the emulator keeps scaled integers.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace skarv::sandbox::specter {

// The value times 10^scale, digits beyond `scale` rounded half away from zero;
// nullopt when the text is not a plain decimal number.
std::optional<int64_t> parse_decimal(std::string_view text, int scale);
// A scaled integer as text with exactly `scale` decimals and a dot: (19920, 2) -> "199.20".
std::string format_decimal(int64_t scaled, int scale);
// num / den rounded half away from zero (den > 0).
int64_t round_div(int64_t num, int64_t den);

}  // namespace skarv::sandbox::specter
