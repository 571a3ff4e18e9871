#include "path.hpp"

#include <skarv/json_reader.hpp>

#include "record_failure.hpp"

namespace skarv::custom {
namespace {

constexpr std::string_view kContextPrefix = "$context.";

std::string describe(const boost::json::value& v) {
    switch (v.kind()) {
        case boost::json::kind::object: return "an object";
        case boost::json::kind::array: return "an array";
        case boost::json::kind::string: return "a string";
        case boost::json::kind::bool_: return "a boolean";
        case boost::json::kind::null: return "null";
        default: return "a number";
    }
}

// Walks step by step; `create` decides whether a missing key is made or ends the branch.
template <class Value, class Out>
void walk(Value& v, const std::vector<PathStep>& steps, std::size_t i, bool create, const std::string& text, Out& out) {
    if (i == steps.size()) {
        out.push_back(&v);
        return;
    }
    const PathStep& step = steps[i];
    if (step.kind == PathStep::Kind::key) {
        if constexpr (!std::is_const_v<Value>) {
            if (create && v.is_null()) v.emplace_object();
        }
        if (!v.is_object()) {
            if (create) throw RecordFailure("cannot reach " + text + ": found " + describe(v) + " before '" + step.key + "'");
            return;
        }
        if constexpr (std::is_const_v<Value>) {
            if (auto* next = v.get_object().if_contains(step.key)) walk(*next, steps, i + 1, create, text, out);
        } else {
            auto& object = v.get_object();
            auto* next = object.if_contains(step.key);
            if (!next) {
                // An array is never invented: "lines[*].x" on a record without lines writes nothing.
                const bool array_next = i + 1 < steps.size() && steps[i + 1].kind != PathStep::Kind::key;
                if (!create || array_next) return;
                next = &object[step.key];
            }
            walk(*next, steps, i + 1, create, text, out);
        }
        return;
    }
    if (!v.is_array()) {
        if (create && !v.is_null()) throw RecordFailure("cannot reach " + text + ": found " + describe(v) + " where an array was expected");
        return;
    }
    auto& array = v.get_array();
    if (step.kind == PathStep::Kind::index) {
        if (step.index < array.size()) walk(array[step.index], steps, i + 1, create, text, out);
        else if (create) throw RecordFailure("cannot reach " + text + ": the array has " + std::to_string(array.size()) + " element(s)");
        return;
    }
    for (auto& element : array) walk(element, steps, i + 1, create, text, out);
}

void locate_from(boost::json::value& v, const std::vector<PathStep>& steps, std::size_t i, const std::string& where,
                 std::vector<std::pair<std::string, boost::json::value*>>& out) {
    if (i == steps.size()) {
        out.emplace_back(where, &v);
        return;
    }
    const PathStep& step = steps[i];
    if (step.kind == PathStep::Kind::key) {
        if (!v.is_object()) return;
        if (auto* next = v.get_object().if_contains(step.key))
            locate_from(*next, steps, i + 1, where.empty() ? step.key : where + "." + step.key, out);
        return;
    }
    if (!v.is_array()) return;
    auto& array = v.get_array();
    if (step.kind == PathStep::Kind::index) {
        if (step.index < array.size())
            locate_from(array[step.index], steps, i + 1, where + "[" + std::to_string(step.index) + "]", out);
        return;
    }
    for (std::size_t n = 0; n < array.size(); ++n)
        locate_from(array[n], steps, i + 1, where + "[" + std::to_string(n) + "]", out);
}

}  // namespace

Path Path::parse(std::string_view text, const std::string& where) {
    Path p;
    p.text_ = std::string(text);
    if (text.starts_with(kContextPrefix)) {
        p.on_context_ = true;
        text.remove_prefix(kContextPrefix.size());
    }
    if (text.empty()) throw RecordError(where, "empty path");
    auto bad = [&](const std::string& why) { return RecordError(where, "'" + p.text_ + "' is not a path: " + why); };
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t start = i;
        while (i < text.size() && text[i] != '.' && text[i] != '[') ++i;
        if (i == start) throw bad("a name is missing at position " + std::to_string(start + 1));
        p.steps_.push_back({PathStep::Kind::key, std::string(text.substr(start, i - start)), 0});
        while (i < text.size() && text[i] == '[') {
            auto close = text.find(']', i);
            if (close == std::string_view::npos) throw bad("'[' without ']'");
            auto inside = text.substr(i + 1, close - i - 1);
            if (inside == "*") {
                p.steps_.push_back({PathStep::Kind::every, {}, 0});
            } else {
                if (inside.empty() || inside.size() > 9) throw bad("expected a number or * inside [ ]");
                std::size_t n = 0;
                for (char c : inside) {
                    if (c < '0' || c > '9') throw bad("expected a number or * inside [ ]");
                    n = n * 10 + static_cast<std::size_t>(c - '0');
                }
                p.steps_.push_back({PathStep::Kind::index, {}, n});
            }
            i = close + 1;
        }
        if (i < text.size()) {
            if (text[i] != '.') throw bad("unexpected '" + std::string(1, text[i]) + "'");
            ++i;
            if (i == text.size()) throw bad("ends with '.'");
        }
    }
    return p;
}

