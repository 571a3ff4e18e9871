#include "child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <thread>

namespace skarv::bench {

namespace {

using Clock = std::chrono::steady_clock;

double seconds(const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; }

}  // namespace

ChildProcess::ChildProcess(const std::vector<std::string>& argv, const std::filesystem::path& log, bool pipe_stdout)
    : name_(std::filesystem::path(argv.at(0)).filename().string() + (argv.size() > 1 ? " " + argv[1] : "")) {
    // Everything the child needs is made before fork: only async-signal-safe calls after it.
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    const std::string log_path = log.empty() ? "/dev/null" : log.string();
    int fds[2] = {-1, -1};
    // Close-on-exec: a later child must not hold this pipe open.
    if (pipe_stdout && ::pipe2(fds, O_CLOEXEC) != 0)
        throw std::runtime_error(std::string("pipe for ") + name_ + ": " + std::strerror(errno));
    const pid_t parent = ::getpid();
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error(std::string("fork for ") + name_ + ": " + std::strerror(errno));
    if (pid_ == 0) {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent) ::_exit(126);   // the benchmark died before prctl
        const int logfd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
        if (pipe_stdout) {
            ::dup2(fds[1], STDOUT_FILENO);
        } else if (logfd >= 0) {
            ::dup2(logfd, STDOUT_FILENO);
        }
        if (logfd >= 0) ::dup2(logfd, STDERR_FILENO);
        ::execv(args[0], args.data());
        ::_exit(127);
    }
    if (pipe_stdout) {
        ::close(fds[1]);
        out_ = fds[0];
    }
}

ChildProcess::~ChildProcess() {
    if (!exited_) {
        ::kill(pid_, SIGKILL);
        reap(0);
    }
    if (out_ >= 0) ::close(out_);
}

std::optional<std::string> ChildProcess::read_line(std::chrono::milliseconds timeout) {
    const auto until = Clock::now() + timeout;
    for (;;) {
        if (auto nl = buffered_.find('\n'); nl != std::string::npos) {
            std::string line = buffered_.substr(0, nl);
            buffered_.erase(0, nl + 1);
            return line;
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count();
        if (out_ < 0 || left <= 0) return std::nullopt;
        pollfd p{out_, POLLIN, 0};
        const int ready = ::poll(&p, 1, static_cast<int>(left));
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0) return std::nullopt;
        char chunk[512];
        const ssize_t n = ::read(out_, chunk, sizeof chunk);
        if (n <= 0) return std::nullopt;
        buffered_.append(chunk, static_cast<size_t>(n));
    }
}

bool ChildProcess::reap(int options) {
    int status = 0;
    rusage usage{};
    const pid_t got = ::wait4(pid_, &status, options, &usage);
    if (got != pid_) return false;
    exited_ = true;
    exit_.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    exit_.cpu = {seconds(usage.ru_utime), seconds(usage.ru_stime)};
    return true;
}

bool ChildProcess::running() {
    if (!exited_) reap(WNOHANG);
    return !exited_;
}

std::optional<ChildProcess::Exit> ChildProcess::wait(std::chrono::milliseconds limit) {
    const auto until = Clock::now() + limit;
    while (running()) {
        if (Clock::now() >= until) {
            ::kill(pid_, SIGKILL);
            reap(0);
            return std::nullopt;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return exit_;
}

void ChildProcess::stop(std::chrono::milliseconds grace) {
    if (!running()) return;
    ::kill(pid_, SIGTERM);
    const auto until = Clock::now() + grace;
    while (running() && Clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (running()) {
        ::kill(pid_, SIGKILL);
        reap(0);
    }
}

}  // namespace skarv::bench
