#pragma once
// Reading a rule's config: every mistake names its place ("rules[3].field: required"),
// and a misspelt key is an error rather than a rule that silently does nothing.

#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>

#include <boost/json.hpp>
#include <skarv/json_reader.hpp>
#include <skarv/model/money.hpp>

#include "path.hpp"

namespace skarv::custom::rules {

void allow_only(const JsonReader& config, std::initializer_list<std::string_view> keys);
Path read_path(const JsonReader& config, std::string_view key);            // readable, may be $context
Path read_target(const JsonReader& config, std::string_view key);          // writable
Path read_target_or(const JsonReader& config, std::string_view key, std::string_view fallback);
const boost::json::value& read_any(const JsonReader& config, std::string_view key);
// A lookup table {"from": "to", ...}; keys are compared with a value's text.
const boost::json::object& read_table(const JsonReader& config, std::string_view key);

// Calls `change` on every string the path reaches; a missing or null value is left be,
// anything else that is not a string fails the record.
void for_each_string(boost::json::value& record, const Path& path, const std::function<void(std::string&)>& change);

// The Money at a value ({"minor", "currency"}), or RecordFailure naming where it is.
model::Money money_at(const boost::json::value& v, const std::string& where);

}  // namespace skarv::custom::rules
