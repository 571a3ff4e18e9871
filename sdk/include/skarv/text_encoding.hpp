#pragma once
// UTF-8 (Skarv's records) to and from the 8-bit code pages ERPs speak: Windows-1252 (the
// ADK's CHAR*, the ANSI code page of a Swedish Windows) and ISO-8859-1 (Specter's wire).
//
// The conversion is a library's, never a table of ours: Poco's TextConverter, and in the
// 32-bit Windows build (windows/; Debian has no MinGW Poco) Windows' own
// MultiByteToWideChar and WideCharToMultiByte, the conversion the ADK itself sits on.
// Both agree on what matters here:
// - a character the code page cannot hold becomes '?' (`replaced`, when given, counts
//   them, so a caller can say so);
// - the five bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) read as
//   the C1 control characters of the same number, as Windows reads them.
// They differ on a character beyond U+FFFF (an emoji): one '?' from Poco, two from
// Windows (one per UTF-16 half); and on malformed UTF-8, which the records' JSON parser
// has already refused.

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>

#ifdef _WIN32
#include <windows.h>
#else
#include <Poco/Latin1Encoding.h>
#include <Poco/TextConverter.h>
#include <Poco/UTF8Encoding.h>
#include <Poco/Windows1252Encoding.h>
#endif

namespace skarv::text {

namespace detail {

#ifdef _WIN32
constexpr unsigned kWindows1252 = 1252;
constexpr unsigned kLatin1 = 28591;

inline std::string convert(std::string_view in, unsigned from, unsigned to) {
    if (in.empty()) return {};
    const int wide_size = ::MultiByteToWideChar(from, 0, in.data(), static_cast<int>(in.size()), nullptr, 0);
    std::wstring wide(static_cast<std::size_t>(wide_size), L'\0');
    ::MultiByteToWideChar(from, 0, in.data(), static_cast<int>(in.size()), wide.data(), wide_size);
    // No "best fit" (Ł as L): what cannot be kept shows as '?'. UTF-8 takes no default character.
    const DWORD flags = to == CP_UTF8 ? 0 : WC_NO_BEST_FIT_CHARS;
    const char* fallback = to == CP_UTF8 ? nullptr : "?";
    const int size = ::WideCharToMultiByte(to, flags, wide.data(), wide_size, nullptr, 0, fallback, nullptr);
    std::string out(static_cast<std::size_t>(size), '\0');
    ::WideCharToMultiByte(to, flags, wide.data(), wide_size, out.data(), size, fallback, nullptr);
    return out;
}

inline std::string from_utf8(std::string_view utf8, unsigned code_page) { return convert(utf8, CP_UTF8, code_page); }
inline std::string to_utf8(std::string_view bytes, unsigned code_page) { return convert(bytes, code_page, CP_UTF8); }
#else
inline std::string convert(std::string_view in, const Poco::TextEncoding& from, const Poco::TextEncoding& to) {
    Poco::TextConverter converter(from, to, '?');
    std::string out;
    converter.convert(in.data(), static_cast<int>(in.size()), out);
    return out;
}

template <class Encoding>
std::string from_utf8(std::string_view utf8) {
    return convert(utf8, Poco::UTF8Encoding(), Encoding());
}
template <class Encoding>
std::string to_utf8(std::string_view bytes) {
    return convert(bytes, Encoding(), Poco::UTF8Encoding());
}
#endif

// '?' is ASCII and one byte in both encodings, so the ones added are the characters lost.
inline std::string counted(std::string out, std::string_view in, int* replaced) {
    if (replaced)
        *replaced = static_cast<int>(std::count(out.begin(), out.end(), '?') - std::count(in.begin(), in.end(), '?'));
    return out;
}

}  // namespace detail

inline std::string utf8_to_windows1252(std::string_view utf8, int* replaced = nullptr) {
#ifdef _WIN32
    return detail::counted(detail::from_utf8(utf8, detail::kWindows1252), utf8, replaced);
#else
    return detail::counted(detail::from_utf8<Poco::Windows1252Encoding>(utf8), utf8, replaced);
#endif
}

inline std::string windows1252_to_utf8(std::string_view bytes) {
#ifdef _WIN32
    return detail::to_utf8(bytes, detail::kWindows1252);
#else
    return detail::to_utf8<Poco::Windows1252Encoding>(bytes);
#endif
}

inline std::string utf8_to_latin1(std::string_view utf8, int* replaced = nullptr) {
#ifdef _WIN32
    return detail::counted(detail::from_utf8(utf8, detail::kLatin1), utf8, replaced);
#else
    return detail::counted(detail::from_utf8<Poco::Latin1Encoding>(utf8), utf8, replaced);
#endif
}

inline std::string latin1_to_utf8(std::string_view bytes) {
#ifdef _WIN32
    return detail::to_utf8(bytes, detail::kLatin1);
#else
    return detail::to_utf8<Poco::Latin1Encoding>(bytes);
#endif
}

// Length in characters (code points), as the ADK counts a field's length: every byte
// that does not continue a UTF-8 sequence starts a character.
inline std::size_t utf8_length(std::string_view utf8) {
    return static_cast<std::size_t>(
        std::count_if(utf8.begin(), utf8.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// At most `n` characters of `utf8`, never cut inside one.
inline std::string utf8_prefix(std::string_view utf8, std::size_t n) {
    std::size_t end = 0;
    for (std::size_t chars = 0; end < utf8.size(); ++end) {
        if ((static_cast<unsigned char>(utf8[end]) & 0xC0) != 0x80 && chars++ == n) break;
    }
    return std::string(utf8.substr(0, end));
}

}  // namespace skarv::text
