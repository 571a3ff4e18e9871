#pragma once
// The ordered list of rules a `rules` instance was configured with. Each rule runs when
// its condition holds; the first drop or fail ends the chain for that record.

#include <memory>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "conditions.hpp"
#include "rule.hpp"

namespace skarv::custom::rules {

class RuleSet {
public:
    // Throws skarv::RecordError naming the rule: "rules[3].field: required".
    static RuleSet parse(const boost::json::object& config);

    Outcome apply(boost::json::value& record, const boost::json::value& context) const;
    std::size_t size() const { return entries_.size(); }

private:
    struct Entry {
        std::string label;          // "rules[2] (price_adjust)": where a failure came from
        ConditionPtr when;          // null: always
        std::unique_ptr<Rule> rule;
    };
    std::vector<Entry> entries_;
};

}  // namespace skarv::custom::rules
