#pragma once
// A child process the benchmark owns (an emulator, `skarv sync`, `skarv run`): killed and
// reaped when it goes out of scope, and killed by the kernel if the benchmark itself dies
// (PR_SET_PDEATHSIG), so no emulator outlives a failed run.

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace skarv::bench {

// CPU time the kernel charged to a process, user plus system, in seconds.
struct CpuTime {
    double user = 0, system = 0;
    double total() const { return user + system; }
};

class ChildProcess {
public:
    // stdout goes to a pipe (read_line) when pipe_stdout, else to the log; stderr always
    // to the log. argv[0] is a path, not looked up in PATH.
    ChildProcess(const std::vector<std::string>& argv, const std::filesystem::path& log, bool pipe_stdout);
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;
    ~ChildProcess();

    pid_t pid() const { return pid_; }
    const std::string& name() const { return name_; }

    // The next line the child prints on stdout; nullopt when none comes in time or the
    // pipe closes.
    std::optional<std::string> read_line(std::chrono::milliseconds timeout);

    bool running();
    // Waits for the child to end by itself. Its exit code (-1 if a signal ended it) and the
    // CPU it used, from wait4's rusage; nullopt when it took longer than `limit` (then it
    // is killed).
    struct Exit {
        int code = -1;
        CpuTime cpu;
    };
    std::optional<Exit> wait(std::chrono::milliseconds limit);
    // SIGTERM, then SIGKILL after `grace`; reaps it.
    void stop(std::chrono::milliseconds grace = std::chrono::milliseconds(5000));

private:
    bool reap(int options);

    std::string name_;
    pid_t pid_ = -1;
    int out_ = -1;
    std::string buffered_;
    bool exited_ = false;
    Exit exit_;
};

}  // namespace skarv::bench
