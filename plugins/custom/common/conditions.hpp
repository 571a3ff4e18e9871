#pragma once
// Conditions ("when") on rules and mappings:
//   {"field": "channel", "equals": 2}             equals / not_equals / matches /
//   {"field": "x", "exists": true}                greater_than / less_than / exists
//   {"channel": 2}  {"customer_group": "B2B"}  {"payment_method": ["invoice", "klarna"]}
//   {"all": [ ... ]}  {"any": [ ... ]}  {"not": { ... }}
// Several tests in one object must all hold. Parsed once at create; evaluating never
// throws, because a condition that cannot be decided on a record is simply false.

#include <memory>
#include <string>

#include <boost/json.hpp>

#include "path.hpp"

namespace skarv::custom {

class Condition {
public:
    virtual ~Condition() = default;
    virtual bool holds(const Subject& subject) const = 0;
};
using ConditionPtr = std::unique_ptr<const Condition>;

// Throws skarv::RecordError naming `where` ("rules[2].when.all[1].field: required").
ConditionPtr parse_condition(const boost::json::value& config, const std::string& where);

// The rule's "when", or null (always) when the object has none.
ConditionPtr parse_when(const boost::json::object& owner, const std::string& where);

}  // namespace skarv::custom
