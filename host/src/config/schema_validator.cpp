#include "skarv/host/config/schema_validator.hpp"

// valijson's default on a bad schema is to print and abort(); with this it throws.
#define VALIJSON_USE_EXCEPTIONS 1
#include <valijson/adapters/boost_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <algorithm>
#include <set>

#include "schema_preparation.hpp"

namespace skarv::host {
namespace {

namespace json = boost::json;
using schema::PathStep;

std::string json_type(const json::value& v) {
    switch (v.kind()) {
        case json::kind::null: return "null";
        case json::kind::bool_: return "boolean";
        case json::kind::int64:
        case json::kind::uint64: return "integer";
        case json::kind::double_: return "number";
        case json::kind::string: return "string";
        case json::kind::array: return "array";
        case json::kind::object: return "object";
    }
    return "unknown";
}

// JSON Schema since draft 6 counts 2.0 as an integer; valijson 1.0 goes by how the
// number was stored, so whole numbers are stored as integers before it looks.
void store_whole_numbers_as_integers(json::value& v) {
    if (v.is_double()) {
        const double d = v.get_double();
        // Range first: converting an out-of-range double is undefined behaviour.
        if (d >= -9.2e18 && d <= 9.2e18 && d == static_cast<double>(static_cast<std::int64_t>(d)))
            v = static_cast<std::int64_t>(d);
    } else if (auto* a = v.if_array()) {
        for (auto& item : *a) store_whole_numbers_as_integers(item);
    } else if (auto* o = v.if_object()) {
        for (auto& [key, item] : *o) store_whole_numbers_as_integers(item);
    }
}

bool starts_with(const std::string& text, std::string_view prefix) { return text.rfind(prefix, 0) == 0; }

// Between the first "'" and the last, where valijson quotes a member name.
std::string quoted(const std::string& text) {
    const auto first = text.find('\'');
    const auto last = text.rfind('\'');
    return first == std::string::npos || last <= first ? std::string() : text.substr(first + 1, last - first - 1);
}

std::string without_full_stop(std::string text) {
    if (!text.empty() && text.back() == '.') text.pop_back();
    return text;
}

// A valijson finding, placed in the document: its context ("<root>", "[name]", "[3]")
// read against the document, so "[3]" is an index only where the value is an array.
struct Finding {
    std::vector<PathStep> steps;
    const json::value* value = nullptr;   // null when the context leaves the document
    std::string description;
};

Finding place(const valijson::ValidationResults::Error& error, const json::value& document) {
    Finding f{{}, &document, error.description};
    for (std::size_t i = 1; i < error.context.size(); ++i) {
        const auto& part = error.context[i];
        std::string inner = part.size() >= 2 ? part.substr(1, part.size() - 2) : part;
        PathStep step{inner, std::nullopt};
        const json::value* next = nullptr;
        const bool digits = !inner.empty() && inner.find_first_not_of("0123456789") == std::string::npos;
        if (f.value && f.value->is_array() && digits) {
            step.index = std::stoul(inner);
            if (*step.index < f.value->get_array().size()) next = &f.value->get_array()[*step.index];
        } else if (f.value && f.value->is_object()) {
            next = f.value->get_object().if_contains(inner);
        }
        f.steps.push_back(std::move(step));
        f.value = next;
    }
    return f;
}

// True when `inner` is `outer` or a path inside it.
bool under(const std::vector<PathStep>& inner, const std::vector<PathStep>& outer) {
    if (inner.size() < outer.size()) return false;
    for (std::size_t i = 0; i < outer.size(); ++i)
        if (inner[i].key != outer[i].key) return false;
    return true;
}

std::string path_text(const std::string& base, const std::vector<PathStep>& steps) {
    std::string out = base;
    for (const auto& s : steps) {
        if (s.index) out += "[" + std::to_string(*s.index) + "]";
        else out += (out.empty() ? "" : ".") + s.key;
    }
    return out;
}

// Puts valijson's finding into the words the operator documentation uses
// (docs/config.md, "Schema keywords"), with the schema's own values (the allowed
// types, the pattern, the bound) looked up where valijson's sentence leaves them out.
// A sentence not recognised here is passed on as valijson wrote it: nothing is lost.
class Wording {
public:
    Wording(const json::value& schema, const std::string& base) : schema_(schema), base_(base) {}

