#pragma once
// UTF-8 (Skarv's records) <-> Windows-1252 (the ADK's CHAR*: the ANSI code page of a
// Swedish Windows). A small table, not a library: only the 32 bytes 0x80-0x9F differ
// from Latin-1.
// guess visma.windows-1252, docs/guesses.md

#include <string>
#include <string_view>

namespace visma {

// Characters Windows-1252 cannot hold become '?'; `replaced` (if given) counts them so
// the caller can say so in a log line.
std::string utf8_to_cp1252(std::string_view utf8, int* replaced = nullptr);
std::string cp1252_to_utf8(std::string_view cp1252);
// Length in characters, as the ADK counts field lengths.
std::size_t utf8_length(std::string_view utf8);
// At most `n` characters of `utf8`, cut on a character boundary.
std::string utf8_prefix(std::string_view utf8, std::size_t n);

}  // namespace visma
