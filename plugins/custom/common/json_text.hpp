#pragma once
// Comparing and printing JSON values the way a rule author expects: 2 equals 2.0,
// a number used as a lookup key reads as its text.

#include <optional>
#include <string>

#include <boost/json.hpp>

namespace skarv::custom {

bool json_equal(const boost::json::value& a, const boost::json::value& b);
// <0, 0, >0; nullopt when the two cannot be ordered (numbers with numbers, strings
// with strings: ISO dates order correctly as strings).
std::optional<int> json_compare(const boost::json::value& a, const boost::json::value& b);
// A string as itself, a number or boolean as its JSON text; nullopt for the rest.
std::optional<std::string> scalar_text(const boost::json::value& v);
// The value as an exact integer (12 and 12.0), if it is one.
std::optional<int64_t> exact_integer(const boost::json::value& v);

}  // namespace skarv::custom
