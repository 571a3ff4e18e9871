// Rules that set, copy, default, remove or reshape one field.
#include "record_failure.hpp"
#include "rule.hpp"
#include "rule_config.hpp"
#include "utf8.hpp"

namespace skarv::custom::rules {
namespace {

class SetField : public Rule {
public:
    explicit SetField(const JsonReader& c) : field_(read_target(c, "field")), value_(read_any(c, "value")) {
        allow_only(c, {"field", "value"});
    }
    Outcome apply(boost::json::value& record, const Subject&, Effects& effects) const override {
        for (auto* v : field_.ensure(record)) *v = value_;
        effects.money_changed |= field_.touches_money();
        return {};
    }

private:
    Path field_;
    boost::json::value value_;
};

class CopyField : public Rule {
public:
    explicit CopyField(const JsonReader& c)
        : from_(read_path(c, "from")), to_(read_target(c, "to")), required_(c.boolean_or("required", false)) {
        allow_only(c, {"from", "to", "required"});
    }
    Outcome apply(boost::json::value& record, const Subject& subject, Effects& effects) const override {
        auto found = find_in(from_, subject);
        if (found.empty() || found.front()->is_null()) {
            if (required_) throw RecordFailure(from_.text() + " is missing, so it cannot be copied to " + to_.text());
            return {};
        }
        // Copy first: the target may be inside the source's tree.
        boost::json::value value = *found.front();
        for (auto* v : to_.ensure(record)) *v = value;
        effects.money_changed |= to_.touches_money();
        return {};
    }

private:
    Path from_, to_;
    bool required_;
};

class RemoveField : public Rule {
public:
    explicit RemoveField(const JsonReader& c) : field_(read_target(c, "field")) { allow_only(c, {"field"}); }
    Outcome apply(boost::json::value& record, const Subject&, Effects& effects) const override {
        // Removing a line or a price is a money change the stated totals must follow.
        if (field_.remove(record) > 0 && field_.touches_money()) effects.money_changed = true;
        return {};
    }

private:
    Path field_;
};

class DefaultValue : public Rule {
public:
    explicit DefaultValue(const JsonReader& c) : field_(read_target(c, "field")), value_(read_any(c, "value")) {
        allow_only(c, {"field", "value"});
    }
    Outcome apply(boost::json::value& record, const Subject&, Effects& effects) const override {
        for (auto* v : field_.ensure(record))
            if (v->is_null() || (v->is_string() && v->get_string().empty())) *v = value_;
        effects.money_changed |= field_.touches_money();
        return {};
    }

private:
    Path field_;
    boost::json::value value_;
};

class Truncate : public Rule {
public:
    explicit Truncate(const JsonReader& c)
        : field_(read_target(c, "field")),
          max_(max_length(c)),
          bytes_(unit(c)),
          ellipsis_(c.string_or("ellipsis", "")) {
        allow_only(c, {"field", "max_length", "unit", "ellipsis"});
    }
    Outcome apply(boost::json::value& record, const Subject&, Effects&) const override {
        for_each_string(record, field_, [&](std::string& s) { s = utf8::truncate(s, max_, bytes_, ellipsis_); });
        return {};
    }

private:
    static std::size_t max_length(const JsonReader& c) {
        auto n = c.integer("max_length");
        if (n < 1 || n > 1'000'000) throw RecordError(c.at("max_length"), "out of range 1..1000000");
        return static_cast<std::size_t>(n);
    }
    static bool unit(const JsonReader& c) {
        auto u = c.string_or("unit", "characters");
        if (u != "characters" && u != "bytes") throw RecordError(c.at("unit"), "expected \"characters\" or \"bytes\"");
        return u == "bytes";
    }
    Path field_;
    std::size_t max_;
    bool bytes_;
    std::string ellipsis_;
};

class ChangeCase : public Rule {
public:
    ChangeCase(const JsonReader& c, bool upper) : field_(read_target(c, "field")), upper_(upper) {
        allow_only(c, {"field"});
    }
    Outcome apply(boost::json::value& record, const Subject&, Effects&) const override {
        for_each_string(record, field_, [&](std::string& s) { s = upper_ ? utf8::to_upper(s) : utf8::to_lower(s); });
        return {};
    }

private:
    Path field_;
    bool upper_;
};

}  // namespace

RuleFamily field_rules() {
    return {
        {"set_field", [](const JsonReader& c) { return std::make_unique<SetField>(c); }},
        {"copy_field", [](const JsonReader& c) { return std::make_unique<CopyField>(c); }},
        {"remove_field", [](const JsonReader& c) { return std::make_unique<RemoveField>(c); }},
        {"default_value", [](const JsonReader& c) { return std::make_unique<DefaultValue>(c); }},
        {"truncate", [](const JsonReader& c) { return std::make_unique<Truncate>(c); }},
        {"uppercase", [](const JsonReader& c) { return std::make_unique<ChangeCase>(c, true); }},
        {"lowercase", [](const JsonReader& c) { return std::make_unique<ChangeCase>(c, false); }},
    };
}

}  // namespace skarv::custom::rules
