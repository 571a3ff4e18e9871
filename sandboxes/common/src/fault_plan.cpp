#include "skarv/sandbox/fault_plan.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <stdexcept>

namespace skarv::sandbox {

namespace {

std::string upper(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

bool parse_int(const std::string& text, int& out) {
    if (text.empty()) return false;
    const char* first = text.data();
    const char* last = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(first, last, out);
    return ec == std::errc() && ptr == last;
}

int int_field(const boost::json::object& obj, const char* name, int fallback) {
    auto it = obj.find(name);
    if (it == obj.end()) return fallback;
    const auto& v = it->value();
    if (v.is_int64()) {
        auto n = v.get_int64();
        if (n < -1000000000 || n > 1000000000)
            throw std::invalid_argument(std::string("fault rule field '") + name + "' is out of range");
        return static_cast<int>(n);
    }
    if (v.is_uint64()) {
        auto n = v.get_uint64();
        if (n > 1000000000)
            throw std::invalid_argument(std::string("fault rule field '") + name + "' is out of range");
        return static_cast<int>(n);
    }
    throw std::invalid_argument(std::string("fault rule field '") + name + "' must be an integer");
}

std::string string_field(const boost::json::object& obj, const char* name, const std::string& fallback) {
    auto it = obj.find(name);
    if (it == obj.end()) return fallback;
    if (!it->value().is_string())
        throw std::invalid_argument(std::string("fault rule field '") + name + "' must be a string");
    return std::string(it->value().get_string());
}

void validate(const FaultRule& r) {
    if (r.path.empty()) throw std::invalid_argument("fault rule field 'path' must not be empty");
    if (r.path != "*" && r.path.front() != '/')
        throw std::invalid_argument("fault rule field 'path' must start with '/' or be \"*\"");
    if (r.method.empty()) throw std::invalid_argument("fault rule field 'method' must not be empty");
    if (r.latency_ms < 0 || r.latency_ms > 600000)
        throw std::invalid_argument("fault rule field 'latency_ms' must be between 0 and 600000");
    if (r.status < 100 || r.status > 599)
        throw std::invalid_argument("fault rule field 'status' must be an HTTP status (100-599)");
    if (r.retry_after_s < 0) throw std::invalid_argument("fault rule field 'retry_after_s' must be >= 0");
    if (r.times == 0 || r.times < -1)
        throw std::invalid_argument("fault rule field 'times' must be positive or -1 (until cleared)");
    if (r.skip < 0) throw std::invalid_argument("fault rule field 'skip' must be >= 0");
}

bool path_matches(const std::string& pattern, const std::string& path) {
    if (pattern == "*") return true;
    if (!pattern.empty() && pattern.back() == '*')
        return path.compare(0, pattern.size() - 1, pattern, 0, pattern.size() - 1) == 0;
    return pattern == path;
}

bool method_matches(const std::string& pattern, const std::string& method) {
    return pattern == "*" || upper(pattern) == upper(method);
}

}  // namespace

std::string fault_kind_name(FaultKind kind) {
    switch (kind) {
        case FaultKind::latency: return "latency";
        case FaultKind::server_error: return "server_error";
        case FaultKind::rate_limit: return "rate_limit";
        case FaultKind::drop: return "drop";
        case FaultKind::malformed: return "malformed";
    }
    return "server_error";
}

FaultKind fault_kind_from_string(const std::string& name) {
    if (name == "latency") return FaultKind::latency;
    if (name == "server_error" || name == "error") return FaultKind::server_error;
    if (name == "rate_limit") return FaultKind::rate_limit;
    if (name == "drop") return FaultKind::drop;
    if (name == "malformed") return FaultKind::malformed;
    throw std::invalid_argument("unknown fault kind '" + name +
                                "' (expected latency, server_error, rate_limit, drop or malformed)");
}

boost::json::value to_json(const FaultRule& rule) {
    boost::json::object o;
    o["kind"] = fault_kind_name(rule.kind);
    o["path"] = rule.path;
    o["method"] = rule.method;
    o["latency_ms"] = rule.latency_ms;
    o["status"] = rule.status;
    o["retry_after_s"] = rule.retry_after_s;
    o["times"] = rule.times;
    o["skip"] = rule.skip;
    o["after_handler"] = rule.after_handler;
    return o;
}

FaultRule fault_rule_from_json(const boost::json::value& v) {
    if (!v.is_object()) throw std::invalid_argument("fault rule must be a JSON object");
    const auto& obj = v.get_object();
    static const char* const known[] = {"kind", "path", "method", "latency_ms", "status",
                                        "retry_after_s", "times", "skip", "after_handler"};
    for (const auto& kv : obj) {
        bool ok = std::any_of(std::begin(known), std::end(known),
                              [&](const char* k) { return kv.key() == k; });
        if (!ok) throw std::invalid_argument("unknown fault rule field '" + std::string(kv.key()) + "'");
    }
    auto kind_it = obj.find("kind");
    if (kind_it == obj.end()) throw std::invalid_argument("fault rule field 'kind' is missing");
    if (!kind_it->value().is_string()) throw std::invalid_argument("fault rule field 'kind' must be a string");

    FaultRule r;
    r.kind = fault_kind_from_string(std::string(kind_it->value().get_string()));
    if (r.kind == FaultKind::rate_limit) r.status = 429;
    r.path = string_field(obj, "path", r.path);
    r.method = string_field(obj, "method", r.method);
    r.latency_ms = int_field(obj, "latency_ms", r.latency_ms);
    r.status = int_field(obj, "status", r.status);
    r.retry_after_s = int_field(obj, "retry_after_s", r.retry_after_s);
    r.times = int_field(obj, "times", r.times);
    r.skip = int_field(obj, "skip", r.skip);
    if (auto it = obj.find("after_handler"); it != obj.end()) {
        if (!it->value().is_bool())
            throw std::invalid_argument("fault rule field 'after_handler' must be true or false");
        r.after_handler = it->value().get_bool();
    }
    validate(r);
    return r;
}

FaultRule parse_fault_flag(const std::string& flag) {
    std::vector<std::string> parts;
    {
        std::string cur;
        for (char c : flag) {
            if (c == ':') {
                parts.push_back(cur);
                cur.clear();
            } else {
                cur += c;
            }
        }
        parts.push_back(cur);
    }
    if (parts.empty() || parts[0].empty())
        throw std::invalid_argument("fault flag '" + flag + "' has no kind (e.g. 500:/path, 429:*:2)");

    FaultRule r;
    const std::string& head = parts[0];
    int status = 0;
    if (parse_int(head, status)) {
        if (status < 100 || status > 599)
            throw std::invalid_argument("fault flag '" + flag + "': " + head + " is not an HTTP status");
        if (status == 429) {
            r.kind = FaultKind::rate_limit;
        } else {
            r.kind = FaultKind::server_error;
        }
        r.status = status;
    } else {
        try {
            r.kind = fault_kind_from_string(head);
        } catch (const std::invalid_argument& e) {
            throw std::invalid_argument("fault flag '" + flag + "': " + e.what());
        }
        if (r.kind == FaultKind::rate_limit) r.status = 429;
    }

    std::size_t i = 1;
    if (i < parts.size() && parts[i].find('=') == std::string::npos && parts[i] != "after") {
        r.path = parts[i].empty() ? "*" : parts[i];
        ++i;
    }
    bool positional_used = false;
    for (; i < parts.size(); ++i) {
        const std::string& p = parts[i];
        auto eq = p.find('=');
        if (p == "after") {
            r.after_handler = true;
            continue;
        }
        if (eq == std::string::npos) {
            int n = 0;
            if (positional_used || !parse_int(p, n))
                throw std::invalid_argument("fault flag '" + flag + "': unexpected part '" + p + "'");
            positional_used = true;
            switch (r.kind) {
                case FaultKind::latency: r.latency_ms = n; break;
                case FaultKind::rate_limit: r.retry_after_s = n; break;
                case FaultKind::server_error: r.status = n; break;
                default:
                    throw std::invalid_argument("fault flag '" + flag + "': " + fault_kind_name(r.kind) +
                                                " takes no number");
            }
            continue;
        }
        std::string key = p.substr(0, eq);
        std::string val = p.substr(eq + 1);
        int n = 0;
        if (key == "method") {
            r.method = val;
        } else if (key == "times" || key == "skip" || key == "ms" || key == "latency_ms" ||
                   key == "retry_after" || key == "retry_after_s" || key == "status") {
            if (!parse_int(val, n))
                throw std::invalid_argument("fault flag '" + flag + "': " + key + " needs an integer");
            if (key == "times") r.times = n;
            else if (key == "skip") r.skip = n;
            else if (key == "ms" || key == "latency_ms") r.latency_ms = n;
            else if (key == "status") r.status = n;
            else r.retry_after_s = n;
        } else {
            throw std::invalid_argument("fault flag '" + flag + "': unknown option '" + key + "'");
        }
    }
    try {
        validate(r);
    } catch (const std::invalid_argument& e) {
        throw std::invalid_argument("fault flag '" + flag + "': " + e.what());
    }
    return r;
}

void FaultPlan::add(FaultRule rule) {
    // A rate limit is a 429 however the rule was built; FaultRule's default status (500)
    // is for server errors, and a C++ caller setting only the kind must not get a 500.
    if (rule.kind == FaultKind::rate_limit && rule.status == 500) rule.status = 429;
    validate(rule);
    std::lock_guard lock(mutex_);
    rules_.push_back(std::move(rule));
}

void FaultPlan::clear() {
    std::lock_guard lock(mutex_);
    rules_.clear();
}

std::vector<FaultRule> FaultPlan::rules() const {
    std::lock_guard lock(mutex_);
    return rules_;
}

std::optional<FaultRule> FaultPlan::take(const std::string& method, const std::string& path) {
    std::lock_guard lock(mutex_);
    for (auto it = rules_.begin(); it != rules_.end(); ++it) {
        if (!method_matches(it->method, method) || !path_matches(it->path, path)) continue;
        if (it->skip > 0) {
            // This request passes this rule; a later rule may still catch it.
            --it->skip;
            continue;
        }
        FaultRule hit = *it;
        if (it->times > 0) {
            --it->times;
            if (it->times == 0) rules_.erase(it);
        }
        return hit;
    }
    return std::nullopt;
}

}  // namespace skarv::sandbox
