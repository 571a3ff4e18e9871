#pragma once
// What the host does to a JSON Schema before valijson sees it, and the schema lookups
// that put valijson's findings into words.
//
// valijson 1.0 (Debian 12) reads draft 7. Our schemas are written to 2020-12, where
// keywords beside "$ref" apply too; draft 7 ignores them, so they are moved under
// "allOf" with the "$ref". valijson aborts the process on a "$ref" it cannot resolve,
// recurses without end on a "$ref" or "allOf" that comes back to itself, and throws from
// the middle of validation on a pattern std::regex refuses: all three are found here
// first and reported as schema errors.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

namespace skarv::host::schema {

struct PreparedSchema {
    boost::json::value schema;
    // Each a sentence for "schema error: ..."; when any, the schema is not used.
    std::vector<std::string> errors;
};

PreparedSchema prepare(const boost::json::value& schema);

// One step of a path into a document: a member name or an array index.
struct PathStep {
    std::string key;
    std::optional<std::size_t> index;
};

// The schema objects that apply to the value at `steps` of a document: followed through
// "$ref", "allOf", "anyOf", "oneOf", "then", "else", "properties",
// "additionalProperties" and "items". Empty when none is found (for example under
// "patternProperties"); callers then fall back to plainer wording.
std::vector<const boost::json::object*> schemas_at(const boost::json::value& prepared_schema,
                                                   const std::vector<PathStep>& steps);

}  // namespace skarv::host::schema
