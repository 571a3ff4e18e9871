#pragma once
// UTF-8 text as ERPs need it: cut to a length without splitting a character (a cut
// "å" is an invalid byte that some ERPs refuse the whole order for), and case changes
// that know Swedish letters.

#include <cstddef>
#include <string>
#include <string_view>

namespace skarv::custom::rules::utf8 {

std::size_t length(std::string_view text);   // in code points
// At most `max` code points (or bytes, when `bytes`), never splitting a character;
// when it cuts, `ellipsis` is put at the end within the limit.
std::string truncate(std::string_view text, std::size_t max, bool bytes, std::string_view ellipsis);
// ASCII and Latin-1 letters (å ä ö é ü ...); other characters are left as they are.
std::string to_upper(std::string_view text);
std::string to_lower(std::string_view text);
// Appends code point `cp` encoded as UTF-8.
void append(std::string& out, char32_t cp);

}  // namespace skarv::custom::rules::utf8
