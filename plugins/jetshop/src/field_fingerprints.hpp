#pragma once
// What the connector remembers of each record it wrote to Norce, to send only the fields
// that changed (Norce's "...FieldsThatAreSet" lists). Not the values themselves: a 32-bit
// hash of each field's name and of its value, 8 bytes a field, in base64. At 50,000 SKUs
// the values as JSON were 50 MB of the state file; fingerprints in hex were a quarter of
// that, in base64 they are a sixth (issue #14). A changed value is missed only if its
// hash collides with the old one's (about 1 in 4 billion), and then only until the value
// changes again.

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include <boost/json.hpp>

namespace jetshop {

using FieldFingerprints = std::map<uint32_t, uint32_t>;   // name hash -> value hash

uint32_t fingerprint_of_name(std::string_view name);
uint32_t fingerprint_of_value(const boost::json::value& value);

// "f2:" then each field's name hash and value hash (4 bytes each, big-endian), in
// URL-safe base64 without padding: 10.7 characters a field.
std::string stored_fingerprints(const boost::json::object& snapshot);
// Reads what stored_fingerprints wrote, or what the connector stored before: "f1:" with
// 16 hex digits a field, or a snapshot of the values as JSON. Nothing when the text is
// none of them.
std::optional<FieldFingerprints> read_fingerprints(const std::string& stored);

}  // namespace jetshop
