#include "field_fingerprints.hpp"

#include <sstream>

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/Exception.h>

namespace jetshop {
namespace {

constexpr const char* kHexPrefix = "f1:";      // before issue #14's last row: 16 hex digits a field
constexpr const char* kBase64Prefix = "f2:";
constexpr int kBase64Options = Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING;

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
    std::string bytes;
    bytes.reserve(8 * snapshot.size());
    auto put = [&bytes](uint32_t v) {
        for (int shift = 24; shift >= 0; shift -= 8) bytes.push_back(static_cast<char>((v >> shift) & 0xff));
    };
    for (const auto& [name, value] : snapshot) {
        put(fingerprint_of_name(name));
        put(fingerprint_of_value(value));
    }
    std::ostringstream out;
    out << kBase64Prefix;
    Poco::Base64Encoder encoder(out, kBase64Options);
    encoder.rdbuf()->setLineLength(0);
    encoder.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    encoder.close();
    return out.str();
}

std::optional<FieldFingerprints> read_fingerprints(const std::string& stored) {
    FieldFingerprints out;
    if (stored.rfind(kBase64Prefix, 0) == 0) {
        std::string bytes;
        try {
            std::istringstream in(stored.substr(3));
            Poco::Base64Decoder decoder(in, kBase64Options);
            bytes.assign(std::istreambuf_iterator<char>(decoder), std::istreambuf_iterator<char>());
        } catch (const Poco::Exception&) {
            return std::nullopt;
        }
        if (bytes.size() % 8 != 0) return std::nullopt;
        auto get = [&bytes](std::size_t at) {
            uint32_t v = 0;
            for (std::size_t i = at; i < at + 4; ++i) v = (v << 8) | static_cast<unsigned char>(bytes[i]);
            return v;
        };
        for (std::size_t i = 0; i < bytes.size(); i += 8) out[get(i)] = get(i + 4);
        return out;
    }
    if (stored.rfind(kHexPrefix, 0) == 0) {
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
