#include "cluster_orders.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <stdexcept>
#include <thread>

#include <boost/json.hpp>

#include "../scale/http_client.hpp"

namespace skarv::bench {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

namespace {

int64_t ore(const json::value& v) {
    if (v.is_double()) return std::llround(v.get_double() * 100.0);
    return v.to_number<int64_t>() * 100;
}

// One keep-alive client per merchant, made on first use, on the thread that uses it.
class Clients {
public:
    explicit Clients(std::function<std::string(int)> url) : url_(std::move(url)) {}
    HttpClient& of(int merchant) {
        auto& c = clients_[merchant];
        if (!c) c = std::make_unique<HttpClient>(url_(merchant));
        return *c;
    }

private:
    std::function<std::string(int)> url_;
    std::map<int, std::unique_ptr<HttpClient>> clients_;
};

}  // namespace

std::vector<ClusterSample> run_cluster_orders(MerchantCluster& cluster, const ClusterLoad& load) {
    const int merchants = cluster.shape().merchants;
    std::vector<ClusterSample> samples(static_cast<size_t>(load.orders));
    std::mutex mu;
    std::vector<size_t> pending;
    std::atomic<bool> making_done{false};
    std::exception_ptr poll_error;
    std::atomic<bool> poll_failed{false};
    const auto first = Clock::now();
    auto since_first = [&](Clock::time_point t) { return std::chrono::duration<double>(t - first).count(); };

    // Sweeps the orders still on their way, each merchant's Specter asked for its own.
    std::thread poller([&] {
        try {
            Clients specter([&](int m) { return cluster.specter().base_url(m); });
            Clock::time_point give_up = Clock::time_point::max();
            for (;;) {
                std::vector<size_t> round;
                {
                    std::lock_guard lock(mu);
                    round = pending;
                }
                if (round.empty() && making_done) return;
                if (making_done && give_up == Clock::time_point::max())
                    give_up = Clock::now() + std::chrono::milliseconds(static_cast<int64_t>(load.wait_after_s * 1000));
                if (Clock::now() > give_up) return;
                for (const size_t i : round) {
                    const auto& s = samples[i];
                    auto answer = specter.of(s.merchant).request("GET", "/_control/order?externalOrderNo=" + s.ref);
                    const auto seen = Clock::now();
                    if (answer.status == 404) continue;
                    if (answer.status != 200)
                        throw std::runtime_error("Specter's order look-up answered " + std::to_string(answer.status) +
                                                 ": " + answer.body);
                    const auto found = answer.json();
                    std::lock_guard lock(mu);
                    samples[i].arrived_at_s = since_first(seen);
                    samples[i].total_matches = found.at("totalIncVat").to_number<int64_t>() == s.norce_total;
                    std::erase(pending, i);
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
            }
        } catch (...) {
            poll_error = std::current_exception();
            poll_failed = true;
        }
    });

    std::exception_ptr make_error;
    try {
        Clients norce([&](int m) { return cluster.norce().base_url(m); });
        std::mt19937 random(19);
        for (int i = 0; i < load.orders && !poll_failed; ++i) {
            if (load.per_second > 0)
                std::this_thread::sleep_until(first + std::chrono::duration_cast<Clock::duration>(
                                                          std::chrono::duration<double>(i / load.per_second)));
            const int merchant = (load.first_merchant - 1 + i) % merchants + 1;
            const auto& skus = cluster.skus(merchant);
            const auto& sku = skus[std::uniform_int_distribution<size_t>(0, skus.size() - 1)(random)];
            const auto made = Clock::now();
            const auto order = norce.of(merchant).post_json(
                "/_control/orders", json::object{{"Items", json::array{json::object{{"PartNo", sku}, {"Quantity", 1}}}}});
            std::lock_guard lock(mu);
            auto& s = samples[static_cast<size_t>(i)];
            s.merchant = merchant;
            s.ref = std::string(order.at("ClientOrderRef").as_string());
            s.made_at_s = since_first(made);
            s.norce_total = ore(order.at("TotalIncVat"));
            pending.push_back(static_cast<size_t>(i));
        }
    } catch (...) {
        make_error = std::current_exception();
    }
    making_done = true;
    poller.join();
    if (make_error) std::rethrow_exception(make_error);
    if (poll_error) std::rethrow_exception(poll_error);
    return samples;
}

double percentile(const std::vector<ClusterSample>& samples, double percent) {
    std::vector<double> v;
    for (const auto& s : samples)
        if (s.arrived_at_s >= 0) v.push_back(s.latency_s());
    if (v.empty()) return -1;
    std::sort(v.begin(), v.end());
    const auto rank = static_cast<size_t>(std::ceil(percent / 100.0 * static_cast<double>(v.size())));
    return v[std::clamp<size_t>(rank, 1, v.size()) - 1];
}

}  // namespace skarv::bench
