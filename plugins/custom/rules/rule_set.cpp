#include "rule_set.hpp"

#include <skarv/json_reader.hpp>

#include "order_totals.hpp"
#include "record_failure.hpp"

namespace skarv::custom::rules {
namespace {

RuleFamily all_rules() {
    RuleFamily all;
    for (auto family : {field_rules(), text_rules(), price_rules(), filter_rules(), order_rules()})
        for (auto& r : family) all.push_back(std::move(r));
    return all;
}

}  // namespace

RuleSet RuleSet::parse(const boost::json::object& config) {
    JsonReader top(config, "");
    for (const auto& [key, value] : config)
        if (key != "rules") throw RecordError(std::string(key), "unknown setting (the config is {\"rules\": [...]})");
    if (!top.has("rules")) throw RecordError("rules", "required");
    const auto& list = top.value("rules");
    if (!list.is_array()) throw RecordError("rules", "expected an array of rules");
    const RuleFamily known = all_rules();
    RuleSet set;
    for (std::size_t i = 0; i < list.get_array().size(); ++i) {
        const std::string where = "rules[" + std::to_string(i) + "]";
        JsonReader c(list.get_array()[i], where);
        const std::string name = c.string("rule");
        const RuleFactory* factory = nullptr;
        for (const auto& [n, f] : known)
            if (n == name) factory = &f;
        if (!factory) {
            std::string names;
            for (const auto& [n, f] : known) names += (names.empty() ? "" : ", ") + std::string(n);
            throw RecordError(c.at("rule"), "unknown rule '" + name + "' (known: " + names + ")");
        }
        Entry e;
        e.label = where + " (" + name + ")";
        e.when = parse_when(c.object(), where);
        e.rule = (*factory)(c);
        set.entries_.push_back(std::move(e));
    }
    return set;
}

Outcome RuleSet::apply(boost::json::value& record, const boost::json::value& context) const {
    Effects effects;
    for (const auto& e : entries_) {
        const Subject subject{record, context};
        if (e.when && !e.when->holds(subject)) continue;
        Outcome outcome;
        try {
            outcome = e.rule->apply(record, subject, effects);
        } catch (const RecordFailure& ex) {
            throw RecordFailure(e.label + ": " + ex.what());
        } catch (const RecordError& ex) {
            throw RecordFailure(e.label + ": " + ex.what());
        } catch (const std::exception& ex) {
            // Money overflow, a currency mismatch: the rule cannot apply, the batch goes on.
            throw RecordFailure(e.label + ": " + ex.what());
        }
        if (outcome.action == Action::fail) outcome.reason = e.label + ": " + outcome.reason;
        if (outcome.action != Action::keep) return outcome;
    }
    if (effects.money_changed) refresh_order_totals(record);
    return {};
}

}  // namespace skarv::custom::rules
