#pragma once
// Push -> order in the ERP: orders are made in the Norce emulator at a steady rate (its
// control route; each new order is pushed to skarv at once), and Specter is asked for each
// by the shop's order number until it holds it. The latency is from just before the order
// was made in Norce to the first answer in which Specter held it.

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace skarv::bench {

struct OrderSample {
    std::string ref;             // Norce's ClientOrderRef = Specter's externalOrderNo
    double pushed_at_s = 0;      // since the first order of the run
    double latency_s = -1;       // -1: never reached Specter within the wait
    bool during_pass = false;    // a catalogue pass was running when it was made
    bool total_matches = false;  // Specter's total inc VAT equals Norce's, to the öre
};

struct OrderLoad {
    double per_second = 5;
    double seconds = 30;
    double wait_after_s = 120;   // how long to wait for the last orders to arrive
};

// skus: what the orders buy, one line each, taken in turn.
std::vector<OrderSample> push_orders(const std::string& norce_url, const std::string& specter_url,
                                     const std::vector<std::pair<std::string, int64_t>>& skus, const OrderLoad& load,
                                     const std::function<bool()>& pass_running);

// Nearest-rank percentile (0..100) of the latencies of the samples that `take` keeps and
// that arrived; -1 when none did.
double latency_percentile(const std::vector<OrderSample>& samples, double percent,
                          const std::function<bool(const OrderSample&)>& take);

}  // namespace skarv::bench
