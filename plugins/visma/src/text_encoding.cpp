#include "text_encoding.hpp"

#include <array>

namespace visma {

namespace {

// Windows-1252 0x80..0x9F; 0 marks the five bytes the code page leaves undefined.
constexpr std::array<char32_t, 32> kHigh = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178};

void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (c >> 6)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xE0 | (c >> 12)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
}

// One code point; a malformed sequence yields U+FFFD and moves one byte on.
char32_t next_code_point(std::string_view s, std::size_t& i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    std::size_t extra = 0;
    char32_t c = 0;
    if (b0 < 0x80) {
        ++i;
        return b0;
    }
    if ((b0 >> 5) == 6) extra = 1, c = b0 & 0x1F;
    else if ((b0 >> 4) == 14) extra = 2, c = b0 & 0x0F;
    else if ((b0 >> 3) == 30) extra = 3, c = b0 & 0x07;
    else {
        ++i;
        return 0xFFFD;
    }
    if (i + extra >= s.size()) {
        ++i;
        return 0xFFFD;
    }
    for (std::size_t k = 1; k <= extra; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if ((b & 0xC0) != 0x80) {
            ++i;
            return 0xFFFD;
        }
        c = (c << 6) | (b & 0x3F);
    }
    i += extra + 1;
    return c;
}

}  // namespace

std::string utf8_to_cp1252(std::string_view utf8, int* replaced) {
    std::string out;
    out.reserve(utf8.size());
    if (replaced) *replaced = 0;
    for (std::size_t i = 0; i < utf8.size();) {
        const char32_t c = next_code_point(utf8, i);
        if (c < 0x80 || (c >= 0xA0 && c <= 0xFF)) {
            out.push_back(static_cast<char>(c));
            continue;
        }
        char byte = '?';
        for (std::size_t k = 0; k < kHigh.size(); ++k)
            if (kHigh[k] != 0 && kHigh[k] == c) byte = static_cast<char>(0x80 + k);
        if (byte == '?' && replaced) ++*replaced;
        out.push_back(byte);
    }
    return out;
}

std::string cp1252_to_utf8(std::string_view cp1252) {
    std::string out;
    out.reserve(cp1252.size() + cp1252.size() / 4);
    for (char ch : cp1252) {
        const auto b = static_cast<unsigned char>(ch);
        if (b < 0x80 || b >= 0xA0) append_utf8(out, b);
        else append_utf8(out, kHigh[b - 0x80] ? kHigh[b - 0x80] : U'\uFFFD');
    }
    return out;
}

std::size_t utf8_length(std::string_view utf8) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < utf8.size(); ++n) next_code_point(utf8, i);
    return n;
}

std::string utf8_prefix(std::string_view utf8, std::size_t n) {
    std::size_t i = 0;
    for (std::size_t chars = 0; i < utf8.size() && chars < n; ++chars) next_code_point(utf8, i);
    return std::string(utf8.substr(0, i));
}

}  // namespace visma
