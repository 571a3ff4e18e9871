#include "schema_preparation.hpp"

#include <cctype>
#include <functional>
#include <regex>
#include <set>

namespace skarv::host::schema {
namespace {

namespace json = boost::json;

// Values that are data, not schemas: a "pattern" or "$ref" inside them means nothing.
bool holds_data(std::string_view keyword) {
    return keyword == "enum" || keyword == "const" || keyword == "default" || keyword == "examples";
}

// Keywords whose value maps names to schemas: there a member called "enum" or
// "default" is a schema like any other.
bool maps_names_to_schemas(std::string_view keyword) {
    return keyword == "properties" || keyword == "patternProperties" || keyword == "$defs" ||
           keyword == "definitions" || keyword == "dependencies";
}

void move_ref_siblings_under_all_of(json::value& node, bool name_map = false) {
    if (auto* array = node.if_array()) {
        for (auto& item : *array) move_ref_siblings_under_all_of(item);
        return;
    }
    auto* object = node.if_object();
    if (!object) return;
    if (name_map) {
        for (auto& [name, schema] : *object) move_ref_siblings_under_all_of(schema);
        return;
    }
    for (auto& [key, value] : *object)
        if (!holds_data(key)) move_ref_siblings_under_all_of(value, maps_names_to_schemas(key));
    auto* ref = object->if_contains("$ref");
    if (!ref || !ref->is_string() || object->size() == 1) return;
    // Appended last and every other key left in place, so JSON Pointers into this object
    // ("#/$defs/x/allOf/0", "#/$defs/x/properties/y") still reach what they did.
    json::value moved = std::move(*ref);
    object->erase("$ref");
    json::value& all_of = (*object)["allOf"];
    if (!all_of.is_array()) all_of = json::array{};
    all_of.get_array().push_back(json::object{{"$ref", std::move(moved)}});
}

std::string percent_decoded(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
            out.push_back(static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16)));
            i += 2;
        } else {
            out.push_back(text[i]);
        }
    }
    return out;
}

// Only references within the schema itself: plugins and the host ship whole schemas.
const json::value* resolve(const json::value& root, std::string_view ref) {
    if (ref == "#") return &root;
    if (ref.substr(0, 2) != "#/") return nullptr;
    boost::system::error_code ec;
    const json::value* target = root.find_pointer(percent_decoded(ref.substr(1)), ec);
    return ec ? nullptr : target;
}

// Keywords that apply a schema to the same value: a chain of them that comes back to
// where it started never reaches the end of the document, and valijson follows it until
// the stack runs out.
// `conditions` adds "not" and "if", which never decide what a value must be.
std::vector<const json::value*> in_place_subschemas(const json::value& root, const json::object& object,
                                                    bool conditions) {
    std::vector<const json::value*> out;
    if (auto* ref = object.if_contains("$ref"); ref && ref->is_string())
        if (auto* target = resolve(root, ref->get_string())) out.push_back(target);
    for (const char* keyword : {"allOf", "anyOf", "oneOf"})
        if (auto* list = object.if_contains(keyword); list && list->is_array())
            for (const auto& item : list->get_array()) out.push_back(&item);
    for (const char* keyword : {"then", "else", "not", "if"}) {
        if (!conditions && (std::string_view(keyword) == "not" || std::string_view(keyword) == "if")) continue;
        if (auto* sub = object.if_contains(keyword)) out.push_back(sub);
    }
    return out;
}

class Checker {
public:
    explicit Checker(const json::value& root) : root_(root) {}

