#include "latin1.hpp"

#include <Poco/Latin1Encoding.h>
#include <Poco/TextConverter.h>
#include <Poco/UTF8Encoding.h>

namespace skarv::sandbox::specter {

std::string latin1_to_utf8(std::string_view latin1) {
    Poco::Latin1Encoding from;
    Poco::UTF8Encoding to;
    Poco::TextConverter converter(from, to, '?');
    std::string out;
    converter.convert(latin1.data(), static_cast<int>(latin1.size()), out);
    return out;
}

std::string utf8_to_latin1(std::string_view utf8) {
    Poco::UTF8Encoding from;
    Poco::Latin1Encoding to;
    Poco::TextConverter converter(from, to, '?');
    std::string out;
    converter.convert(utf8.data(), static_cast<int>(utf8.size()), out);
    return out;
}

}  // namespace skarv::sandbox::specter
