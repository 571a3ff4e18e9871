#include "safe_regex.hpp"

#include <iterator>

#include <skarv/json_reader.hpp>

#include "record_failure.hpp"

namespace skarv::custom {
namespace {

std::regex compile(const std::string& pattern, const std::string& where, bool ignore_case) {
    auto flags = std::regex::ECMAScript | std::regex_constants::__polynomial;
    if (ignore_case) flags |= std::regex::icase;
    try {
        return std::regex(pattern, flags);
    } catch (const std::regex_error& e) {
        if (e.code() == std::regex_constants::error_complexity)
            throw RecordError(where, "'" + pattern + "': back-references are not supported");
        throw RecordError(where, "'" + pattern + "' is not a valid regular expression: " + e.what());
    }
}

}  // namespace

SafeRegex::SafeRegex(const std::string& pattern, const std::string& where, bool ignore_case)
    : pattern_(pattern), regex_(compile(pattern, where, ignore_case)) {}

void SafeRegex::check_length(std::string_view text) const {
    if (text.size() > kMaxSubject)
        throw RecordFailure("a value of " + std::to_string(text.size()) + " bytes is too long to match against '" +
                            pattern_ + "'");
}

bool SafeRegex::search(std::string_view text) const {
    check_length(text);
    return std::regex_search(text.begin(), text.end(), regex_);
}

std::string SafeRegex::replace(std::string_view text, const std::string& format) const {
    check_length(text);
    std::string out;
    std::regex_replace(std::back_inserter(out), text.begin(), text.end(), regex_, format);
    return out;
}

}  // namespace skarv::custom
