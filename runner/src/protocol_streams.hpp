#pragma once
// The runner's end of the pipe: the stdin and stdout it was started with. Platform
// specific (protocol_streams_posix.cpp) because the runner first moves its real stdout
// aside: a plugin that prints with printf must land in the log (stderr), not in the
// middle of a frame.

#include <cstdio>
#include <memory>

#include "skarv/runner/frame.hpp"

namespace skarv::runner {

// Call once, before any plugin is loaded.
std::unique_ptr<ByteChannel> take_protocol_streams();

}  // namespace skarv::runner
