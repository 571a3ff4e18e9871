#pragma once
// The pipe protocol between the host and skarv-plugin-runner: a stream of frames, each a
// small JSON header (what the message is) and a raw payload (the plugin's bytes, passed
// through untouched, so a reply that is not UTF-8 or not JSON arrives as the plugin wrote
// it and the host judges it exactly as it would in process).
//
//   u32 little-endian header size | u32 little-endian payload size | header | payload
//
// Both sizes are bounded, so a peer that writes garbage is caught at the first frame
// instead of making the reader allocate gigabytes. See runner/README.md for the messages.

#include <cstdint>
#include <stdexcept>
#include <string>

#include <boost/json.hpp>

namespace skarv::runner {

constexpr std::uint32_t kMaxHeaderBytes = 1u << 20;     // headers are a few fields
constexpr std::uint32_t kMaxPayloadBytes = 1u << 30;    // a batch of records, a state value

struct Frame {
    boost::json::object header;
    std::string payload;

    // header["t"]: the message's type, "" when absent.
    std::string type() const;
};

// Where frames are read from and written to: the runner's stdin/stdout, or the host's
// ends of the child's pipes (with a deadline). Implementations are per platform.
class ByteChannel {
public:
    virtual ~ByteChannel() = default;
    // Throws ChannelError when the peer is gone or the bytes cannot be written.
    virtual void write_all(const char* data, std::size_t size) = 0;
    // Fills `data` completely; throws ChannelError on end of stream, error or time out.
    virtual void read_exact(char* data, std::size_t size) = 0;
};

class ChannelError : public std::runtime_error {
public:
    enum class Kind { closed, timed_out, io, garbage };
    ChannelError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
    Kind kind() const { return kind_; }

private:
    Kind kind_;
};

void write_frame(ByteChannel& channel, const boost::json::object& header, std::string_view payload = {});
// Throws ChannelError (kind garbage) for an oversized or unreadable header.
Frame read_frame(ByteChannel& channel);

}  // namespace skarv::runner
