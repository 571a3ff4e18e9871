#include "json_text.hpp"

namespace skarv::custom {

std::optional<int64_t> exact_integer(const boost::json::value& v) {
    if (v.is_int64()) return v.get_int64();
    if (v.is_uint64() && v.get_uint64() <= static_cast<uint64_t>(INT64_MAX)) return static_cast<int64_t>(v.get_uint64());
    if (v.is_double()) {
        double d = v.get_double();
        if (d >= -9.2e18 && d <= 9.2e18 && d == static_cast<double>(static_cast<int64_t>(d))) return static_cast<int64_t>(d);
    }
    return std::nullopt;
}

std::optional<int> json_compare(const boost::json::value& a, const boost::json::value& b) {
    if (a.is_number() && b.is_number()) {
        auto ia = exact_integer(a), ib = exact_integer(b);
        // Integers compare exactly: money in minor units must never go through a double.
        if (ia && ib) return *ia < *ib ? -1 : (*ia > *ib ? 1 : 0);
        double da = a.to_number<double>(), db = b.to_number<double>();
        return da < db ? -1 : (da > db ? 1 : 0);
    }
    if (a.is_string() && b.is_string()) {
        int c = a.get_string().compare(b.get_string());
        return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    return std::nullopt;
}

bool json_equal(const boost::json::value& a, const boost::json::value& b) {
    if (a.is_number() && b.is_number()) return json_compare(a, b) == 0;
    return a == b;
}

std::optional<std::string> scalar_text(const boost::json::value& v) {
    if (v.is_string()) return std::string(v.get_string());
    if (v.is_number() || v.is_bool()) return boost::json::serialize(v);
    return std::nullopt;
}

}  // namespace skarv::custom