    // A finding that only sums up those beneath it adds nothing.
    void word(const Finding& f, const std::vector<Finding>& all, std::vector<SchemaProblem>& out) const {
        const std::string& d = f.description;
        auto others_here = [&]() {
            return std::any_of(all.begin(), all.end(), [&](const Finding& o) { return &o != &f && under(o.steps, f.steps); });
        };
        auto at = [&](const std::vector<PathStep>& steps, std::string message) { out.push_back({path_text(base_, steps), std::move(message)}); };
        auto child = [&](PathStep step) {
            auto steps = f.steps;
            steps.push_back(std::move(step));
            return steps;
        };

        // Summaries over a member or an item: its own findings say more. A member whose
        // schema is `false` has none, and is "not allowed".
        auto said_within = [&](const std::vector<PathStep>& steps) {
            return std::any_of(all.begin(), all.end(), [&](const Finding& o) { return under(o.steps, steps); });
        };
        if (starts_with(d, "Failed to validate against schema associated with property name '")) {
            const auto member = child({quoted(d), std::nullopt});
            if (!said_within(member)) at(member, "not allowed");
            return;
        }
        if (starts_with(d, "Failed to validate item #")) {
            const std::string number = d.substr(std::string_view("Failed to validate item #").size());
            const auto digits = number.find_first_not_of("0123456789");
            if (digits == 0 || d.find(" in array.") == std::string::npos) {
                // "... against additional items schema": said at the item itself.
                if (!others_here()) at(f.steps, "not allowed");
                return;
            }
            const std::size_t n = std::stoul(number.substr(0, digits));
            const auto item = child({std::to_string(n), n});
            if (!said_within(item)) at(item, "not allowed");
            return;
        }
        if (starts_with(d, "Failed to validate against additional properties schema") ||
            starts_with(d, "Cannot validate item #") ||   // follows a tuple item's own finding
            starts_with(d, "Failed to validate against schema associated with pattern '") ||
            starts_with(d, "Failed to validate against a conditional schema")) {
            if (!others_here()) at(f.steps, without_full_stop(d));
            return;
        }
        if (starts_with(d, "Failed to validate against child schema #")) return;   // the oneOf/anyOf line says it

        if (starts_with(d, "Missing required property '")) {
            at(child({quoted(d), std::nullopt}), "required");
        } else if (starts_with(d, "Object contains a property that could not be validated")) {
            const auto name_at = d.find(": '");
            at(child({quoted(d.substr(name_at == std::string::npos ? 0 : name_at)), std::nullopt}), "unknown field");
        } else if (starts_with(d, "Value type not permitted by 'type' constraint")) {
            const std::string actual = f.value ? json_type(*f.value) : "another type";
            const std::string wanted = allowed_types(f.steps, actual);
            at(f.steps, wanted.empty() ? "must not be " + actual : "expected " + wanted + ", got " + actual);
        } else if (starts_with(d, "Failed to match against any enum values")) {
            const auto* options = keyword(f.steps, "enum");
            at(f.steps, options && options->is_array() ? "must be one of " + listed(options->get_array()) : "is not one of the allowed values");
        } else if (starts_with(d, "Failed to match expected value set by 'const'")) {
            const auto* value = keyword(f.steps, "const");
            at(f.steps, value ? "must be " + json::serialize(*value) : "is not the one allowed value");
        } else if (starts_with(d, "Failed to match regex specified by 'pattern'")) {
            const auto* pattern = keyword(f.steps, "pattern");
            at(f.steps, pattern && pattern->is_string() ? "does not match " + std::string(pattern->get_string()) : "does not match its pattern");
        } else if (starts_with(d, "Expected number less than or equal to ")) {
            at(f.steps, "must be at most " + bound(f.steps, "maximum", d));
        } else if (starts_with(d, "Expected number less than ")) {
            at(f.steps, "must be less than " + bound(f.steps, "exclusiveMaximum", d));
        } else if (starts_with(d, "Expected number greater than or equal to ")) {
            at(f.steps, "must be at least " + bound(f.steps, "minimum", d));
        } else if (starts_with(d, "Expected number greater than ")) {
            at(f.steps, "must be greater than " + bound(f.steps, "exclusiveMinimum", d));
        } else if (starts_with(d, "String should be no fewer than ")) {
            const auto n = bound(f.steps, "minLength", d);
            at(f.steps, n == "1" ? "must not be empty" : "shorter than " + n + " characters");
        } else if (starts_with(d, "String should be no more than ")) {
            at(f.steps, "longer than " + bound(f.steps, "maxLength", d) + " characters");
        } else if (starts_with(d, "Array contains more items than allowed by items constraint")) {
            const auto* items = keyword(f.steps, "items");
            at(f.steps, items && items->is_array() ? "allows at most " + std::to_string(items->get_array().size()) + " item(s)"
                                                   : "has more items than allowed");
        } else if (starts_with(d, "Array should contain no fewer than ")) {
            at(f.steps, "needs at least " + bound(f.steps, "minItems", d) + " item(s)");
        } else if (starts_with(d, "Array should contain no more than ")) {
            at(f.steps, "allows at most " + bound(f.steps, "maxItems", d) + " item(s)");
        } else if (starts_with(d, "String should be a valid ")) {   // "format": date, time, date-time
            at(f.steps, "is not a valid " + d.substr(std::string_view("String should be a valid ").size()));
        } else if (starts_with(d, "Failed to validate against any schemas allowed by anyOf") ||
                   starts_with(d, "Failed to validate against any child schemas allowed by oneOf")) {
            at(f.steps, "matches none of the allowed forms (each one's problems are listed)");
        } else if (starts_with(d, "Failed to validate against exactly one child schema")) {
            at(f.steps, "matches more than one of the forms of which it must match exactly one");
        } else {
            at(f.steps, without_full_stop(d));
        }
    }

private:
    const json::value* keyword(const std::vector<PathStep>& steps, std::string_view name) const {
        for (const auto* candidate : schema::schemas_at(schema_, steps))
            if (const auto* v = candidate->if_contains(name)) return v;
        return nullptr;
    }

