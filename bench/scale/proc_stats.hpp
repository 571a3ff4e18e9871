#pragma once
// What the kernel says about the processes of a run: CPU time of a live process from
// /proc/<pid>/stat, the machine's load average, the size of files on disk.

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "child_process.hpp"

namespace skarv::bench {

// utime + stime of a live process (its threads included); throws when it has ended.
CpuTime cpu_of(pid_t pid);

// /proc/loadavg as the kernel writes it: "0.52 0.61 0.70 2/345 6789".
std::string load_average();

// The file's size in bytes, 0 when it does not exist.
uintmax_t file_bytes(const std::filesystem::path& path);

// CPU the given live processes used since the meter was made, one figure each.
class CpuMeter {
public:
    explicit CpuMeter(std::vector<pid_t> pids);
    std::vector<double> used() const;   // seconds since construction, in the order given

private:
    std::vector<pid_t> pids_;
    std::vector<double> start_;
};

}  // namespace skarv::bench
