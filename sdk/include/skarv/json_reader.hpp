#pragma once
// Reading JSON into typed records with errors that name the exact place:
// "orders[3].lines[0].quantity: expected an integer". Every canonical record and every
// plugin config is read through this, so a bad record is never a bare "parse error".

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

namespace skarv {

// A record or document that does not have the shape it should. `path` names the place.
class RecordError : public std::runtime_error {
public:
    RecordError(std::string path, const std::string& problem)
        : std::runtime_error(path.empty() ? problem : path + ": " + problem), path_(std::move(path)) {}
    const std::string& path() const noexcept { return path_; }

private:
    std::string path_;
};

// Parses text that must be one JSON value; throws RecordError naming `what` on failure.
inline boost::json::value parse_json(std::string_view text, const std::string& what = "") {
    boost::system::error_code ec;
    boost::json::parse_options options;
    options.allow_comments = true;
    options.allow_trailing_commas = true;
    auto value = boost::json::parse(text, ec, {}, options);
    if (ec) throw RecordError(what, "malformed JSON: " + ec.message());
    return value;
}

class JsonReader {
public:
    JsonReader(const boost::json::value& value, std::string path) : path_(std::move(path)) {
        if (!value.is_object()) throw RecordError(path_, "expected an object");
        object_ = &value.get_object();
    }
    JsonReader(const boost::json::object& object, std::string path) : object_(&object), path_(std::move(path)) {}
    // The reader keeps a pointer: a temporary would dangle.
    JsonReader(boost::json::value&&, std::string) = delete;
    JsonReader(boost::json::object&&, std::string) = delete;

    const std::string& path() const { return path_; }
    const boost::json::object& object() const { return *object_; }
    bool has(std::string_view key) const {
        auto* v = object().if_contains(key);
        return v && !v->is_null();
    }

    std::string string(std::string_view key) const {
        const auto& v = required(key);
        if (!v.is_string()) throw RecordError(at(key), "expected a string");
        return std::string(v.get_string());
    }
    std::string string_or(std::string_view key, std::string fallback) const {
        return has(key) ? string(key) : std::move(fallback);
    }
    std::optional<std::string> optional_string(std::string_view key) const {
        if (!has(key)) return std::nullopt;
        return string(key);
    }

    int64_t integer(std::string_view key) const {
        const auto& v = required(key);
        if (v.is_int64()) return v.get_int64();
        if (v.is_uint64() && v.get_uint64() <= static_cast<uint64_t>(INT64_MAX))
            return static_cast<int64_t>(v.get_uint64());
        // Money and quantities must be exact: 12.0 is accepted, 12.5 is not.
        if (v.is_double()) {
            double d = v.get_double();
            // Range first: casting an out-of-range double is undefined behaviour.
            if (d >= -9.2e18 && d <= 9.2e18 && d == static_cast<double>(static_cast<int64_t>(d))) return static_cast<int64_t>(d);
        }
        throw RecordError(at(key), "expected an integer");
    }
    int64_t integer_or(std::string_view key, int64_t fallback) const {
        return has(key) ? integer(key) : fallback;
    }
    // An integer that must lie in [low, high], e.g. a channel number or a rate.
    int64_t integer_in(std::string_view key, int64_t fallback, int64_t low, int64_t high) const {
        auto v = integer_or(key, fallback);
        if (v < low || v > high)
            throw RecordError(at(key), "out of range " + std::to_string(low) + ".." + std::to_string(high));
        return v;
    }

    bool boolean(std::string_view key) const {
        const auto& v = required(key);
        if (!v.is_bool()) throw RecordError(at(key), "expected true or false");
        return v.get_bool();
    }
    bool boolean_or(std::string_view key, bool fallback) const { return has(key) ? boolean(key) : fallback; }

    JsonReader child(std::string_view key) const { return JsonReader(required(key), at(key)); }
    const boost::json::value& value(std::string_view key) const { return required(key); }

    // Reads an array with `read(element_value, element_path)` for each element; an
    // absent key is an empty list.
    template <class T, class Fn>
    std::vector<T> list(std::string_view key, Fn read) const {
        std::vector<T> out;
        if (!has(key)) return out;
        const auto& v = object().at(key);
        if (!v.is_array()) throw RecordError(at(key), "expected an array");
        const auto& array = v.get_array();
        out.reserve(array.size());
        for (std::size_t i = 0; i < array.size(); ++i)
            out.push_back(read(array[i], at(key) + "[" + std::to_string(i) + "]"));
        return out;
    }

    std::string at(std::string_view key) const {
        return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
    }

private:
    const boost::json::value& required(std::string_view key) const {
        auto* v = object().if_contains(key);
        if (!v || v->is_null()) throw RecordError(at(key), "required");
        return *v;
    }

    const boost::json::object* object_;
    std::string path_;
};

}  // namespace skarv
