#pragma once
// RetryPolicy: when to try a failed record again. Capped exponential backoff with full
// jitter (so a hundred failed orders do not hammer a recovering ERP in step), never
// sooner than the remote's Retry-After, and a dead letter after max_attempts.

#include <cstdint>
#include <optional>
#include <random>

namespace skarv::host {

struct RetryPolicy {
    int max_attempts = 5;
    int64_t base_delay_ms = 2000;
    int64_t max_delay_ms = 10 * 60 * 1000;

    // Delay before attempt number `attempts + 1`, given `attempts` already failed.
    int64_t delay_ms(int attempts, std::optional<int64_t> retry_after_ms, std::mt19937_64& rng) const {
        int shift = attempts < 1 ? 0 : (attempts > 30 ? 30 : attempts - 1);
        int64_t cap = base_delay_ms << shift;
        if (cap > max_delay_ms || cap <= 0) cap = max_delay_ms;
        std::uniform_int_distribution<int64_t> jitter(cap / 2, cap);
        int64_t delay = jitter(rng);
        if (retry_after_ms && *retry_after_ms > delay) delay = *retry_after_ms;
        return delay;
    }
    bool exhausted(int attempts) const { return attempts >= max_attempts; }
};

}  // namespace skarv::host
