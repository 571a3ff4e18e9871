#pragma once
// Orders for many merchants: made in the merchants' Norce emulators in turn (merchant
// i % N + 1 for the i-th), each pushed by Norce to a worker at once, and looked up in that
// merchant's Specter by the shop's order number until it is there. The latency is from
// just before the order was made in Norce to the first answer in which Specter held it.

#include <cstdint>
#include <string>
#include <vector>

#include "merchant_cluster.hpp"

namespace skarv::bench {

struct ClusterSample {
    int merchant = 0;
    std::string ref;             // Norce's ClientOrderRef = Specter's externalOrderNo
    double made_at_s = 0;        // since the first order
    double arrived_at_s = -1;    // since the first order; -1: never within the wait
    int64_t norce_total = 0;     // öre
    bool total_matches = false;  // Specter's total inc VAT equals Norce's
    double latency_s() const { return arrived_at_s < 0 ? -1 : arrived_at_s - made_at_s; }
};

struct ClusterLoad {
    int orders = 600;
    double per_second = 20;      // 0: as fast as one client makes them (a burst)
    double wait_after_s = 120;   // how long to wait for the last ones
    int first_merchant = 1;      // where the turn starts
};

std::vector<ClusterSample> run_cluster_orders(MerchantCluster& cluster, const ClusterLoad& load);

// Nearest-rank percentile (0..100) of the latencies of the orders that arrived; -1 if none.
double percentile(const std::vector<ClusterSample>& samples, double percent);

}  // namespace skarv::bench
