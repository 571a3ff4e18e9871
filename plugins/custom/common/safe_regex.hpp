#pragma once
// std::regex, compiled so that a rule author's pattern cannot take the process down.
//
// libstdc++'s default (backtracking) executor recurses once per input character: a
// pattern like "(a|b)*c" on a 200 kB description overflows the stack and kills the
// host. Its polynomial executor (a Thompson NFA) does not recurse on input length and
// runs in time linear in the input times the pattern, at the price of back-references,
// which are refused when the rule is configured.

#include <regex>
#include <string>
#include <string_view>

namespace skarv::custom {

class SafeRegex {
public:
    // Throws skarv::RecordError(where, ...) when the pattern does not compile.
    SafeRegex(const std::string& pattern, const std::string& where, bool ignore_case = false);

    // True when the pattern matches somewhere in `text` (anchor with ^ and $ for a whole match).
    bool search(std::string_view text) const;
    // ECMAScript replacement: "$1", "$&", "$$".
    std::string replace(std::string_view text, const std::string& format) const;
    const std::string& pattern() const { return pattern_; }

    // Longer values fail their record rather than tie up a call for minutes.
    static constexpr std::size_t kMaxSubject = 1 << 20;

private:
    void check_length(std::string_view text) const;
    std::string pattern_;
    std::regex regex_;
};

}  // namespace skarv::custom
