#pragma once
// A customer's field mapping: each entry fills one target path of the record from a
// source path, a constant, a lookup table or a jq expression, in the order given, so a
// later entry sees what an earlier one wrote.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "conditions.hpp"
#include "jq_program.hpp"
#include "path.hpp"
#include "transform_driver.hpp"

namespace skarv::custom::mapping {

class MappingSet {
public:
    // Throws skarv::RecordError naming the entry: "mappings[2].lookup.table: required".
    static MappingSet parse(const boost::json::object& config);

    Outcome apply(boost::json::value& record, const boost::json::value& context);
    std::size_t size() const { return entries_.size(); }

private:
    enum class Kind { source, constant, lookup, jq };
    struct Entry {
        std::string label;                       // "mappings[3] (jq)"
        Path target;
        Kind kind = Kind::constant;
        ConditionPtr when;
        Path source;                             // source, and lookup's key
        boost::json::value constant;             // constant
        boost::json::object table;               // lookup
        std::optional<boost::json::value> fallback;   // "default": source or lookup found nothing
        bool required = false;                   // nothing found and no default: fail the record
        std::unique_ptr<JqProgram> jq;
    };
    std::vector<Entry> entries_;
};

}  // namespace skarv::custom::mapping