    // The types the schemas here name, less the one the value has: the failing "type"
    // did not allow that one, whatever another form of a oneOf allows.
    std::string allowed_types(const std::vector<PathStep>& steps, const std::string& actual) const {
        std::vector<std::string> types;
        auto add = [&](const json::value& t) {
            if (t.is_string() && t.get_string() != actual && !(actual == "integer" && t.get_string() == "number") &&
                std::find(types.begin(), types.end(), t.get_string()) == types.end())
                types.emplace_back(t.get_string());
        };
        for (const auto* candidate : schema::schemas_at(schema_, steps)) {
            const auto* type = candidate->if_contains("type");
            if (!type) continue;
            if (type->is_array())
                for (const auto& t : type->get_array()) add(t);
            else
                add(*type);
        }
        std::string out;
        for (const auto& t : types) out += (out.empty() ? "" : " or ") + t;
        return out;
    }

    // The schema's number as written ("10", not valijson's "10.000000"); failing that,
    // the number at the end of valijson's sentence.
    std::string bound(const std::vector<PathStep>& steps, std::string_view name, const std::string& description) const {
        if (const auto* v = keyword(steps, name); v && v->is_number()) return json::serialize(*v);
        const auto start = description.find_first_of("0123456789-");
        if (start == std::string::npos) return "?";
        std::string number = description.substr(start, description.find(' ', start) - start);
        if (number.find('.') != std::string::npos) {
            number.erase(number.find_last_not_of('0') + 1);
            if (number.back() == '.') number.pop_back();
        }
        return number;
    }

    static std::string listed(const json::array& options) {
        std::string out;
        for (const auto& option : options) out += (out.empty() ? "" : ", ") + json::serialize(option);
        return out;
    }

    const json::value& schema_;
    const std::string& base_;
};

}  // namespace

std::vector<SchemaProblem> validate_against_schema(const boost::json::value& document, const boost::json::value& schema,
                                                   const std::string& path) {
    const auto prepared = schema::prepare(schema);
    std::vector<SchemaProblem> problems;
    for (const auto& error : prepared.errors) problems.push_back({path, "schema error: " + error});
    if (!problems.empty()) return problems;

    valijson::Schema parsed;
    try {
        valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
        valijson::adapters::BoostJsonAdapter schema_adapter(prepared.schema);
        parser.populateSchema(schema_adapter, parsed);
    } catch (const std::exception& e) {
        return {{path, std::string("schema error: ") + e.what()}};
    }

    json::value normalized = document;
    store_whole_numbers_as_integers(normalized);
    valijson::Validator validator(valijson::Validator::kStrongTypes);
    valijson::ValidationResults results;
    try {
        validator.validate(parsed, valijson::adapters::BoostJsonAdapter(normalized), &results);
    } catch (const std::exception& e) {
        return {{path, std::string("schema error: ") + e.what()}};
    }

    std::vector<Finding> findings;
    valijson::ValidationResults::Error error;
    while (results.popError(error)) findings.push_back(place(error, normalized));
    const Wording wording(prepared.schema, path);
    std::vector<SchemaProblem> worded;
    for (const auto& f : findings) wording.word(f, findings, worded);
    // Alternatives (anyOf, oneOf) can find the same thing twice.
    std::set<std::pair<std::string, std::string>> seen;
    for (auto& p : worded)
        if (seen.insert({p.path, p.message}).second) problems.push_back(std::move(p));
    return problems;
}

}  // namespace skarv::host
