#include "skarv/host/loader/child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace skarv::host {
namespace {

using runner::ChannelError;

// A socket pair rather than two pipes: send() with MSG_NOSIGNAL reports a dead child as
// an error instead of raising SIGPIPE in the host, whatever its signal disposition.
class PosixChild : public ChildProcess, public runner::ByteChannel {
public:
    PosixChild(pid_t pid, int fd) : pid_(pid), fd_(fd) {}
    ~PosixChild() override {
        kill();
        ::close(fd_);
    }

    runner::ByteChannel& channel() override { return *this; }
    void set_deadline(Clock::time_point deadline) override { deadline_ = deadline; }

    void write_all(const char* data, std::size_t size) override {
        while (size > 0) {
            auto n = ::send(fd_, data, size, MSG_NOSIGNAL);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) throw ChannelError(ChannelError::Kind::closed, std::string("runner pipe: ") + strerror(errno));
            data += n;
            size -= static_cast<std::size_t>(n);
        }
    }

    void read_exact(char* data, std::size_t size) override {
        while (size > 0) {
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - Clock::now()).count();
            if (left <= 0) throw ChannelError(ChannelError::Kind::timed_out, "no answer in time");
            pollfd p{fd_, POLLIN, 0};
            int ready = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 1 << 30)));
            if (ready < 0 && errno == EINTR) continue;
            if (ready < 0) throw ChannelError(ChannelError::Kind::io, std::string("runner pipe: ") + strerror(errno));
            if (ready == 0) continue;   // the loop's check reports the time out
            auto n = ::recv(fd_, data, size, 0);
            if (n < 0 && errno == EINTR) continue;
            // A child that exits with our request unread resets the connection: it ended all the same.
            if (n == 0 || (n < 0 && errno == ECONNRESET))
                throw ChannelError(ChannelError::Kind::closed, "the runner closed the pipe");
            if (n < 0) throw ChannelError(ChannelError::Kind::io, std::string("runner pipe: ") + strerror(errno));
            data += n;
            size -= static_cast<std::size_t>(n);
        }
    }

    void kill() override {
        if (reaped_) return;
        ::kill(pid_, SIGKILL);
        reap(true);
    }

    void close_and_wait(std::chrono::milliseconds grace) override {
        ::shutdown(fd_, SHUT_WR);
        auto until = Clock::now() + grace;
        while (!reaped_ && Clock::now() < until) {
            reap(false);
            if (!reaped_) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        kill();
    }

    std::string exit_description() override {
        // The child closed its end while dying; its exit status follows within moments.
        auto until = Clock::now() + std::chrono::seconds(2);
        while (!reaped_ && Clock::now() < until) {
            reap(false);
            if (!reaped_) std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        if (!reaped_) return "is still running";
        if (WIFSIGNALED(status_)) {
            int sig = WTERMSIG(status_);
            const char* abbrev = sigabbrev_np(sig);
            return "was killed by signal " + std::to_string(sig) + (abbrev ? std::string(" (SIG") + abbrev + ")" : "");
        }
        if (WIFEXITED(status_)) return "exited with status " + std::to_string(WEXITSTATUS(status_));
        return "ended";
    }

private:
    void reap(bool block) {
        if (reaped_) return;
        for (;;) {
            pid_t r = ::waitpid(pid_, &status_, block ? 0 : WNOHANG);
            if (r < 0 && errno == EINTR) continue;
            if (r == pid_ || (r < 0 && errno == ECHILD)) reaped_ = true;
            return;
        }
    }

    pid_t pid_;
    int fd_;
    int status_ = 0;
    bool reaped_ = false;
    Clock::time_point deadline_ = Clock::now() + std::chrono::seconds(30);
};

}  // namespace

std::unique_ptr<ChildProcess> ChildProcess::spawn(const std::vector<std::string>& argv) {
    if (argv.empty()) throw std::runtime_error("no runner command");
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
        throw std::runtime_error(std::string("cannot make a pipe for the runner: ") + strerror(errno));
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    // The child's end becomes its stdin and stdout; dup2 clears close-on-exec on the copies.
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = 0;
    int rc = ::posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    if (rc != 0) {
        ::close(fds[0]);
        throw std::runtime_error("cannot start " + argv[0] + ": " + strerror(rc));
    }
    return std::make_unique<PosixChild>(pid, fds[0]);
}

}  // namespace skarv::host
