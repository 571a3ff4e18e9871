#pragma once
// One built-in rule: configured once at create, applied to each record in turn.

#include <functional>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json.hpp>
#include <skarv/json_reader.hpp>

#include "path.hpp"
#include "transform_driver.hpp"

namespace skarv::custom::rules {

// What applying a rule did beyond its outcome: a changed price or line means the
// order's stated totals must be restated at the end of the chain.
struct Effects {
    bool money_changed = false;
};

class Rule {
public:
    virtual ~Rule() = default;
    // Changes `record` in place. Drop or fail stops the chain for that record. Throws
    // RecordFailure (or RecordError) when the rule cannot apply to this record.
    virtual Outcome apply(boost::json::value& record, const Subject& subject, Effects& effects) const = 0;
};

using RuleFactory = std::function<std::unique_ptr<Rule>(const JsonReader& config)>;
using RuleFamily = std::vector<std::pair<std::string_view, RuleFactory>>;

// Each family file offers its rules by name.
RuleFamily field_rules();
RuleFamily text_rules();
RuleFamily price_rules();
RuleFamily filter_rules();
RuleFamily order_rules();

}  // namespace skarv::custom::rules
