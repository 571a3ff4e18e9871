#pragma once
// The X-StormConnect-Header of a Connect import: which fields of each item are "set"
// (only those are written), FullFile, and the enum tables behind the field lists.

#include <map>
#include <set>
#include <string>
#include <string_view>

#include <boost/json.hpp>

namespace skarv::sandbox::jetshop {

struct FieldList {
    bool given = false;             // absent list = every field present in the item is set
    std::set<std::string> names;    // canonical property names
    bool allows(std::string_view name) const;
};

struct ImportHeader {
    boost::json::object raw;
    bool full_file = false;
    std::map<std::string, FieldList> lists;   // by header property, e.g. "SkuFieldsThatAreSet"
    const FieldList& list(const std::string& property) const;
};

// Throws std::invalid_argument naming what is wrong (missing, not one-line JSON,
// an unknown enum value, XML serialization).
ImportHeader parse_import_header(const std::string& header_text);

}  // namespace skarv::sandbox::jetshop
