#include "skarv/host/service/request_parameters.hpp"

#include <charconv>

namespace skarv::host {

std::optional<int64_t> parse_decimal(std::string_view text, int64_t min, int64_t max) {
    // from_chars accepts a leading '-'; a parameter is plain digits.
    if (text.empty() || text.front() < '0' || text.front() > '9') return std::nullopt;
    int64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max) return std::nullopt;
    return value;
}

}  // namespace skarv::host
