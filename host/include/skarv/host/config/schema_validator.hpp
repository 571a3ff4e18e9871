#pragma once
// Checks a JSON document against a JSON Schema and reports every problem with its path
// ("connections[0].erp.api_key: required"). valijson (Debian's libvalijson-dev, through
// its Boost.JSON adapter) decides; the host words its findings (docs/config.md, "Schema
// keywords", lists what is checked and how it reads).

#include <string>
#include <vector>

#include <boost/json.hpp>

namespace skarv::host {

struct SchemaProblem {
    std::string path;
    std::string message;
    std::string to_string() const { return path.empty() ? message : path + ": " + message; }
};

// `path` is put in front of every problem's path. A schema that cannot be used (a
// "$ref" that leads nowhere, a bad pattern) gives "schema error: ..." problems and the
// document is not checked.
std::vector<SchemaProblem> validate_against_schema(const boost::json::value& document, const boost::json::value& schema,
                                                   const std::string& path = "");

}  // namespace skarv::host
