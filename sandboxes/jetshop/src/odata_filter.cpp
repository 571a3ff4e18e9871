#include "odata_filter.hpp"

#include <cctype>
#include <stdexcept>
#include <vector>

#include "wire_format.hpp"

namespace skarv::sandbox::jetshop {

namespace json = boost::json;

struct ODataFilter::Node {
    enum class Kind { and_, or_, not_, compare, in } kind = Kind::compare;
    std::unique_ptr<Node> left, right;
    std::string property, op;
    std::vector<json::value> literals;
};

namespace {

using Node = ODataFilter::Node;

struct Token {
    enum class Kind { word, string, lparen, rparen, comma, end } kind = Kind::end;
    std::string text;
    size_t pos = 0;
};

std::vector<Token> tokenize(const std::string& s) {
    std::vector<Token> out;
    size_t i = 0;
    while (i < s.size()) {
        const char c = s[i];
        if (std::isspace(static_cast<unsigned char>(c))) { ++i; continue; }
        if (c == '(') { out.push_back({Token::Kind::lparen, "(", i++}); continue; }
        if (c == ')') { out.push_back({Token::Kind::rparen, ")", i++}); continue; }
        if (c == ',') { out.push_back({Token::Kind::comma, ",", i++}); continue; }
        if (c == '\'') {
            const size_t start = i++;
            std::string text;
            for (;;) {
                if (i >= s.size()) throw std::invalid_argument("$filter: unterminated string at " + std::to_string(start));
                if (s[i] == '\'') {
                    if (i + 1 < s.size() && s[i + 1] == '\'') { text += '\''; i += 2; continue; }
                    ++i;
                    break;
                }
                text += s[i++];
            }
            out.push_back({Token::Kind::string, text, start});
            continue;
        }
        const size_t start = i;
        while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i])) && s[i] != '(' && s[i] != ')' &&
               s[i] != ',' && s[i] != '\'')
            ++i;
        out.push_back({Token::Kind::word, s.substr(start, i - start), start});
    }
    out.push_back({Token::Kind::end, "", s.size()});
    return out;
}

// yyyy-mm-dd, optionally followed by a time; compared as text against ISO timestamps.
bool looks_like_date(const std::string& s) {
    if (s.size() < 10 || s[4] != '-' || s[7] != '-') return false;
    for (int i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (!std::isdigit(static_cast<unsigned char>(s[static_cast<size_t>(i)]))) return false;
    return s.size() == 10 || s[10] == 'T';
}

class Parser {
public:
    explicit Parser(const std::string& text) : tokens_(tokenize(text)) {}

    std::unique_ptr<Node> parse() {
        auto n = parse_or();
        if (peek().kind != Token::Kind::end) fail("end of filter");
        return n;
    }

private:
    const Token& peek() const { return tokens_[pos_]; }
    const Token& next() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }
    [[noreturn]] void fail(const std::string& expected) const {
        throw std::invalid_argument("$filter: expected " + expected + " at position " +
                                    std::to_string(peek().pos) + (peek().text.empty() ? "" : " near '" + peek().text + "'"));
    }
    bool keyword(const char* k) {
        if (peek().kind == Token::Kind::word && iequals(peek().text, k)) { ++pos_; return true; }
        return false;
    }

    std::unique_ptr<Node> parse_or() {
        auto left = parse_and();
        while (keyword("or")) {
            auto n = std::make_unique<Node>();
            n->kind = Node::Kind::or_;
            n->left = std::move(left);
            n->right = parse_and();
            left = std::move(n);
        }
        return left;
    }
    std::unique_ptr<Node> parse_and() {
        auto left = parse_unary();
        while (keyword("and")) {
            auto n = std::make_unique<Node>();
            n->kind = Node::Kind::and_;
            n->left = std::move(left);
            n->right = parse_unary();
            left = std::move(n);
        }
        return left;
    }
    std::unique_ptr<Node> parse_unary() {
        if (keyword("not")) {
            auto n = std::make_unique<Node>();
            n->kind = Node::Kind::not_;
            n->left = parse_unary();
            return n;
        }
        if (peek().kind == Token::Kind::lparen) {
            next();
            auto n = parse_or();
            if (next().kind != Token::Kind::rparen) fail("')'");
            return n;
        }
        return parse_comparison();
    }
    std::unique_ptr<Node> parse_comparison() {
        if (peek().kind != Token::Kind::word) fail("a property name");
        auto n = std::make_unique<Node>();
        n->property = next().text;
        if (peek().kind != Token::Kind::word) fail("an operator (eq ne gt ge lt le in)");
        n->op = lower(next().text);
        if (n->op == "in") {
            n->kind = Node::Kind::in;
            if (next().kind != Token::Kind::lparen) fail("'(' after in");
            for (;;) {
                n->literals.push_back(literal());
                if (peek().kind == Token::Kind::comma) { next(); continue; }
                if (next().kind != Token::Kind::rparen) fail("')' closing the in-list");
                break;
            }
            return n;
        }
        static const char* kOps[] = {"eq", "ne", "gt", "ge", "lt", "le"};
        bool known = false;
        for (const char* op : kOps) known = known || n->op == op;
        if (!known) { --pos_; fail("an operator (eq ne gt ge lt le in)"); }
        n->literals.push_back(literal());
        return n;
    }
    json::value literal() {
        const Token& t = peek();
        if (t.kind == Token::Kind::string) { next(); return json::value(t.text); }
        if (t.kind != Token::Kind::word) fail("a literal");
        next();
        if (iequals(t.text, "null")) return nullptr;
        if (iequals(t.text, "true")) return true;
        if (iequals(t.text, "false")) return false;
        // OData writes DateTimeOffset unquoted: 2025-06-11T00:00:00Z
        if (looks_like_date(t.text)) return json::value(t.text);
        char* end = nullptr;
        const long long i = std::strtoll(t.text.c_str(), &end, 10);
        if (*end == '\0') return i;
        const double d = std::strtod(t.text.c_str(), &end);
        if (*end == '\0' || ((*end == 'm' || *end == 'M') && end[1] == '\0')) return d;
        --pos_;
        fail("a literal");
    }

    std::vector<Token> tokens_;
    size_t pos_ = 0;
};

