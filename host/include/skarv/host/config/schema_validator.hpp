#pragma once
// Checks a JSON document against a JSON Schema and reports every problem with its path
// ("connections[0].erp.api_key: required"). It implements the subset of draft 2020-12
// that plugin config schemas and the canonical-record schemas use (docs/config.md lists
// it); Debian ships no C++ JSON Schema validator for Boost.JSON, so this is small and ours.

#include <string>
#include <vector>

#include <boost/json.hpp>

namespace skarv::host {

struct SchemaProblem {
    std::string path;
    std::string message;
    std::string to_string() const { return path.empty() ? message : path + ": " + message; }
};

// `root` resolves "#/$defs/..." references; it is the schema itself unless validating a
// sub-schema of a larger document.
std::vector<SchemaProblem> validate_against_schema(const boost::json::value& document, const boost::json::value& schema,
                                                   const std::string& path = "");

}  // namespace skarv::host
