#include "protocol_streams.hpp"

#include <fcntl.h>
#include <io.h>

#include <cerrno>
#include <climits>
#include <cstring>

namespace skarv::runner {
namespace {

// The C runtime's descriptors over the standard handles, in binary mode: in text mode
// Windows would turn every 0x0A of a frame into 0x0D 0x0A and stop reading at 0x1A.
class CrtChannel : public ByteChannel {
public:
    CrtChannel(int in, int out) : in_(in), out_(out) {}

    void write_all(const char* data, std::size_t size) override {
        while (size > 0) {
            const unsigned chunk = size > INT_MAX ? INT_MAX : static_cast<unsigned>(size);
            const int n = ::_write(out_, data, chunk);
            if (n <= 0) throw ChannelError(ChannelError::Kind::closed, std::string("host pipe: ") + std::strerror(errno));
            data += n;
            size -= static_cast<std::size_t>(n);
        }
    }

    void read_exact(char* data, std::size_t size) override {
        while (size > 0) {
            const unsigned chunk = size > INT_MAX ? INT_MAX : static_cast<unsigned>(size);
            const int n = ::_read(in_, data, chunk);
            if (n == 0) throw ChannelError(ChannelError::Kind::closed, "the host closed the pipe");
            if (n < 0) throw ChannelError(ChannelError::Kind::io, std::string("host pipe: ") + std::strerror(errno));
            data += n;
            size -= static_cast<std::size_t>(n);
        }
    }

private:
    int in_;
    int out_;
};

}  // namespace

std::unique_ptr<ByteChannel> take_protocol_streams() {
    ::_setmode(0, _O_BINARY);
    const int protocol_out = ::_dup(1);
    if (protocol_out < 0) return nullptr;
    ::_setmode(protocol_out, _O_BINARY);
    ::_dup2(2, 1);   // what the plugin prints goes to the log (stderr), not into a frame
    return std::make_unique<CrtChannel>(0, protocol_out);
}

}  // namespace skarv::runner
