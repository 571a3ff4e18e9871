#include "wire_format.hpp"

#include <cctype>
#include <cmath>
#include <ctime>
#include <cstdio>

namespace skarv::sandbox::jetshop {

namespace json = boost::json;

std::optional<Amount4> amount_from_json(const json::value& v) {
    double d = 0;
    if (v.is_int64()) return v.get_int64() * 10000;
    if (v.is_uint64()) return static_cast<Amount4>(v.get_uint64()) * 10000;
    if (v.is_double()) d = v.get_double();
    else if (v.is_string()) {
        const std::string s(v.get_string());
        char* end = nullptr;
        d = std::strtod(s.c_str(), &end);
        if (s.empty() || end != s.c_str() + s.size()) return std::nullopt;
    } else return std::nullopt;
    if (!std::isfinite(d) || std::fabs(d) > 1e14) return std::nullopt;
    return static_cast<Amount4>(std::llround(d * 10000.0));
}

json::value amount_to_json(Amount4 a) {
    if (a % 10000 == 0) return json::value(static_cast<int64_t>(a / 10000));
    return json::value(static_cast<double>(a) / 10000.0);
}

static Amount4 div_round(Amount4 num, Amount4 den) {
    const Amount4 q = num / den, r = num % den;
    if (2 * (r < 0 ? -r : r) >= den) return q + (num < 0 ? -1 : 1);
    return q;
}

Amount4 ex_vat_from_inc(Amount4 inc, int vat_bp) { return div_round(inc * 10000, 10000 + vat_bp); }
Amount4 vat_on_ex(Amount4 ex, int vat_bp) { return div_round(ex * vat_bp, 10000); }

json::value vat_rate_to_json(int vat_bp) {
    if (vat_bp % 10000 == 0) return json::value(vat_bp / 10000);
    return json::value(static_cast<double>(vat_bp) / 10000.0);
}

std::optional<int> vat_bp_from_json(const json::value& v) {
    const auto a = amount_from_json(v);   // 4 decimals = basis points of a fraction
    if (!a || *a < 0) return std::nullopt;
    double bp = static_cast<double>(*a);  // fraction * 10000
    // 1.0 is read as a multiplier (0 %), never as 100 %.
    if (*a >= 10000 && *a < 20000) bp = static_cast<double>(*a - 10000);  // multiplier 1.25
    else if (*a >= 20000) bp = static_cast<double>(*a) / 100.0;           // percent 25
    if (bp > 10000) return std::nullopt;
    return static_cast<int>(std::lround(bp));
}

std::string now_iso() {
    const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string timespan_text(Clock::duration d) {
    const long long ticks = std::chrono::duration_cast<std::chrono::microseconds>(d).count() * 10;
    const long long secs = ticks / 10000000, frac = ticks % 10000000;
    char buf[48];
    std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld.%07lld", secs / 3600, (secs / 60) % 60,
                  secs % 60, frac);
    return buf;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) !=
            std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

const json::value* find_ci(const json::object& o, std::string_view key) {
    if (auto it = o.find(key); it != o.end()) return &it->value();
    for (const auto& kv : o)
        if (iequals(kv.key(), key)) return &kv.value();
    return nullptr;
}

std::string scalar_text(const json::value& v) {
    if (v.is_string()) return std::string(v.get_string());
    if (v.is_int64()) return std::to_string(v.get_int64());
    if (v.is_uint64()) return std::to_string(v.get_uint64());
    if (v.is_bool()) return v.get_bool() ? "true" : "false";
    if (v.is_double()) return json::serialize(v);
    return "";
}

std::string string_field(const json::object& o, std::string_view key, const std::string& fallback) {
    const auto* v = find_ci(o, key);
    if (!v || v->is_null()) return fallback;
    return scalar_text(*v);
}

std::optional<long long> int_field(const json::object& o, std::string_view key) {
    const auto* v = find_ci(o, key);
    if (!v) return std::nullopt;
    if (v->is_int64()) return v->get_int64();
    if (v->is_uint64()) return static_cast<long long>(v->get_uint64());
    if (v->is_double() && std::floor(v->get_double()) == v->get_double())
        return static_cast<long long>(v->get_double());
    if (v->is_string()) {
        const std::string s(v->get_string());
        char* end = nullptr;
        const long long n = std::strtoll(s.c_str(), &end, 10);
        if (!s.empty() && end == s.c_str() + s.size()) return n;
    }
    return std::nullopt;
}

std::optional<bool> bool_field(const json::object& o, std::string_view key) {
    const auto* v = find_ci(o, key);
    if (!v) return std::nullopt;
    if (v->is_bool()) return v->get_bool();
    if (v->is_string()) {
        if (iequals(v->get_string(), "true")) return true;
        if (iequals(v->get_string(), "false")) return false;
    }
    if (v->is_int64()) return v->get_int64() != 0;
    return std::nullopt;
}

namespace {

void write_wire(std::string& out, const json::value& v) {
    switch (v.kind()) {
        case json::kind::object: {
            out += '{';
            bool first = true;
            for (const auto& kv : v.get_object()) {
                if (!first) out += ',';
                first = false;
                out += json::serialize(json::string_view(kv.key()));
                out += ':';
                write_wire(out, kv.value());
            }
            out += '}';
            break;
        }
        case json::kind::array: {
            out += '[';
            bool first = true;
            for (const auto& e : v.get_array()) {
                if (!first) out += ',';
                first = false;
                write_wire(out, e);
            }
            out += ']';
            break;
        }
        case json::kind::double_: {
            const double d = v.get_double();
            if (!std::isfinite(d)) { out += "null"; break; }
            char buf[40];
            std::snprintf(buf, sizeof buf, "%.15g", d);
            out += buf;
            break;
        }
        default: out += json::serialize(v);
    }
}

}  // namespace

std::string wire_text(const json::value& v) {
    std::string out;
    write_wire(out, v);
    return out;
}

HttpReply wire_json(const json::value& v, int status) {
    return HttpReply::text(wire_text(v), status, "application/json; charset=utf-8");
}

HttpReply failure(int http_status, const std::string& description) {
    return wire_json(json::object{{"StatusCode", "Failed"}, {"Description", description}},
                           http_status);
}

}  // namespace skarv::sandbox::jetshop
