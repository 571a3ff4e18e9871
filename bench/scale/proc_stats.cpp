#include "proc_stats.hpp"

#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace skarv::bench {

CpuTime cpu_of(pid_t pid) {
    const std::string path = "/proc/" + std::to_string(pid) + "/stat";
    std::ifstream in(path);
    std::string line;
    if (!std::getline(in, line)) throw std::runtime_error("cannot read " + path + " (has the process ended?)");
    // The command name (field 2) is in parentheses and may hold spaces: fields are counted
    // from the last ')'. utime and stime are fields 14 and 15 (proc(5)).
    const auto close = line.rfind(')');
    if (close == std::string::npos) throw std::runtime_error("unexpected format of " + path);
    std::istringstream fields(line.substr(close + 2));
    std::string field;
    unsigned long long utime = 0, stime = 0;
    for (int n = 3; n <= 15 && fields >> field; ++n) {
        if (n == 14) utime = std::stoull(field);
        if (n == 15) stime = std::stoull(field);
    }
    const double tick = static_cast<double>(::sysconf(_SC_CLK_TCK));
    return {static_cast<double>(utime) / tick, static_cast<double>(stime) / tick};
}

std::string load_average() {
    std::ifstream in("/proc/loadavg");
    std::string line;
    std::getline(in, line);
    return line;
}

uintmax_t file_bytes(const std::filesystem::path& path) {
    std::error_code ec;
    const auto n = std::filesystem::file_size(path, ec);
    return ec ? 0 : n;
}

CpuMeter::CpuMeter(std::vector<pid_t> pids) : pids_(std::move(pids)) {
    for (pid_t p : pids_) start_.push_back(cpu_of(p).total());
}

std::vector<double> CpuMeter::used() const {
    std::vector<double> out;
    for (size_t i = 0; i < pids_.size(); ++i) out.push_back(cpu_of(pids_[i]).total() - start_[i]);
    return out;
}

}  // namespace skarv::bench
