#pragma once
// What the connector remembers of each record it wrote to Norce, to send only the fields
// that changed (Norce's "...FieldsThatAreSet" lists). Not the values themselves: a 32-bit
// hash of each field's name and of its value, 16 hex digits a field. At 50,000 SKUs the
// values as JSON were 50 MB of the state file; fingerprints are a quarter of that
// (issue #14). A changed value is missed only if its hash collides with the old one's
// (about 1 in 4 billion), and then only until the value changes again.

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include <boost/json.hpp>

namespace jetshop {

using FieldFingerprints = std::map<uint32_t, uint32_t>;   // name hash -> value hash

uint32_t fingerprint_of_name(std::string_view name);
uint32_t fingerprint_of_value(const boost::json::value& value);

// "f1:" then 16 hex digits a field.
std::string stored_fingerprints(const boost::json::object& snapshot);
// Reads what stored_fingerprints wrote, or a snapshot of the values as JSON (what the
// connector stored before): nothing when the text is neither.
std::optional<FieldFingerprints> read_fingerprints(const std::string& stored);

}  // namespace jetshop
