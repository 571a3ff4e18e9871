// String encoding at the C boundary: Windows-1252 outside, UTF-8 inside.
// guess visma.windows-1252, docs/guesses.md

#include "internal.hpp"

#include <array>
#include <cstring>

namespace skarv::adk_emu {

namespace {

// Windows-1252 0x80..0x9F; 0 marks the five undefined bytes.
constexpr std::array<char32_t, 32> kHigh = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178};

void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (c >> 6)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (c >> 12)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (c >> 18)));
        out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
}

// Decodes one code point; malformed input yields U+FFFD and advances one byte.
char32_t next_code_point(std::string_view s, size_t& i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    size_t extra = 0;
    char32_t c = 0;
    if (b0 < 0x80) {
        ++i;
        return b0;
    } else if ((b0 >> 5) == 6) {
        extra = 1;
        c = b0 & 0x1F;
    } else if ((b0 >> 4) == 14) {
        extra = 2;
        c = b0 & 0x0F;
    } else if ((b0 >> 3) == 30) {
        extra = 3;
        c = b0 & 0x07;
    } else {
        ++i;
        return 0xFFFD;
    }
    if (i + extra >= s.size()) {
        ++i;
        return 0xFFFD;
    }
    for (size_t k = 1; k <= extra; ++k) {
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

char to_cp1252(char32_t c) {
    if (c < 0x80 || (c >= 0xA0 && c <= 0xFF)) return static_cast<char>(c);
    for (size_t k = 0; k < kHigh.size(); ++k)
        if (kHigh[k] == c && c != 0) return static_cast<char>(0x80 + k);
    return '?';
}

}  // namespace

std::string from_caller(const char* cp1252) {
    std::string out;
    if (!cp1252) return out;
    if (contradicting_guesses()) return cp1252;   // an ADK that speaks UTF-8
    for (const char* p = cp1252; *p; ++p) {
        const auto b = static_cast<unsigned char>(*p);
        if (b < 0x80 || b >= 0xA0) {
            append_utf8(out, b);
        } else {
            const char32_t c = kHigh[b - 0x80];
            append_utf8(out, c ? c : U'?');
        }
    }
    return out;
}

std::string to_caller(std::string_view utf8) {
    if (contradicting_guesses()) return std::string(utf8);   // an ADK that speaks UTF-8
    std::string out;
    out.reserve(utf8.size());
    for (size_t i = 0; i < utf8.size();) out.push_back(to_cp1252(next_code_point(utf8, i)));
    return out;
}

size_t caller_length(std::string_view utf8) {
    size_t n = 0;
    for (size_t i = 0; i < utf8.size(); ++n) next_code_point(utf8, i);
    return n;
}

bool copy_out(std::string_view utf8, char** buffer, int length) {
    if (!buffer || !*buffer || length <= 0) return false;
    const std::string bytes = to_caller(utf8);
    const size_t room = static_cast<size_t>(length) - 1;
    const size_t n = bytes.size() < room ? bytes.size() : room;
    std::memcpy(*buffer, bytes.data(), n);
    (*buffer)[n] = '\0';
    return bytes.size() <= room;
}

}  // namespace skarv::adk_emu
