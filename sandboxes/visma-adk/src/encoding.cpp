// String encoding at the C boundary: Windows-1252 outside, UTF-8 inside, converted by
// the SDK's one conversion (skarv/text_encoding.hpp), the one the Visma connector uses.
// guess visma.windows-1252, docs/guesses.md

#include "internal.hpp"

#include <cstring>

#include <skarv/text_encoding.hpp>

namespace skarv::adk_emu {

std::string from_caller(const char* cp1252) {
    if (!cp1252) return {};
    if (contradicting_guesses()) return cp1252;   // an ADK that speaks UTF-8
    return skarv::text::windows1252_to_utf8(cp1252);
}

std::string to_caller(std::string_view utf8) {
    if (contradicting_guesses()) return std::string(utf8);   // an ADK that speaks UTF-8
    return skarv::text::utf8_to_windows1252(utf8);
}

size_t caller_length(std::string_view utf8) { return skarv::text::utf8_length(utf8); }

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
