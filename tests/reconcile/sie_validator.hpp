#pragma once
// An SIE 4I reader for tests, written from research/payments.md §5.2/§5.3 (not from the
// writer): it checks a file's bytes against the rules and gives back its vouchers, so a
// test asserts both that the file is valid and what it books, to the öre.
//
// Rules checked: CRLF lines, no control characters; #FLAGGA 0 first, then #PROGRAM,
// #FORMAT PC8, #GEN date, #SIETYP 4, in that order, before any optional label; #FNAMN
// present; every #VER followed by a "{" line, #TRANS lines, a "}" line; #TRANS fields
// kontonr (digits), objektlista in braces, belopp with '.' and two decimals, transdat
// YYYYMMDD; quoted fields with \" escapes; each #VER sums to 0.00.

#include <cstdint>
#include <string>
#include <vector>

#include <iconv.h>

#include <stdexcept>

namespace skarv::test {

struct SieTrans {
    std::string account;
    int64_t ore = 0;
    std::string date, text;   // text decoded from CP437 to UTF-8
};
struct SieVer {
    std::string series, number, date, text;
    std::vector<SieTrans> rows;
};
struct SieFile {
    std::vector<std::string> problems;   // empty when the file follows the rules
    std::string company;                 // #FNAMN, UTF-8
    std::vector<SieVer> vouchers;
};

namespace sie_detail {

// Code page 437 to UTF-8, with iconv itself rather than the writer's helper.
inline std::string decode_cp437(const std::string& bytes) {
    iconv_t cd = ::iconv_open("UTF-8", "CP437");
    if (cd == reinterpret_cast<iconv_t>(-1)) throw std::runtime_error("no CP437 in iconv");
    std::string in = bytes, out(bytes.size() * 4 + 4, '\0');
    char* ip = in.data();
    char* op = out.data();
    std::size_t il = in.size(), ol = out.size();
    std::size_t r = ::iconv(cd, &ip, &il, &op, &ol);
    ::iconv_close(cd);
    if (r == static_cast<std::size_t>(-1)) throw std::runtime_error("not CP437");
    out.resize(out.size() - ol);
    return out;
}

inline bool is_date(const std::string& s) {
    if (s.size() != 8) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    int month = std::stoi(s.substr(4, 2)), day = std::stoi(s.substr(6, 2));
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

// Fields of one line: bare words, "quoted" (with \" escapes) and {object lists}.
inline std::vector<std::string> fields(const std::string& line, std::string& problem) {
    std::vector<std::string> out;
    if (line == "{" || line == "}") return {line};   // a voucher block's own lines
    std::size_t i = 0;
    while (i < line.size()) {
        if (line[i] == ' ' || line[i] == '\t') { ++i; continue; }
        std::string f;
        if (line[i] == '"') {
            ++i;
            bool closed = false;
            while (i < line.size()) {
                if (line[i] == '\\' && i + 1 < line.size() && line[i + 1] == '"') { f.push_back('"'); i += 2; continue; }
                if (line[i] == '"') { closed = true; ++i; break; }
                f.push_back(line[i++]);
            }
            if (!closed) problem = "unclosed quote";
            if (i < line.size() && line[i] != ' ') problem = "a quoted field runs into the next";
            out.push_back("\x01" + f);   // marks "was quoted"
            continue;
        }
        if (line[i] == '{') {
            auto end = line.find('}', i);
            if (end == std::string::npos) { problem = "unclosed object list"; return out; }
            out.push_back(line.substr(i, end - i + 1));
            i = end + 1;
            continue;
        }
        while (i < line.size() && line[i] != ' ') f.push_back(line[i++]);
        out.push_back(f);
    }
    return out;
}
inline std::string text_of(const std::string& f) { return f.rfind("\x01", 0) == 0 ? f.substr(1) : f; }

inline bool amount_ore(const std::string& s, int64_t& ore) {
    std::size_t i = 0;
    bool negative = false;
    if (!s.empty() && s[0] == '-') { negative = true; i = 1; }
    auto dot = s.find('.');
    if (dot == std::string::npos || dot + 3 != s.size() || dot == i) return false;
    int64_t v = 0;
    for (std::size_t k = i; k < s.size(); ++k) {
        if (k == dot) continue;
        if (s[k] < '0' || s[k] > '9') return false;
        v = v * 10 + (s[k] - '0');
    }
    ore = negative ? -v : v;
    return true;
}

}  // namespace sie_detail

inline SieFile read_sie4i(const std::string& bytes) {
    using namespace sie_detail;
    SieFile file;
    auto problem = [&](std::size_t line_no, const std::string& what) {
        file.problems.push_back("line " + std::to_string(line_no) + ": " + what);
    };
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < bytes.size()) {
        auto end = bytes.find("\r\n", start);
        if (end == std::string::npos) {
            problem(lines.size() + 1, "does not end in CRLF");
            lines.push_back(bytes.substr(start));
            break;
        }
        lines.push_back(bytes.substr(start, end - start));
        start = end + 2;
    }
    const std::vector<std::string> header = {"#FLAGGA", "#PROGRAM", "#FORMAT", "#GEN", "#SIETYP"};
    SieVer* open = nullptr;
    bool in_block = false;
    for (std::size_t n = 0; n < lines.size(); ++n) {
        const auto& raw = lines[n];
        for (unsigned char c : raw)
            if (c < 32 || c == 127) problem(n + 1, "control character " + std::to_string(c));
        const std::string line = decode_cp437(raw);
        std::string bad;
        auto f = fields(line, bad);
        if (!bad.empty()) problem(n + 1, bad);
        if (f.empty()) { problem(n + 1, "empty line"); continue; }
        if (n < header.size() && f[0] != header[n]) problem(n + 1, header[n] + " expected, got " + f[0]);
        if (f[0] == "#FLAGGA" && (f.size() != 2 || f[1] != "0")) problem(n + 1, "#FLAGGA 0 expected");
        if (f[0] == "#FORMAT" && (f.size() != 2 || f[1] != "PC8")) problem(n + 1, "#FORMAT PC8 expected");
        if (f[0] == "#SIETYP" && (f.size() != 2 || f[1] != "4")) problem(n + 1, "#SIETYP 4 expected");
        if (f[0] == "#GEN" && (f.size() < 2 || !is_date(f[1]))) problem(n + 1, "#GEN needs a date YYYYMMDD");
        if (f[0] == "#FNAMN") file.company = f.size() > 1 ? text_of(f[1]) : "";
        if (f[0] == "#VER") {
            if (in_block || open) problem(n + 1, "#VER inside a voucher");
            if (f.size() < 4 || !is_date(f[3])) { problem(n + 1, "#VER serie vernr verdatum expected"); continue; }
            file.vouchers.push_back({text_of(f[1]), text_of(f[2]), f[3], f.size() > 4 ? text_of(f[4]) : "", {}});
            open = &file.vouchers.back();
            continue;
        }
        if (f[0] == "{") {
            if (!open || in_block) problem(n + 1, "{ without a #VER before it");
            in_block = true;
            continue;
        }
        if (f[0] == "}") {
            if (!in_block || !open) { problem(n + 1, "} without a voucher"); continue; }
            int64_t sum = 0;
            for (const auto& t : open->rows) sum += t.ore;
            if (sum != 0) problem(n + 1, "voucher '" + open->text + "' sums to " + std::to_string(sum) + " öre, not 0");
            if (open->rows.empty()) problem(n + 1, "voucher '" + open->text + "' has no #TRANS");
            in_block = false;
            open = nullptr;
            continue;
        }
        if (f[0] == "#TRANS") {
            if (!in_block || !open) { problem(n + 1, "#TRANS outside a voucher block"); continue; }
            SieTrans t;
            if (f.size() < 3) { problem(n + 1, "#TRANS kontonr {objektlista} belopp expected"); continue; }
            t.account = f[1];
            for (char c : t.account)
                if (c < '0' || c > '9') problem(n + 1, "account '" + t.account + "' is not a number");
            if (f[2].empty() || f[2].front() != '{' || f[2].back() != '}') problem(n + 1, "object list in braces expected");
            if (f.size() < 4 || !amount_ore(f[3], t.ore)) problem(n + 1, "amount with '.' and two decimals expected");
            if (f.size() > 4) {
                t.date = f[4];
                if (!is_date(t.date)) problem(n + 1, "transdat YYYYMMDD expected");
            }
            if (f.size() > 5) t.text = text_of(f[5]);
            open->rows.push_back(t);
            continue;
        }
        if (in_block) problem(n + 1, f[0] + " inside a voucher block");
    }
    if (in_block) problem(lines.size(), "voucher block not closed");
    if (file.company.empty()) problem(0, "#FNAMN missing");
    return file;
}

}  // namespace skarv::test
