#include "conditions.hpp"

#include <optional>
#include <vector>

#include <skarv/json_reader.hpp>

#include "json_text.hpp"
#include "safe_regex.hpp"

namespace skarv::custom {
namespace {

enum class Op { equals, not_equals, matches, greater_than, less_than, exists };

// One operand or a list of them ({"channel": [1, 2]}: any of).
std::vector<boost::json::value> operands(const boost::json::value& v) {
    if (v.is_array()) return {v.get_array().begin(), v.get_array().end()};
    return {v};
}

class FieldTest : public Condition {
public:
    FieldTest(Path path, Op op, const boost::json::value& operand, const std::string& where, bool context_fallback)
        : path_(std::move(path)), op_(op), operands_(operands(operand)), context_fallback_(context_fallback) {
        if (op_ == Op::matches) {
            for (std::size_t i = 0; i < operands_.size(); ++i) {
                if (!operands_[i].is_string()) throw RecordError(where, "expected a regular expression (a string)");
                regexes_.emplace_back(std::string(operands_[i].get_string()), where);
            }
        }
        if (op_ == Op::exists && !operand.is_bool()) throw RecordError(where, "expected true or false");
        if ((op_ == Op::greater_than || op_ == Op::less_than) && !operand.is_number() && !operand.is_string())
            throw RecordError(where, "expected a number or a string");
    }

    bool holds(const Subject& subject) const override {
        auto values = find_in(path_, subject);
        // A record without a channel of its own (a product) is in the request's channel.
        if (values.empty() && context_fallback_) values = path_.find(subject.context);
        std::vector<const boost::json::value*> present;
        for (auto* v : values)
            if (!v->is_null()) present.push_back(v);
        switch (op_) {
            case Op::exists: return operands_.front().get_bool() == !present.empty();
            case Op::not_equals:
                for (auto* v : present)
                    for (const auto& o : operands_)
                        if (json_equal(*v, o)) return false;
                return true;
            default: break;
        }
        for (auto* v : present)
            if (one(*v)) return true;
        return false;
    }

private:
    bool one(const boost::json::value& v) const {
        switch (op_) {
            case Op::equals:
                for (const auto& o : operands_)
                    if (json_equal(v, o)) return true;
                return false;
            case Op::matches: {
                auto text = scalar_text(v);
                if (!text) return false;
                try {
                    for (const auto& r : regexes_)
                        if (r.search(*text)) return true;
                } catch (const std::exception&) {
                    return false;   // too long to match: not a match
                }
                return false;
            }
            case Op::greater_than: return json_compare(v, operands_.front()).value_or(0) > 0;
            case Op::less_than: return json_compare(v, operands_.front()).value_or(0) < 0;
            default: return false;
        }
    }

    Path path_;
    Op op_;
    std::vector<boost::json::value> operands_;
    std::vector<SafeRegex> regexes_;
    bool context_fallback_;
};

class AllOf : public Condition {
public:
    explicit AllOf(std::vector<ConditionPtr> parts) : parts_(std::move(parts)) {}
    bool holds(const Subject& s) const override {
        for (const auto& p : parts_)
            if (!p->holds(s)) return false;
        return true;
    }

private:
    std::vector<ConditionPtr> parts_;
};

class AnyOf : public Condition {
public:
    explicit AnyOf(std::vector<ConditionPtr> parts) : parts_(std::move(parts)) {}
    bool holds(const Subject& s) const override {
        for (const auto& p : parts_)
            if (p->holds(s)) return true;
        return false;
    }

private:
    std::vector<ConditionPtr> parts_;
};

class Not : public Condition {
public:
    explicit Not(ConditionPtr inner) : inner_(std::move(inner)) {}
    bool holds(const Subject& s) const override { return !inner_->holds(s); }

private:
    ConditionPtr inner_;
};

std::vector<ConditionPtr> list(const boost::json::value& v, const std::string& where) {
    if (!v.is_array() || v.get_array().empty()) throw RecordError(where, "expected a non-empty array of conditions");
    std::vector<ConditionPtr> out;
    const auto& array = v.get_array();
    for (std::size_t i = 0; i < array.size(); ++i)
        out.push_back(parse_condition(array[i], where + "[" + std::to_string(i) + "]"));
    return out;
}

struct Shortcut {
    const char* key;
    const char* path;
    bool context_fallback;
};
constexpr Shortcut kShortcuts[] = {
    {"channel", "channel", true},
    {"customer_group", "customer.customer_group", false},
    {"payment_method", "payment.method", false},
};

constexpr std::pair<const char*, Op> kOps[] = {
    {"equals", Op::equals},           {"not_equals", Op::not_equals}, {"matches", Op::matches},
    {"greater_than", Op::greater_than}, {"less_than", Op::less_than},  {"exists", Op::exists},
};

}  // namespace

ConditionPtr parse_condition(const boost::json::value& config, const std::string& where) {
    if (!config.is_object()) throw RecordError(where, "expected a condition object");
    const auto& o = config.get_object();
    std::vector<ConditionPtr> parts;
    bool has_field = o.contains("field");
    for (const auto& [key, value] : o) {
        std::string at = where + "." + std::string(key);
        if (key == "all") { parts.push_back(std::make_unique<AllOf>(list(value, at))); continue; }
        if (key == "any") { parts.push_back(std::make_unique<AnyOf>(list(value, at))); continue; }
        if (key == "not") { parts.push_back(std::make_unique<Not>(parse_condition(value, at))); continue; }
        if (key == "field") continue;
        bool known = false;
        for (const auto& s : kShortcuts) {
            if (key != s.key) continue;
            known = true;
            parts.push_back(std::make_unique<FieldTest>(Path::parse(s.path, at), Op::equals, value, at, s.context_fallback));
        }
        for (const auto& [name, op] : kOps) {
            if (key != name) continue;
            known = true;
            if (!has_field) throw RecordError(where + ".field", "required with '" + std::string(name) + "'");
            const auto& field = o.at("field");
            if (!field.is_string()) throw RecordError(where + ".field", "expected a path (a string)");
            std::string_view text = field.get_string();
            // A plain "channel" field behaves as the shortcut does: the context's channel
            // stands in for records without one.
            parts.push_back(std::make_unique<FieldTest>(Path::parse(text, where + ".field"), op, value, at,
                                                        text == "channel"));
        }
        if (!known) throw RecordError(at, "unknown condition (use field with equals, not_equals, matches, "
                                          "greater_than, less_than or exists; channel, customer_group, "
                                          "payment_method; all, any, not)");
    }
    if (has_field && parts.empty()) throw RecordError(where, "a field needs a test: equals, not_equals, matches, greater_than, less_than or exists");
    if (parts.empty()) throw RecordError(where, "empty condition");
    if (parts.size() == 1) return std::move(parts.front());
    return std::make_unique<AllOf>(std::move(parts));
}

ConditionPtr parse_when(const boost::json::object& owner, const std::string& where) {
    auto* when = owner.if_contains("when");
    if (!when || when->is_null()) return nullptr;
    return parse_condition(*when, where + ".when");
}

}  // namespace skarv::custom
