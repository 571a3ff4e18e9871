#include "order_latency.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>

#include <boost/json.hpp>
#include <Poco/URI.h>

#include "http_client.hpp"

namespace skarv::bench {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

namespace {

// Norce writes amounts as numbers in the currency unit (199.2); Specter's look-up in öre.
int64_t ore(const json::value& v) {
    if (v.is_double()) return std::llround(v.get_double() * 100.0);
    return v.to_number<int64_t>() * 100;
}

struct Pending {
    size_t index;
    Clock::time_point made;
    int64_t norce_total;
};

}  // namespace

std::vector<OrderSample> push_orders(const std::string& norce_url, const std::string& specter_url,
                                     const std::vector<std::pair<std::string, int64_t>>& skus, const OrderLoad& load,
                                     const std::function<bool()>& pass_running) {
    if (skus.empty()) throw std::invalid_argument("no SKU to order");
    const int count = std::max(1, static_cast<int>(std::lround(load.per_second * load.seconds)));
    std::vector<OrderSample> samples(static_cast<size_t>(count));
    std::mutex mu;
    std::vector<Pending> pending;
    std::atomic<bool> pushing_done{false};
    std::exception_ptr poll_error;   // read only after join
    std::atomic<bool> poll_failed{false};

    // Asks Specter for the orders still on its way. Orders mostly arrive in the order they
    // were made, so every 10 ms it asks for the oldest ones until one is missing; a sweep of
    // all of them, for any that overtook, comes at most 200 questions a second. The polling
    // then costs the emulator little CPU beside what skarv asks of it, at the price of up to
    // (pending / 200) s of extra latency for an order that overtook an older one.
    std::thread poller([&] {
        try {
            HttpClient specter(specter_url);
            Clock::time_point give_up = Clock::time_point::max();
            Clock::time_point next_sweep = Clock::now();
            for (;;) {
                std::vector<Pending> round;
                {
                    std::lock_guard lock(mu);
                    round = pending;
                }
                if (round.empty() && pushing_done) return;
                if (pushing_done && give_up == Clock::time_point::max())
                    give_up = Clock::now() + std::chrono::milliseconds(static_cast<int64_t>(load.wait_after_s * 1000));
                if (Clock::now() > give_up) return;   // what is left never arrived: latency stays -1
                const bool sweep = Clock::now() >= next_sweep;
                if (sweep) next_sweep = Clock::now() + std::chrono::milliseconds(10 + 5 * static_cast<int64_t>(round.size()));
                for (const auto& p : round) {
                    auto& s = samples[p.index];
                    auto answer = specter.request("GET", "/_control/order?externalOrderNo=" + s.ref);
                    const auto seen = Clock::now();
                    if (answer.status == 404) {
                        if (sweep) continue;
                        break;
                    }
                    if (answer.status != 200)
                        throw std::runtime_error("Specter's order look-up answered " + std::to_string(answer.status) +
                                                 ": " + answer.body);
                    const auto found = answer.json();
                    std::lock_guard lock(mu);
                    s.latency_s = std::chrono::duration<double>(seen - p.made).count();
                    s.total_matches = found.at("totalIncVat").to_number<int64_t>() == p.norce_total;
                    std::erase_if(pending, [&](const Pending& q) { return q.index == p.index; });
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
            }
        } catch (...) {
            poll_error = std::current_exception();
            poll_failed = true;
        }
    });

    std::exception_ptr push_error;
    try {
        HttpClient norce(norce_url);
        const auto first = Clock::now();
        const auto period = std::chrono::duration<double>(1.0 / load.per_second);
        for (int i = 0; i < count && !poll_failed; ++i) {
            const auto due = first + std::chrono::duration_cast<Clock::duration>(period * i);
            std::this_thread::sleep_until(due);
            const auto& [sku, price] = skus[static_cast<size_t>(i) * 7919 % skus.size()];
            const bool during = pass_running();
            const auto made = Clock::now();
            const auto order = norce.post_json(
                "/_control/orders", json::object{{"Items", json::array{json::object{{"PartNo", sku}, {"Quantity", 1}}}}});
            auto& s = samples[static_cast<size_t>(i)];
            std::lock_guard lock(mu);
            s.ref = std::string(order.at("ClientOrderRef").as_string());
            s.pushed_at_s = std::chrono::duration<double>(made - first).count();
            s.during_pass = during;
            pending.push_back({static_cast<size_t>(i), made, ore(order.at("TotalIncVat"))});
        }
    } catch (...) {
        push_error = std::current_exception();
    }
    pushing_done = true;
    poller.join();
    if (push_error) std::rethrow_exception(push_error);
    if (poll_error) std::rethrow_exception(poll_error);
    return samples;
}

double latency_percentile(const std::vector<OrderSample>& samples, double percent,
                          const std::function<bool(const OrderSample&)>& take) {
    std::vector<double> v;
    for (const auto& s : samples)
        if (take(s) && s.latency_s >= 0) v.push_back(s.latency_s);
    if (v.empty()) return -1;
    std::sort(v.begin(), v.end());
    const auto rank = static_cast<size_t>(std::ceil(percent / 100.0 * static_cast<double>(v.size())));
    return v[std::clamp<size_t>(rank, 1, v.size()) - 1];
}

}  // namespace skarv::bench
