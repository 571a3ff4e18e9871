#include "rule_config.hpp"

#include "record_failure.hpp"

namespace skarv::custom::rules {

void allow_only(const JsonReader& config, std::initializer_list<std::string_view> keys) {
    for (const auto& [key, value] : config.object()) {
        if (key == "rule" || key == "when" || key == "comment") continue;
        bool known = false;
        for (auto k : keys) known = known || key == k;
        if (!known) {
            std::string list;
            for (auto k : keys) list += (list.empty() ? "" : ", ") + std::string(k);
            throw RecordError(config.at(key), "unknown setting (this rule takes " + (list.empty() ? "none" : list) + ")");
        }
    }
}

Path read_path(const JsonReader& config, std::string_view key) {
    return Path::parse(config.string(key), config.at(key));
}

Path read_target(const JsonReader& config, std::string_view key) {
    return Path::parse_writable(config.string(key), config.at(key));
}

Path read_target_or(const JsonReader& config, std::string_view key, std::string_view fallback) {
    return Path::parse_writable(config.string_or(key, std::string(fallback)), config.at(key));
}

const boost::json::value& read_any(const JsonReader& config, std::string_view key) {
    auto* v = config.object().if_contains(key);
    if (!v) throw RecordError(config.at(key), "required");
    return *v;
}

const boost::json::object& read_table(const JsonReader& config, std::string_view key) {
    const auto& v = config.value(key);
    if (!v.is_object()) throw RecordError(config.at(key), "expected an object {\"from\": \"to\", ...}");
    return v.get_object();
}

void for_each_string(boost::json::value& record, const Path& path, const std::function<void(std::string&)>& change) {
    for (auto& [where, v] : path.locate(record)) {
        if (v->is_null()) continue;
        if (!v->is_string()) throw RecordFailure(where + " is not a string");
        std::string text(v->get_string());
        change(text);
        *v = text;
    }
}

model::Money money_at(const boost::json::value& v, const std::string& where) {
    try {
        return model::read_money(v, where);
    } catch (const RecordError& e) {
        throw RecordFailure(std::string(e.what()) + " (expected money {\"minor\": 12900, \"currency\": \"SEK\"})");
    }
}

}  // namespace skarv::custom::rules
