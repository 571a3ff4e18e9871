// AdkSetFilter expressions. The public record shows a plain value ("John") and *
// patterns ("f03*", "*inc*"): viktor2097 README, contract tests
// AdkContract.FilterWithWildcardsMatchesAnywhereOrAsAPrefix and
// AdkContract.FilterWithAPlainValueFindsThatRecord.
// guess visma.filter-greater-equal, docs/guesses.md
// guess visma.filter-equals, docs/guesses.md
// guess visma.filter-range, docs/guesses.md
// The emulator accepts, for any field type:
//   text with * and ?      wildcard match, case-insensitive (text fields)
//   =v  <>v  >v  >=v  <v  <=v   comparison
//   a..b                   inclusive range
//   v                      equality
// Values of date fields are "yyyy-mm-dd" (or "yyyy-mm-dd hh:mm:ss" for TIMESTAMP
// fields) or the raw long; booleans are 1/0/true/false/ja/nej.

#include "internal.hpp"

#include <cctype>
#include <cstdlib>

namespace skarv::adk_emu {

namespace {

std::string trim(std::string_view s) {
    size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    return std::string(s.substr(b, e - b));
}

std::optional<SqlValue> parse_value(const FieldDef& f, const std::string& text) {
    switch (f.type) {
    case FieldType::Char:
        return SqlValue{text};
    case FieldType::Double: {
        std::string t = text;
        for (auto& c : t)
            if (c == ',') c = '.';
        char* end = nullptr;
        const double v = std::strtod(t.c_str(), &end);
        if (t.empty() || *end) return std::nullopt;
        return SqlValue{v};
    }
    case FieldType::Bool: {
        std::string t;
        for (char c : text) t.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        if (t == "1" || t == "true" || t == "ja" || t == "yes") return SqlValue{int64_t{1}};
        if (t == "0" || t == "false" || t == "nej" || t == "no") return SqlValue{int64_t{0}};
        return std::nullopt;
    }
    case FieldType::Date: {
        if (auto v = f.date_time ? datetime_to_long(text) : date_to_long(text)) return SqlValue{int64_t{*v}};
        char* end = nullptr;
        const long v = std::strtol(text.c_str(), &end, 10);
        if (text.empty() || *end) return std::nullopt;
        return SqlValue{int64_t{v}};
    }
    default:
        return std::nullopt;
    }
}

std::string like_pattern(const std::string& glob) {
    std::string out;
    for (char c : glob) {
        if (c == '*') out += '%';
        else if (c == '?') out += '_';
        else if (c == '%' || c == '_' || c == '\\') out += '\\', out += c;
        else out += c;
    }
    return out;
}

}  // namespace

std::optional<Filter> compile_filter(const FieldDef& f, std::string_view expression) {
    const std::string expr = trim(expression);
    const std::string column = "\"" + f.column + "\"";
    if (expr.empty()) return std::nullopt;
    if (f.type == FieldType::Char && expr.find_first_of("*?") != std::string::npos &&
        expr.find("..") == std::string::npos && expr[0] != '<' && expr[0] != '>' && expr[0] != '=') {
        return Filter{column + " LIKE ? ESCAPE '\\'", {like_pattern(expr)}};
    }
    // Only a plain value and * wildcards are in the public record (viktor2097 README);
    // contradicting the guesses, the operators below are refused with 686 like any
    // expression the ADK does not know.
    if (contradicting_guesses()) {
        if (expr.find("..") != std::string::npos || expr[0] == '<' || expr[0] == '>' || expr[0] == '=' || expr[0] == '!')
            return std::nullopt;
    }
    if (const auto dots = expr.find(".."); dots != std::string::npos) {
        auto lo = parse_value(f, trim(expr.substr(0, dots)));
        auto hi = parse_value(f, trim(expr.substr(dots + 2)));
        if (!lo || !hi) return std::nullopt;
        return Filter{column + " BETWEEN ? AND ?", {*lo, *hi}};
    }
    static const char* const ops[] = {">=", "<=", "<>", "!=", ">", "<", "="};
    for (const char* op : ops) {
        const std::string o(op);
        if (expr.rfind(o, 0) == 0) {
            auto v = parse_value(f, trim(expr.substr(o.size())));
            if (!v) return std::nullopt;
            return Filter{column + " " + (o == "!=" ? std::string("<>") : o) + " ?", {*v}};
        }
    }
    // Whether a plain text value matches exactly or as a prefix is not in the record:
    // contradicting the guesses, it is a prefix, which a caller must not mistake for a hit.
    if (contradicting_guesses() && f.type == FieldType::Char)
        return Filter{column + " LIKE ? ESCAPE '\\'", {like_pattern(expr) + "%"}};
    auto v = parse_value(f, expr);
    if (!v) return std::nullopt;
    if (f.type == FieldType::Double) return Filter{"abs(" + column + " - ?) < 0.0000001", {*v}};
    return Filter{column + " = ?", {*v}};
}

}  // namespace skarv::adk_emu