    void walk(const json::value& node, const std::string& where, bool name_map = false) {
        if (auto* array = node.if_array()) {
            for (std::size_t i = 0; i < array->size(); ++i) walk((*array)[i], where + "/" + std::to_string(i));
            return;
        }
        auto* object = node.if_object();
        if (!object) return;
        if (name_map) {
            for (const auto& [name, schema] : *object) walk(schema, where + "/" + std::string(name));
            return;
        }
        if (auto* ref = object->if_contains("$ref"); ref && ref->is_string() && !resolve(root_, ref->get_string()))
            errors.push_back("cannot resolve " + std::string(ref->get_string()) + " at #" + where +
                             " (only references within the same schema are followed)");
        if (auto* pattern = object->if_contains("pattern"); pattern && pattern->is_string())
            check_pattern(std::string(pattern->get_string()));
        if (auto* patterns = object->if_contains("patternProperties"); patterns && patterns->is_object())
            for (const auto& [key, value] : patterns->get_object()) check_pattern(std::string(key));
        if (!cycle_found_ && comes_back(node)) {
            cycle_found_ = true;
            errors.push_back("#" + where + " refers back to itself without going into the value");
        }
        for (const auto& [key, value] : *object)
            if (!holds_data(key)) walk(value, where + "/" + std::string(key), maps_names_to_schemas(key));
    }

    std::vector<std::string> errors;

private:
    // valijson compiles patterns with std::regex's default grammar, ECMAScript.
    void check_pattern(const std::string& pattern) {
        try {
            std::regex compiled(pattern);
        } catch (const std::regex_error&) {
            errors.push_back("bad pattern " + pattern);
        }
    }

    bool comes_back(const json::value& start) {
        if (finished_.count(&start)) return false;
        std::set<const json::value*> on_path;
        std::function<bool(const json::value&)> visit = [&](const json::value& node) {
            if (on_path.count(&node)) return true;
            if (finished_.count(&node) || !node.is_object()) return false;
            on_path.insert(&node);
            for (const auto* next : in_place_subschemas(root_, node.get_object(), true))
                if (visit(*next)) return true;
            on_path.erase(&node);
            finished_.insert(&node);
            return false;
        };
        return visit(start);
    }

    const json::value& root_;
    std::set<const json::value*> finished_;
    bool cycle_found_ = false;
};

void collect(const json::value& root, const json::value& node, const std::vector<PathStep>& steps, std::size_t at,
             std::vector<const json::object*>& out, int depth) {
    const auto* object = node.if_object();
    if (!object || depth > 64) return;
    for (const auto* sub : in_place_subschemas(root, *object, false)) collect(root, *sub, steps, at, out, depth + 1);
    if (at == steps.size()) {
        out.push_back(object);
        return;
    }
    const auto& step = steps[at];
    if (step.index) {
        const auto* items = object->if_contains("items");
        if (items && items->is_array()) {
            if (*step.index < items->get_array().size()) collect(root, items->get_array()[*step.index], steps, at + 1, out, depth + 1);
        } else if (items) {
            collect(root, *items, steps, at + 1, out, depth + 1);
        }
        return;
    }
    bool named = false;
    const auto* properties = object->if_contains("properties");
    if (const json::value* sub = properties && properties->is_object() ? properties->get_object().if_contains(step.key) : nullptr) {
        collect(root, *sub, steps, at + 1, out, depth + 1);
        named = true;
    }
    // The patterns were compiled once in prepare(), so they compile; member names are short.
    if (const auto* patterns = object->if_contains("patternProperties"); patterns && patterns->is_object())
        for (const auto& [pattern, sub] : patterns->get_object())
            if (std::regex_search(step.key, std::regex(std::string(pattern)))) {
                collect(root, sub, steps, at + 1, out, depth + 1);
                named = true;
            }
    if (const auto* additional = object->if_contains("additionalProperties"); additional && !named)
        collect(root, *additional, steps, at + 1, out, depth + 1);
}

}  // namespace

PreparedSchema prepare(const boost::json::value& schema) {
    PreparedSchema prepared{schema, {}};
    move_ref_siblings_under_all_of(prepared.schema);
    Checker checker(prepared.schema);
    checker.walk(prepared.schema, "");
    prepared.errors = std::move(checker.errors);
    return prepared;
}

std::vector<const boost::json::object*> schemas_at(const boost::json::value& prepared_schema,
                                                   const std::vector<PathStep>& steps) {
    std::vector<const boost::json::object*> out;
    collect(prepared_schema, prepared_schema, steps, 0, out, 0);
    return out;
}

}  // namespace skarv::host::schema
