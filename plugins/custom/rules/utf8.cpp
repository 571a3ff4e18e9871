#include "utf8.hpp"

namespace skarv::custom::rules::utf8 {
namespace {

bool continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Start of the character that contains byte `i` (or i itself for a stray byte).
std::size_t boundary_at_or_before(std::string_view text, std::size_t i) {
    std::size_t j = i;
    while (j > 0 && j < text.size() && continuation(static_cast<unsigned char>(text[j])) && i - j < 3) --j;
    return j;
}

template <class Map>
std::string map_latin(std::string_view text, Map map) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            out.push_back(static_cast<char>(map(static_cast<char32_t>(c))));
        } else if ((c == 0xC3) && i + 1 < text.size() && continuation(static_cast<unsigned char>(text[i + 1]))) {
            // U+00C0..U+00FF: two bytes, C3 80..C3 BF.
            char32_t cp = 0xC0 + (static_cast<unsigned char>(text[i + 1]) & 0x3F);
            append(out, map(cp));
            ++i;
        } else {
            out.push_back(static_cast<char>(c));
        }
    }
    return out;
}

}  // namespace

std::size_t length(std::string_view text) {
    std::size_t n = 0;
    for (char c : text) n += continuation(static_cast<unsigned char>(c)) ? 0 : 1;
    return n;
}

std::string truncate(std::string_view text, std::size_t max, bool bytes, std::string_view ellipsis) {
    auto size_of = [&](std::string_view s) { return bytes ? s.size() : length(s); };
    if (size_of(text) <= max) return std::string(text);
    std::size_t room = size_of(ellipsis) <= max ? max - size_of(ellipsis) : 0;
    if (room == 0 && size_of(ellipsis) > max) ellipsis = {};
    std::size_t cut;
    if (bytes) {
        cut = boundary_at_or_before(text, room);
    } else {
        std::size_t seen = 0;
        cut = 0;
        while (cut < text.size()) {
            if (!continuation(static_cast<unsigned char>(text[cut]))) {
                if (seen == room) break;
                ++seen;
            }
            ++cut;
        }
    }
    return std::string(text.substr(0, cut)) + std::string(ellipsis);
}

void append(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

std::string to_upper(std::string_view text) {
    return map_latin(text, [](char32_t c) -> char32_t {
        if (c >= 'a' && c <= 'z') return c - 32;
        if (c >= 0xE0 && c <= 0xFE && c != 0xF7) return c - 32;
        return c;
    });
}

std::string to_lower(std::string_view text) {
    return map_latin(text, [](char32_t c) -> char32_t {
        if (c >= 'A' && c <= 'Z') return c + 32;
        if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;
        return c;
    });
}

}  // namespace skarv::custom::rules::utf8