// <0, 0, >0, or nullopt when the two cannot be ordered.
std::optional<int> compare(const json::value& a, const json::value& b) {
    if (a.is_number() && b.is_number()) {
        const double x = a.to_number<double>(), y = b.to_number<double>();
        return x < y ? -1 : (x > y ? 1 : 0);
    }
    if (a.is_string() && b.is_string()) {
        const int c = std::string_view(a.get_string()).compare(std::string_view(b.get_string()));
        return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    if (a.is_bool() && b.is_bool()) return a.get_bool() == b.get_bool() ? 0 : 1;
    if (a.is_null() && b.is_null()) return 0;
    return std::nullopt;
}

bool eval(const Node& n, const json::object& e) {
    switch (n.kind) {
        case Node::Kind::and_: return eval(*n.left, e) && eval(*n.right, e);
        case Node::Kind::or_: return eval(*n.left, e) || eval(*n.right, e);
        case Node::Kind::not_: return !eval(*n.left, e);
        case Node::Kind::in: {
            const auto* v = find_ci(e, n.property);
            const json::value value = v ? *v : json::value(nullptr);
            for (const auto& l : n.literals)
                if (compare(value, l) == 0) return true;
            return false;
        }
        case Node::Kind::compare: break;
    }
    const auto* v = find_ci(e, n.property);
    const json::value value = v ? *v : json::value(nullptr);
    const auto c = compare(value, n.literals[0]);
    if (n.op == "eq") return c == 0;
    if (n.op == "ne") return c != 0;
    if (!c) return false;
    if (n.op == "gt") return *c > 0;
    if (n.op == "ge") return *c >= 0;
    if (n.op == "lt") return *c < 0;
    return *c <= 0;
}

}  // namespace

ODataFilter::ODataFilter(std::unique_ptr<Node> root) : root_(std::move(root)) {}
ODataFilter::ODataFilter(ODataFilter&&) noexcept = default;
ODataFilter& ODataFilter::operator=(ODataFilter&&) noexcept = default;
ODataFilter::~ODataFilter() = default;

ODataFilter ODataFilter::parse(const std::string& text) { return ODataFilter(Parser(text).parse()); }

bool ODataFilter::matches(const json::object& entity) const { return !root_ || eval(*root_, entity); }

}  // namespace skarv::sandbox::jetshop
