#pragma once
// Reading Norce's JSON loosely where Norce is loose: its binding ignores the case of
// property names, and ClientOrderRef is an int in one schema and a string in another.

#include <optional>
#include <string>
#include <string_view>

#include <boost/json.hpp>

namespace jetshop {

const boost::json::value* field(const boost::json::object& o, std::string_view key);
// A scalar as text ("" when absent or null).
std::string text(const boost::json::object& o, std::string_view key);
std::optional<int64_t> integer(const boost::json::object& o, std::string_view key);
const boost::json::object* object_at(const boost::json::object& o, std::string_view key);
const boost::json::array* array_at(const boost::json::object& o, std::string_view key);
bool iequals(std::string_view a, std::string_view b);

}  // namespace jetshop
