#pragma once
// A rule author's regular expression, run with RE2 (Debian's libre2-dev), whose matcher
// works in time linear in the input and without recursing on it: a pattern like
// "(a|b)*c" on a 200 kB description takes as long as a plain search, where a
// backtracking matcher would take minutes or overflow the stack and take the host down.
// RE2 has no back-references (they are what makes backtracking necessary); a pattern
// with one is refused when the rule is configured. docs/transforms.md.

#include <memory>
#include <string>
#include <string_view>

namespace re2 {
class RE2;
}

namespace skarv::custom {

class SafeRegex {
public:
    // Throws skarv::RecordError(where, ...) when the pattern does not compile.
    SafeRegex(const std::string& pattern, const std::string& where, bool ignore_case = false);
    SafeRegex(SafeRegex&&) noexcept;
    SafeRegex& operator=(SafeRegex&&) noexcept;
    ~SafeRegex();

    // True when the pattern matches somewhere in `text` (anchor with ^ and $ for a whole match).
    bool search(std::string_view text) const;
    // Every match replaced; in `format`, "$1".."$9" is a group, "$&" the whole match, "$$" a "$".
    std::string replace(std::string_view text, const std::string& format) const;
    const std::string& pattern() const { return pattern_; }

    // Longer values fail their record rather than tie up a call.
    static constexpr std::size_t kMaxSubject = 1 << 20;

private:
    void check_length(std::string_view text) const;
    std::string pattern_;
    std::unique_ptr<re2::RE2> regex_;
};

}  // namespace skarv::custom
