#include "protocol_streams.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace skarv::runner {
namespace {

class FdChannel : public ByteChannel {
public:
    FdChannel(int in, int out) : in_(in), out_(out) {}

    void write_all(const char* data, std::size_t size) override {
        while (size > 0) {
            auto n = ::write(out_, data, size);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) throw ChannelError(ChannelError::Kind::closed, std::string("host pipe: ") + std::strerror(errno));
            data += n;
            size -= static_cast<std::size_t>(n);
        }
    }

    void read_exact(char* data, std::size_t size) override {
        while (size > 0) {
            auto n = ::read(in_, data, size);
            if (n < 0 && errno == EINTR) continue;
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
    int protocol_out = ::dup(STDOUT_FILENO);
    if (protocol_out < 0) return nullptr;
    ::dup2(STDERR_FILENO, STDOUT_FILENO);
    return std::make_unique<FdChannel>(STDIN_FILENO, protocol_out);
}

}  // namespace skarv::runner
