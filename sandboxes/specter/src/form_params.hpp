#pragma once
// The parameters of one Specter call: the query string and, for POST, the
// x-www-form-urlencoded body. Names are matched case-insensitively because the real
// clients spell them several ways (Action/action, useXML/useXml/usexml). Values stay
// the Latin-1 bytes of the wire until asked for as UTF-8: the key is computed over
// those bytes.

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "skarv/sandbox/http_emulator.hpp"

namespace skarv::sandbox::specter {

class Params {
public:
    static Params from_request(const HttpRequest& request);
    // Decodes one urlencoded string ('+' is a space); the first value of a name wins.
    void add_urlencoded(std::string_view encoded);

    bool has(std::string_view name) const;
    // Latin-1 bytes as received.
    std::optional<std::string> raw(std::string_view name) const;
    // UTF-8 text, or fallback when absent.
    std::string text(std::string_view name, const std::string& fallback = "") const;
    // "1" or "true".
    bool flag(std::string_view name) const;
    // Every parameter, name as first spelled -> UTF-8 value.
    std::map<std::string, std::string> all_text() const;

private:
    struct Entry {
        std::string name;    // as spelled on the wire
        std::string value;   // Latin-1 bytes
    };
    std::map<std::string, Entry> values_;   // keyed by lower-cased name
};

std::string lower(std::string_view s);

}  // namespace skarv::sandbox::specter
