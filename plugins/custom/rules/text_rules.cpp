// Rules that rewrite text: regular-expression search and replace, and HTML to plain text
// (ERPs print descriptions on delivery notes and know nothing of markup).
#include <cctype>
#include <optional>

#include "record_failure.hpp"
#include "rule.hpp"
#include "rule_config.hpp"
#include "safe_regex.hpp"
#include "utf8.hpp"

namespace skarv::custom::rules {
namespace {

class SearchReplace : public Rule {
public:
    explicit SearchReplace(const JsonReader& c)
        : field_(read_target(c, "field")),
          regex_(c.string("pattern"), c.at("pattern"), c.boolean_or("ignore_case", false)),
          replace_(c.string("replace")) {
        allow_only(c, {"field", "pattern", "replace", "ignore_case"});
    }
    Outcome apply(boost::json::value& record, const Subject&, Effects& effects) const override {
        for_each_string(record, field_, [&](std::string& s) { s = regex_.replace(s, replace_); });
        // A SKU or a line's text changes nothing of the money; the totals are restated only when lines are.
        (void)effects;
        return {};
    }

private:
    Path field_;
    SafeRegex regex_;
    std::string replace_;
};

struct Entity {
    std::string_view name;
    char32_t cp;
};
constexpr Entity kEntities[] = {
    {"amp", '&'},     {"lt", '<'},      {"gt", '>'},      {"quot", '"'},    {"apos", '\''},   {"nbsp", ' '},
    {"aring", 0xE5},  {"auml", 0xE4},   {"ouml", 0xF6},   {"Aring", 0xC5},  {"Auml", 0xC4},   {"Ouml", 0xD6},
    {"eacute", 0xE9}, {"Eacute", 0xC9}, {"uuml", 0xFC},   {"Uuml", 0xDC},   {"oslash", 0xF8}, {"Oslash", 0xD8},
    {"aelig", 0xE6},  {"AElig", 0xC6},  {"ndash", 0x2013}, {"mdash", 0x2014}, {"hellip", 0x2026}, {"euro", 0x20AC},
    {"copy", 0xA9},   {"reg", 0xAE},    {"trade", 0x2122}, {"deg", 0xB0},
};

// "&amp;" at text[i..]: the code point and the length consumed, if it is an entity.
std::optional<std::pair<char32_t, std::size_t>> entity_at(std::string_view text, std::size_t i) {
    auto end = text.find(';', i);
    if (end == std::string_view::npos || end - i > 10) return std::nullopt;
    std::string_view body = text.substr(i + 1, end - i - 1);
    if (body.size() >= 2 && body[0] == '#') {
        char32_t cp = 0;
        bool hex = body[1] == 'x' || body[1] == 'X';
        std::string_view digits = body.substr(hex ? 2 : 1);
        if (digits.empty()) return std::nullopt;
        for (char c : digits) {
            int d = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                    : hex && std::isxdigit(static_cast<unsigned char>(c)) ? std::tolower(static_cast<unsigned char>(c)) - 'a' + 10
                                                                          : -1;
            if (d < 0) return std::nullopt;
            cp = cp * (hex ? 16 : 10) + static_cast<char32_t>(d);
            if (cp > 0x10FFFF) return std::nullopt;
        }
        if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
        return std::pair{cp, end - i + 1};
    }
    for (const auto& e : kEntities)
        if (body == e.name) return std::pair{e.cp, end - i + 1};
    return std::nullopt;
}

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool breaks_line(const std::string& tag) {
    // Where a block ends a line does; an opening tag is only a word break.
    static constexpr std::string_view kBlocks[] = {"br", "/p", "/div", "/li", "/tr", "/h1", "/h2", "/h3",
                                                   "/h4", "/h5", "/h6"};
    for (auto b : kBlocks)
        if (tag == b) return true;
    return false;
}

// Tags out, entities decoded, block ends as line breaks, runs of blanks as one.
std::string html_to_text(std::string_view html) {
    std::string raw;
    raw.reserve(html.size());
    std::size_t i = 0;
    while (i < html.size()) {
        char c = html[i];
        if (c == '<') {
            if (html.substr(i, 4) == "<!--") {
                auto end = html.find("-->", i + 4);
                i = end == std::string_view::npos ? html.size() : end + 3;
                continue;
            }
            std::size_t j = i + 1;
            while (j < html.size() && (html[j] == '/' || std::isalnum(static_cast<unsigned char>(html[j])))) ++j;
            std::string tag = lower_ascii(html.substr(i + 1, j - i - 1));
            if (tag.empty() || tag == "/") {   // a lone '<' as in "a < b" is text
                raw.push_back(c);
                ++i;
                continue;
            }
            // Find the tag's end, stepping over quoted attribute values ("a > b" inside one).
            char quote = 0;
            while (j < html.size() && (quote || html[j] != '>')) {
                if (quote && html[j] == quote) quote = 0;
                else if (!quote && (html[j] == '"' || html[j] == '\'')) quote = html[j];
                ++j;
            }
            i = j < html.size() ? j + 1 : html.size();
            if (tag == "script" || tag == "style") {
                auto close = lower_ascii(html.substr(i)).find("</" + tag);
                if (close == std::string::npos) break;
                i += close;
                continue;
            }
            if (breaks_line(tag)) raw.push_back('\n');
            else raw.push_back(' ');
            continue;
        }
        if (c == '&') {
            if (auto e = entity_at(html, i)) {
                utf8::append(raw, e->first);
                i += e->second;
                continue;
            }
        }
        raw.push_back(c);
        ++i;
    }
    // Blanks: one space between words, no spaces at the ends of lines, at most one empty line.
    std::string out;
    out.reserve(raw.size());
    int newlines = 0;
    bool space = false;
    for (char ch : raw) {
        if (ch == '\n' || ch == '\r') {
            ++newlines;
            space = false;
            continue;
        }
        if (ch == ' ' || ch == '\t') {
            space = true;
            continue;
        }
        if (!out.empty()) {
            if (newlines > 0) out.append(newlines > 1 ? "\n\n" : "\n");
            else if (space) out.push_back(' ');
        }
        newlines = 0;
        space = false;
        out.push_back(ch);
    }
    return out;
}

class StripHtml : public Rule {
public:
    explicit StripHtml(const JsonReader& c) : field_(read_target(c, "field")) { allow_only(c, {"field"}); }
    Outcome apply(boost::json::value& record, const Subject&, Effects&) const override {
        for_each_string(record, field_, [](std::string& s) { s = html_to_text(s); });
        return {};
    }

private:
    Path field_;
};

}  // namespace

RuleFamily text_rules() {
    return {
        {"search_replace", [](const JsonReader& c) { return std::make_unique<SearchReplace>(c); }},
        {"strip_html", [](const JsonReader& c) { return std::make_unique<StripHtml>(c); }},
    };
}

}  // namespace skarv::custom::rules
