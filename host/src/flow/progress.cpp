#include "skarv/host/flow/progress.hpp"

#include <cstdio>

namespace skarv::host {

std::string format_progress(const Progress& p, int bar_width) {
    std::string line = p.connection + "/" + p.entity + "  " + std::to_string(p.done);
    double rate = p.elapsed_ms > 0 ? static_cast<double>(p.done) * 1000.0 / static_cast<double>(p.elapsed_ms) : 0.0;
    if (p.total && *p.total > 0) {
        line += "/" + std::to_string(*p.total) + "  [";
        int filled = static_cast<int>(static_cast<double>(bar_width) * static_cast<double>(std::min(p.done, *p.total)) /
                                      static_cast<double>(*p.total));
        line += std::string(static_cast<std::size_t>(filled), '#') + std::string(static_cast<std::size_t>(bar_width - filled), '.');
        line += "]";
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, "  %.0f/s", rate);
    line += buf;
    if (p.total && rate > 0 && *p.total > p.done) {
        auto seconds = static_cast<int64_t>(static_cast<double>(*p.total - p.done) / rate + 0.5);
        std::snprintf(buf, sizeof buf, "  ETA %lld:%02lld", static_cast<long long>(seconds / 60), static_cast<long long>(seconds % 60));
        line += buf;
    }
    return line;
}

}  // namespace skarv::host
