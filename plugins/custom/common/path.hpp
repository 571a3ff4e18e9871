#pragma once
// Paths into a canonical record: "customer.email", "lines[0].sku", "lines[*].sku",
// and "$context.channel" for the request's context. Rules and mappings are configured
// with these, so one rule serves every record type without knowing its C++ shape.

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json.hpp>

namespace skarv::custom {

struct PathStep {
    enum class Kind { key, index, every } kind = Kind::key;
    std::string key;
    std::size_t index = 0;
};

class Path {
public:
    Path() = default;
    // Throws skarv::RecordError(where, ...) so a bad path in a config names its place.
    static Path parse(std::string_view text, const std::string& where);
    // The same, refusing "$context." paths: the context is read-only.
    static Path parse_writable(std::string_view text, const std::string& where);

    const std::string& text() const { return text_; }
    bool on_context() const { return on_context_; }
    bool fans_out() const;
    // Whether writing here can change an order's money (its lines, discounts, freight or
    // currency), so the order's stated totals must be restated after.
    bool touches_money() const;

    // Every value the path reaches; [*] fans out, a missing step reaches nothing.
    std::vector<const boost::json::value*> find(const boost::json::value& root) const;
    std::vector<boost::json::value*> find(boost::json::value& root) const;
    const boost::json::value* first(const boost::json::value& root) const;
    // The same, with where each value is: "lines[1].sku" for "lines[*].sku", so a
    // failure names the exact place.
    std::vector<std::pair<std::string, boost::json::value*>> locate(boost::json::value& root) const;
    // Reaches the path, creating missing object keys (as null) on the way. Throws
    // RecordFailure when something other than an object or array is in the way.
    std::vector<boost::json::value*> ensure(boost::json::value& root) const;
    // Removes what the path reaches (a key, or an element of an array); returns how many.
    std::size_t remove(boost::json::value& root) const;

private:
    std::vector<PathStep> steps_;
    std::string text_;
    bool on_context_ = false;
};

// The value a rule reads from: the record, or the request's context for "$context." paths.
struct Subject {
    const boost::json::value& record;
    const boost::json::value& context;
};
std::vector<const boost::json::value*> find_in(const Path& path, const Subject& subject);

}  // namespace skarv::custom
