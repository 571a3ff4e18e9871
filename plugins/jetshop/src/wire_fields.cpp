#include "wire_fields.hpp"

#include <cctype>
#include <cmath>

namespace jetshop {

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
    return true;
}

const boost::json::value* field(const boost::json::object& o, std::string_view key) {
    if (auto* v = o.if_contains(key)) return v;
    for (const auto& kv : o)
        if (iequals(kv.key(), key)) return &kv.value();
    return nullptr;
}

std::string text(const boost::json::object& o, std::string_view key) {
    const auto* v = field(o, key);
    if (!v || v->is_null()) return "";
    if (v->is_string()) return std::string(v->get_string());
    if (v->is_int64()) return std::to_string(v->get_int64());
    if (v->is_uint64()) return std::to_string(v->get_uint64());
    if (v->is_bool()) return v->get_bool() ? "true" : "false";
    if (v->is_double()) {
        double d = v->get_double();
        if (std::floor(d) == d && std::fabs(d) < 9e15) return std::to_string(static_cast<int64_t>(d));
        return boost::json::serialize(*v);
    }
    return "";
}

std::optional<int64_t> integer(const boost::json::object& o, std::string_view key) {
    const auto* v = field(o, key);
    if (!v || v->is_null()) return std::nullopt;
    if (v->is_int64()) return v->get_int64();
    if (v->is_uint64()) return static_cast<int64_t>(v->get_uint64());
    if (v->is_double() && std::floor(v->get_double()) == v->get_double() && std::fabs(v->get_double()) < 9e15)
        return static_cast<int64_t>(v->get_double());
    if (v->is_string()) {
        const std::string s(v->get_string());
        char* end = nullptr;
        const long long n = std::strtoll(s.c_str(), &end, 10);
        if (!s.empty() && end == s.c_str() + s.size()) return n;
    }
    return std::nullopt;
}

const boost::json::object* object_at(const boost::json::object& o, std::string_view key) {
    const auto* v = field(o, key);
    return v ? v->if_object() : nullptr;
}

const boost::json::array* array_at(const boost::json::object& o, std::string_view key) {
    const auto* v = field(o, key);
    return v ? v->if_array() : nullptr;
}

}  // namespace jetshop
