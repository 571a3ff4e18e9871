#pragma once
// ChildProcess: a program started with its stdin and stdout connected to us, for
// skarv-plugin-runner. The platform-specific part of running a plugin out of process
// (child_process_posix.cpp; a Windows twin would use CreateProcess and pipes).

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "skarv/runner/frame.hpp"

namespace skarv::host {

class ChildProcess {
public:
    using Clock = std::chrono::steady_clock;

    // Starts argv[0] (searched on PATH when it has no slash). Throws std::runtime_error
    // naming the program when it cannot be started.
    static std::unique_ptr<ChildProcess> spawn(const std::vector<std::string>& argv);
    virtual ~ChildProcess() = default;   // implementations kill and reap a child still running

    // Frames to and from the child. Reads give up at the deadline (ChannelError timed_out).
    virtual runner::ByteChannel& channel() = 0;
    virtual void set_deadline(Clock::time_point deadline) = 0;
    // Stops the child at once (it may be stuck in plugin code) and reaps it.
    virtual void kill() = 0;
    // Closes our end of the pipe, which tells a healthy child to finish, and waits up to
    // `grace` for it to exit before killing it.
    virtual void close_and_wait(std::chrono::milliseconds grace) = 0;
    // How the child ended, to follow "the runner ": "was killed by signal 11 (SIGSEGV)",
    // "exited with status 70". Waits briefly for it to end; "is still running" otherwise.
    virtual std::string exit_description() = 0;
};

}  // namespace skarv::host
