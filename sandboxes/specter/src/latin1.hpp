#pragma once
// Specter speaks ISO-8859-1 on the wire; everything inside the emulator is UTF-8.

#include <string>
#include <string_view>

namespace skarv::sandbox::specter {

std::string latin1_to_utf8(std::string_view latin1);
// Characters Latin-1 cannot hold become '?', as a Latin-1 web form would send them.
std::string utf8_to_latin1(std::string_view utf8);

}  // namespace skarv::sandbox::specter
