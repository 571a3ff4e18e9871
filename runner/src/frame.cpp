#include "skarv/runner/frame.hpp"

namespace skarv::runner {
namespace {

void put_u32(char* out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out[i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}

std::uint32_t get_u32(const char* in) {
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= static_cast<std::uint32_t>(static_cast<unsigned char>(in[i])) << (8 * i);
    return v;
}

}  // namespace

std::string Frame::type() const {
    auto* t = header.if_contains("t");
    return t && t->is_string() ? std::string(t->get_string()) : std::string();
}

void write_frame(ByteChannel& channel, const boost::json::object& header, std::string_view payload) {
    auto text = boost::json::serialize(header);
    if (payload.size() > kMaxPayloadBytes) throw ChannelError(ChannelError::Kind::io, "frame payload too large");
    // One write for the whole frame: two processes never interleave, and a small frame
    // costs one system call.
    std::string frame(8, '\0');
    put_u32(frame.data(), static_cast<std::uint32_t>(text.size()));
    put_u32(frame.data() + 4, static_cast<std::uint32_t>(payload.size()));
    frame.reserve(8 + text.size() + payload.size());
    frame += text;
    frame.append(payload.data(), payload.size());
    channel.write_all(frame.data(), frame.size());
}

Frame read_frame(ByteChannel& channel) {
    char sizes[8];
    channel.read_exact(sizes, sizeof sizes);
    auto header_size = get_u32(sizes);
    auto payload_size = get_u32(sizes + 4);
    if (header_size == 0 || header_size > kMaxHeaderBytes || payload_size > kMaxPayloadBytes)
        throw ChannelError(ChannelError::Kind::garbage, "a frame announced " + std::to_string(header_size) +
                                                            " header bytes and " + std::to_string(payload_size) +
                                                            " payload bytes (not the runner protocol)");
    std::string header(header_size, '\0');
    channel.read_exact(header.data(), header.size());
    Frame frame;
    frame.payload.resize(payload_size);
    if (payload_size) channel.read_exact(frame.payload.data(), payload_size);
    boost::system::error_code ec;
    auto parsed = boost::json::parse(header, ec);
    if (ec || !parsed.is_object())
        throw ChannelError(ChannelError::Kind::garbage, "a frame header is not a JSON object");
    frame.header = std::move(parsed.get_object());
    return frame;
}

}  // namespace skarv::runner
