#pragma once
// Numbers in request paths and query strings, read strictly: "1abc", " 1", "+1", "" and
// anything out of range are refused (std::nullopt) instead of read as a prefix or thrown
// as a 500 (std::stoi). The HTTP handlers answer 400 or 404 on nullopt.

#include <cstdint>
#include <optional>
#include <string_view>

namespace skarv::host {

// Decimal digits only, within [min, max].
std::optional<int64_t> parse_decimal(std::string_view text, int64_t min, int64_t max);

}  // namespace skarv::host