Path Path::parse_writable(std::string_view text, const std::string& where) {
    Path p = parse(text, where);
    if (p.on_context_) throw RecordError(where, "the context is read-only; write to a field of the record");
    return p;
}

bool Path::fans_out() const {
    for (const auto& s : steps_)
        if (s.kind == PathStep::Kind::every) return true;
    return false;
}

bool Path::touches_money() const {
    if (on_context_ || steps_.empty()) return false;
    const std::string& top = steps_.front().key;
    return top == "lines" || top == "discounts" || top == "shipping" || top == "currency" || top == "total_inc_vat";
}

std::vector<const boost::json::value*> Path::find(const boost::json::value& root) const {
    std::vector<const boost::json::value*> out;
    walk(root, steps_, 0, false, text_, out);
    return out;
}

std::vector<boost::json::value*> Path::find(boost::json::value& root) const {
    std::vector<boost::json::value*> out;
    walk(root, steps_, 0, false, text_, out);
    return out;
}

std::vector<std::pair<std::string, boost::json::value*>> Path::locate(boost::json::value& root) const {
    std::vector<std::pair<std::string, boost::json::value*>> out;
    locate_from(root, steps_, 0, "", out);
    return out;
}

const boost::json::value* Path::first(const boost::json::value& root) const {
    auto all = find(root);
    return all.empty() ? nullptr : all.front();
}

std::vector<boost::json::value*> Path::ensure(boost::json::value& root) const {
    std::vector<boost::json::value*> out;
    walk(root, steps_, 0, true, text_, out);
    return out;
}

std::size_t Path::remove(boost::json::value& root) const {
    if (steps_.empty()) return 0;
    std::vector<PathStep> parent_steps(steps_.begin(), steps_.end() - 1);
    std::vector<boost::json::value*> parents;
    walk(root, parent_steps, 0, false, text_, parents);
    const PathStep& last = steps_.back();
    std::size_t removed = 0;
    for (auto* parent : parents) {
        if (last.kind == PathStep::Kind::key) {
            if (parent->is_object()) removed += parent->get_object().erase(last.key);
        } else if (parent->is_array()) {
            auto& array = parent->get_array();
            if (last.kind == PathStep::Kind::every) {
                removed += array.size();
                array.clear();
            } else if (last.index < array.size()) {
                array.erase(array.begin() + static_cast<std::ptrdiff_t>(last.index));
                ++removed;
            }
        }
    }
    return removed;
}

std::vector<const boost::json::value*> find_in(const Path& path, const Subject& subject) {
    return path.find(path.on_context() ? subject.context : subject.record);
}

}  // namespace skarv::custom
