#include "field_fingerprints.hpp"

#include <cstdio>

namespace jetshop {
namespace {

constexpr const char* kPrefix = "f1:";

uint32_t fnv1a32(std::string_view bytes) {
    uint32_t h = 2166136261u;
    for (unsigned char c : bytes) {
        h ^= c;
        h *= 16777619u;
    }
    return h;
}

std::optional<uint32_t> hex32(std::string_view text) {
    uint32_t v = 0;
    for (char c : text) {
        v <<= 4;
        if (c >= '0' && c <= '9') v |= static_cast<uint32_t>(c - '0');
        else if (c >= 'a' && c <= 'f') v |= static_cast<uint32_t>(c - 'a' + 10);
        else return std::nullopt;
    }
    return v;
}

}  // namespace

uint32_t fingerprint_of_name(std::string_view name) { return fnv1a32(name); }

uint32_t fingerprint_of_value(const boost::json::value& value) { return fnv1a32(boost::json::serialize(value)); }

std::string stored_fingerprints(const boost::json::object& snapshot) {
    std::string out = kPrefix;
    out.reserve(out.size() + 16 * snapshot.size());
    char field[17];
    for (const auto& [name, value] : snapshot) {
        std::snprintf(field, sizeof field, "%08x%08x", fingerprint_of_name(name), fingerprint_of_value(value));
        out.append(field, 16);
    }
    return out;
}

std::optional<FieldFingerprints> read_fingerprints(const std::string& stored) {
    FieldFingerprints out;
    if (stored.rfind(kPrefix, 0) == 0) {
        const std::string_view fields = std::string_view(stored).substr(3);
        if (fields.size() % 16 != 0) return std::nullopt;
        for (std::size_t i = 0; i < fields.size(); i += 16) {
            auto name = hex32(fields.substr(i, 8)), value = hex32(fields.substr(i + 8, 8));
            if (!name || !value) return std::nullopt;
            out[*name] = *value;
        }
        return out;
    }
    boost::system::error_code ec;
    auto v = boost::json::parse(stored, ec);
    if (ec || !v.is_object()) return std::nullopt;
    for (const auto& [name, value] : v.get_object()) out[fingerprint_of_name(name)] = fingerprint_of_value(value);
    return out;
}

}  // namespace jetshop
