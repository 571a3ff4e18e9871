#include "form_params.hpp"

#include <skarv/text_encoding.hpp>

namespace skarv::sandbox::specter {

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string url_decode(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == '+') {
            out += ' ';
        } else if (c == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

}  // namespace

Params Params::from_request(const HttpRequest& request) {
    Params p;
    p.add_urlencoded(request.raw_query);
    // Real clients post form bodies (curl CURLOPT_POSTFIELDS) whatever Content-Type they
    // claim, so any body that is not XML/JSON is read as a form.
    if (!request.body.empty() && request.body.front() != '<' && request.body.front() != '{')
        p.add_urlencoded(request.body);
    return p;
}

void Params::add_urlencoded(std::string_view encoded) {
    while (!encoded.empty()) {
        auto amp = encoded.find('&');
        std::string_view pair = encoded.substr(0, amp);
        encoded = amp == std::string_view::npos ? std::string_view{} : encoded.substr(amp + 1);
        while (!pair.empty() && (pair.back() == '\r' || pair.back() == '\n')) pair.remove_suffix(1);
        if (pair.empty()) continue;
        auto eq = pair.find('=');
        std::string name = url_decode(pair.substr(0, eq));
        std::string value = eq == std::string_view::npos ? std::string{} : url_decode(pair.substr(eq + 1));
        std::string key = lower(name);
        values_.emplace(std::move(key), Entry{std::move(name), std::move(value)});
    }
}

bool Params::has(std::string_view name) const { return values_.count(lower(name)) > 0; }

std::optional<std::string> Params::raw(std::string_view name) const {
    auto it = values_.find(lower(name));
    if (it == values_.end()) return std::nullopt;
    return it->second.value;
}

std::string Params::text(std::string_view name, const std::string& fallback) const {
    auto it = values_.find(lower(name));
    return it == values_.end() ? fallback : skarv::text::latin1_to_utf8(it->second.value);
}

bool Params::flag(std::string_view name) const {
    auto v = lower(text(name));
    return v == "1" || v == "true";
}

std::map<std::string, std::string> Params::all_text() const {
    std::map<std::string, std::string> out;
    for (const auto& [k, e] : values_) out.emplace(skarv::text::latin1_to_utf8(e.name), skarv::text::latin1_to_utf8(e.value));
    return out;
}

}  // namespace skarv::sandbox::specter
