#pragma once
// What one run of scale_bench measured, kept apart from how it is measured
// (scale_bench.cpp) and how it is shown (report.cpp).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bench_stack.hpp"
#include "order_latency.hpp"

namespace skarv::bench {

// One catalogue size: the initial sync entity by entity, then the 1 % delta.
struct SizeResult {
    int skus = 0;
    int products = 0;
    double seed_wall_s = 0;            // both emulators generating and loading the seed
    std::vector<SyncRun> initial;      // products, prices, stock, in that order
    // `skarv sync --entity products` with nothing to read, right after the initial one:
    // what a products pass costs before its first record (start-up, plugins, the feed).
    std::optional<SyncRun> empty_products;
    uintmax_t state_bytes = 0, wal_bytes = 0;   // after the initial sync
    int changed = 0;                   // articles changed in Specter for the delta
    std::optional<SyncRun> delta;      // every entity, not --initial
};

// Orders pushed at a steady rate into the running service.
struct LatencyResult {
    std::string label;
    std::vector<OrderSample> samples;
    double wall_s = 0;
    double skarv_cpu_s = 0, norce_cpu_s = 0, specter_cpu_s = 0;
    // With a catalogue pass: its size, how long from the trigger until its report ended,
    // and its counts; the price change that made every product dirty, and its time.
    int pass_skus = 0;
    double pass_wall_s = -1;
    std::map<std::string, int64_t> pass_counts;
    double dirty_wall_s = 0;
};

struct ScaleResults {
    std::string started_utc, ended_utc;
    std::string load_start, load_end;
    std::string machine;               // CPU model and count
    int variants = 0;
    int job_poll_ms = 0;
    uint64_t seed = 0;
    OrderLoad load;
    std::vector<SizeResult> sizes;
    std::vector<LatencyResult> latency;
    std::vector<std::string> failures;   // what went wrong, said in the report rather than hidden
};

// The whole report as Markdown (printed, and written by --markdown).
std::string markdown_report(const ScaleResults& r);

}  // namespace skarv::bench
