#pragma once
// Progress of a long pass (an initial sync of a big catalogue): records so far, the
// rate, and an ETA when the source said how many there are ("total" in a read answer).

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace skarv::host {

struct Progress {
    std::string connection, entity;
    int64_t done = 0;
    std::optional<int64_t> total;
    int64_t elapsed_ms = 0;
};

using ProgressFunction = std::function<void(const Progress&)>;

// "main/products  1200/5000  [#####...............]  400/s  ETA 0:09"
std::string format_progress(const Progress& p, int bar_width = 20);

}  // namespace skarv::host
