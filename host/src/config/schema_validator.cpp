#include "skarv/host/config/schema_validator.hpp"

#include <regex>

namespace skarv::host {
namespace {

std::string json_type(const boost::json::value& v) {
    switch (v.kind()) {
        case boost::json::kind::null: return "null";
        case boost::json::kind::bool_: return "boolean";
        case boost::json::kind::int64:
        case boost::json::kind::uint64: return "integer";
        case boost::json::kind::double_: {
            double d = v.get_double();
            // Range first: casting an out-of-range double is undefined behaviour.
            bool whole = d >= -9.2e18 && d <= 9.2e18 && d == static_cast<double>(static_cast<long long>(d));
            return whole ? "integer" : "number";
        }
        case boost::json::kind::string: return "string";
        case boost::json::kind::array: return "array";
        case boost::json::kind::object: return "object";
    }
    return "unknown";
}

bool type_matches(const std::string& actual, const std::string& wanted) {
    return actual == wanted || (wanted == "number" && actual == "integer");
}

double number_of(const boost::json::value& v) {
    if (v.is_int64()) return static_cast<double>(v.get_int64());
    if (v.is_uint64()) return static_cast<double>(v.get_uint64());
    return v.get_double();
}

class Validator {
public:
    explicit Validator(const boost::json::value& root) : root_(root) {}

    void check(const boost::json::value& doc, const boost::json::value& schema_value, const std::string& path) {
        if (schema_value.is_bool()) {
            if (!schema_value.get_bool()) add(path, "not allowed");
            return;
        }
        if (!schema_value.is_object()) return;
        const auto& schema = schema_value.get_object();

        if (auto* ref = schema.if_contains("$ref"); ref && ref->is_string()) {
            const auto* target = resolve(std::string(ref->get_string()));
            if (!target) {
                add(path, "schema error: cannot resolve " + std::string(ref->get_string()));
                return;
            }
            check(doc, *target, path);
        }
        if (auto* type = schema.if_contains("type")) {
            auto actual = json_type(doc);
            bool ok = false;
            std::string wanted;
            if (type->is_string()) {
                wanted = std::string(type->get_string());
                ok = type_matches(actual, wanted);
            } else if (type->is_array()) {
                for (const auto& t : type->get_array()) {
                    if (!t.is_string()) continue;
                    wanted += (wanted.empty() ? "" : " or ") + std::string(t.get_string());
                    ok = ok || type_matches(actual, std::string(t.get_string()));
                }
            } else {
                ok = true;
            }
            if (!ok) {
                add(path, "expected " + wanted + ", got " + actual);
                return;   // the other keywords would only repeat the same mistake
            }
        }
        if (auto* e = schema.if_contains("enum"); e && e->is_array()) {
            bool found = false;
            std::string allowed;
            for (const auto& option : e->get_array()) {
                found = found || option == doc;
                allowed += (allowed.empty() ? "" : ", ") + boost::json::serialize(option);
            }
            if (!found) add(path, "must be one of " + allowed);
        }
        if (auto* c = schema.if_contains("const"); c && *c != doc) add(path, "must be " + boost::json::serialize(*c));

        if (doc.is_string()) check_string(std::string(doc.get_string()), schema, path);
        if (doc.is_number()) check_number(number_of(doc), schema, path);
        if (doc.is_array()) check_array(doc.get_array(), schema, path);
        if (doc.is_object()) check_object(doc.get_object(), schema, path);
    }

    std::vector<SchemaProblem> problems;

private:
    void add(const std::string& path, std::string message) { problems.push_back({path, std::move(message)}); }

    const boost::json::value* resolve(const std::string& ref) const {
        if (ref.rfind("#/", 0) != 0) return ref == "#" ? &root_ : nullptr;
        const boost::json::value* node = &root_;
        std::size_t start = 2;
        while (start <= ref.size()) {
            auto end = ref.find('/', start);
            auto token = ref.substr(start, end == std::string::npos ? std::string::npos : end - start);
            if (!node->is_object()) return nullptr;
            node = node->get_object().if_contains(token);
            if (!node) return nullptr;
            if (end == std::string::npos) break;
            start = end + 1;
        }
        return node;
    }

    void check_string(const std::string& s, const boost::json::object& schema, const std::string& path) {
        // Length in characters, not bytes: "Åsa" is three long.
        std::size_t length = 0;
        for (unsigned char c : s) length += (c & 0xC0) != 0x80;
        if (auto* v = schema.if_contains("minLength"); v && v->is_number() && length < number_of(*v))
            add(path, length == 0 ? "must not be empty" : "shorter than " + boost::json::serialize(*v) + " characters");
        if (auto* v = schema.if_contains("maxLength"); v && v->is_number() && length > number_of(*v))
            add(path, "longer than " + boost::json::serialize(*v) + " characters");
        if (auto* v = schema.if_contains("pattern"); v && v->is_string()) {
            try {
                if (!std::regex_search(s, std::regex(std::string(v->get_string()), std::regex::ECMAScript)))
                    add(path, "does not match " + std::string(v->get_string()));
            } catch (const std::regex_error&) {
                add(path, "schema error: bad pattern " + std::string(v->get_string()));
            }
        }
    }

    void check_number(double n, const boost::json::object& schema, const std::string& path) {
        if (auto* v = schema.if_contains("minimum"); v && v->is_number() && n < number_of(*v))
            add(path, "must be at least " + boost::json::serialize(*v));
        if (auto* v = schema.if_contains("maximum"); v && v->is_number() && n > number_of(*v))
            add(path, "must be at most " + boost::json::serialize(*v));
    }

    void check_array(const boost::json::array& a, const boost::json::object& schema, const std::string& path) {
        if (auto* v = schema.if_contains("minItems"); v && v->is_number() && a.size() < number_of(*v))
            add(path, "needs at least " + boost::json::serialize(*v) + " item(s)");
        if (auto* items = schema.if_contains("items"))
            for (std::size_t i = 0; i < a.size(); ++i) check(a[i], *items, path + "[" + std::to_string(i) + "]");
    }

    void check_object(const boost::json::object& o, const boost::json::object& schema, const std::string& path) {
        auto at = [&](std::string_view key) { return path.empty() ? std::string(key) : path + "." + std::string(key); };
        if (auto* req = schema.if_contains("required"); req && req->is_array())
            for (const auto& k : req->get_array())
                if (k.is_string() && !o.contains(k.get_string())) add(at(k.get_string()), "required");
        const boost::json::object* props = nullptr;
        if (auto* p = schema.if_contains("properties"); p && p->is_object()) props = &p->get_object();
        auto* additional = schema.if_contains("additionalProperties");
        for (const auto& [key, value] : o) {
            const boost::json::value* sub = props ? props->if_contains(key) : nullptr;
            if (sub) {
                check(value, *sub, at(key));
            } else if (additional) {
                if (additional->is_bool() && !additional->get_bool()) add(at(key), "unknown field");
                else check(value, *additional, at(key));
            }
        }
    }

    const boost::json::value& root_;
};

}  // namespace

std::vector<SchemaProblem> validate_against_schema(const boost::json::value& document, const boost::json::value& schema,
                                                   const std::string& path) {
    Validator v(schema);
    v.check(document, schema, path);
    return std::move(v.problems);
}

}  // namespace skarv::host
