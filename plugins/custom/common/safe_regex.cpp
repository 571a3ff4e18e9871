#include "safe_regex.hpp"

#include <re2/re2.h>

#include <skarv/json_reader.hpp>

#include "record_failure.hpp"

namespace skarv::custom {
namespace {

std::unique_ptr<re2::RE2> compile(const std::string& pattern, const std::string& where, bool ignore_case) {
    re2::RE2::Options options;
    options.set_case_sensitive(!ignore_case);
    options.set_log_errors(false);   // the error goes to the rule author, not to stderr
    auto regex = std::make_unique<re2::RE2>(pattern, options);
    if (regex->ok()) return regex;
    const std::string& bad = regex->error_arg();
    if (regex->error_code() == re2::RE2::ErrorBadEscape && bad.size() == 2 && bad[0] == '\\' && bad[1] >= '1' && bad[1] <= '9')
        throw RecordError(where, "'" + pattern + "': back-references are not supported");
    throw RecordError(where, "'" + pattern + "' is not a valid regular expression: " + regex->error());
}

// The ECMAScript replacement format ("$1", "$&", "$$"), which the rules have always
// taken, in RE2's ("\1", "\0", and "\\" for a backslash). A group the pattern does not
// have is replaced by nothing, as ECMAScript does.
std::string rewrite_of(const std::string& format, int groups) {
    std::string out;
    for (std::size_t i = 0; i < format.size(); ++i) {
        const char c = format[i];
        const char next = i + 1 < format.size() ? format[i + 1] : '\0';
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '$' && next == '$') {
            out += '$';
            ++i;
        } else if (c == '$' && next == '&') {
            out += "\\0";
            ++i;
        } else if (c == '$' && next >= '1' && next <= '9') {
            if (next - '0' <= groups) out += std::string("\\") + next;
            ++i;
        } else {
            out += c;
        }
    }
    return out;
}

}  // namespace

SafeRegex::SafeRegex(const std::string& pattern, const std::string& where, bool ignore_case)
    : pattern_(pattern), regex_(compile(pattern, where, ignore_case)) {}
SafeRegex::SafeRegex(SafeRegex&&) noexcept = default;
SafeRegex& SafeRegex::operator=(SafeRegex&&) noexcept = default;
SafeRegex::~SafeRegex() = default;

void SafeRegex::check_length(std::string_view text) const {
    if (text.size() > kMaxSubject)
        throw RecordFailure("a value of " + std::to_string(text.size()) + " bytes is too long to match against '" +
                            pattern_ + "'");
}

bool SafeRegex::search(std::string_view text) const {
    check_length(text);
    return re2::RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *regex_);
}

std::string SafeRegex::replace(std::string_view text, const std::string& format) const {
    check_length(text);
    std::string out(text);
    re2::RE2::GlobalReplace(&out, *regex_, rewrite_of(format, regex_->NumberOfCapturingGroups()));
    return out;
}

}  // namespace skarv::custom
