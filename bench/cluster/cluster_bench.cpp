// cluster_bench: 200 merchants' connections against the emulators on one, two and three
// `skarv run` workers sharing one PostgreSQL (issue 19). For each worker count it starts
// a fresh cluster (merchant_cluster.hpp), waits until the workers have shared the
// connections and finished their start-up passes, then measures orders made at a steady
// rate (push -> ERP latency) and a burst made as fast as one client can (orders per
// second until the last is in its Specter), and counts from every merchant's Specter
// that each order is there exactly once with its total. CPU from /proc. Prints Markdown;
// docs/benchmarks.md ("Scale out") has the figures and how to read them.

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <boost/json.hpp>

#include "../../tests/cluster/lease_table.hpp"
#include "../../tests/postgres/postgres_server.hpp"
#include "../scale/http_client.hpp"
#include "../scale/proc_stats.hpp"
#include "cluster_orders.hpp"
#include "merchant_cluster.hpp"

namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace skarv::bench;
using Clock = std::chrono::steady_clock;

struct Options {
    int merchants = 200;
    std::vector<int> workers{1, 2, 3};
    double rate = 20;
    double seconds = 30;
    int burst = 400;
    double lease_seconds = 10;
    int poll_ms = 500;
    std::string dir = (fs::temp_directory_path() / "skarv-cluster-bench").string();
    bool keep = false;
};

struct Result {
    int workers = 0;
    int steady_made = 0, steady_arrived = 0;
    double steady_rate = 0, steady_p50 = -1, steady_p99 = -1;
    int burst_made = 0, burst_arrived = 0;
    double burst_rate = 0, burst_p99 = -1;
    double workers_cpu_s = 0, emulators_cpu_s = 0, postgres_cpu_s = 0, machine_busy = 0, window_s = 0;
    int missing = 0, duplicates = 0, wrong_totals = 0, foreign = 0;
    double startup_s = 0;
};

std::string utc_now() {
    const auto t = std::time(nullptr);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", std::gmtime(&t));
    return buf;
}

void say(const std::string& what) { std::cerr << "[cluster_bench " << utc_now() << "] " << what << std::endl; }

// Busy and total jiffies of the whole machine (/proc/stat's first line).
std::pair<double, double> machine_jiffies() {
    std::ifstream in("/proc/stat");
    std::string cpu;
    in >> cpu;
    double v[8] = {};
    for (auto& x : v) in >> x;
    const double idle = v[3] + v[4];
    double total = 0;
    for (auto x : v) total += x;
    return {total - idle, total};
}

// CPU of this benchmark's PostgreSQL: the postmaster tests/postgres started for this
// process (its pid in /tmp/skarv-pg-<our pid>-*/data/postmaster.pid) and its children,
// the workers' sessions. A process that ended since `before` counts with what it had.
class PostgresCpu {
public:
    PostgresCpu() : before_(now()) {}
    double used() const {
        double total = 0;
        for (const auto& [pid, cpu] : now()) {
            const auto it = before_.find(pid);
            total += cpu - (it == before_.end() ? 0 : it->second);
        }
        return total;
    }

private:
    static std::map<pid_t, double> now() {
        std::map<pid_t, double> out;
        pid_t postmaster = 0;
        const std::string prefix = "skarv-pg-" + std::to_string(::getpid()) + "-";
        for (const auto& e : fs::directory_iterator(fs::temp_directory_path()))
            if (e.path().filename().string().rfind(prefix, 0) == 0) std::ifstream(e.path() / "data" / "postmaster.pid") >> postmaster;
        if (postmaster <= 0) return out;
        for (const auto& e : fs::directory_iterator("/proc")) {
            const pid_t pid = std::atoi(e.path().filename().c_str());
            if (pid <= 0) continue;
            std::ifstream stat(e.path() / "stat");
            std::string line;
            std::getline(stat, line);
            const auto close = line.rfind(')');
            if (close == std::string::npos) continue;
            std::istringstream rest(line.substr(close + 2));
            char state = 0;
            pid_t parent = 0;
            rest >> state >> parent;
            if (pid != postmaster && parent != postmaster) continue;
            try {
                out[pid] = cpu_of(pid).total();
            } catch (const std::exception&) {   // ended meanwhile
            }
        }
        return out;
    }
    std::map<pid_t, double> before_;
};

// Until every connection has a live holder and each worker holds some, then until the
// workers' start-up passes are over (less than 5 % of a core for a second).
double wait_until_ready(skarv::test::cluster::LeaseTable& leases, MerchantCluster& cluster) {
    const auto start = Clock::now();
    const auto give_up = start + std::chrono::minutes(5);
    for (;;) {
        if (Clock::now() > give_up) throw std::runtime_error("the workers did not take every connection in 5 minutes");
        std::set<std::string> holders;
        int live = 0;
        const auto now = skarv::test::cluster::unix_ms();
        for (const auto& [conn, lease] : leases.leases())
            if (!lease.holder.empty() && lease.expires_at > now) {
                holders.insert(lease.holder);
                ++live;
            }
        if (live == cluster.shape().merchants && static_cast<int>(holders.size()) == cluster.shape().workers) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    for (;;) {
        if (Clock::now() > give_up) break;
        CpuMeter cpu(cluster.worker_pids());
        std::this_thread::sleep_for(std::chrono::seconds(1));
        double used = 0;
        for (auto s : cpu.used()) used += s;
        if (used < 0.05) break;
    }
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// Every order made is in its own merchant's Specter once, with its total, and nothing else is.
void count_books(MerchantCluster& cluster, const std::vector<ClusterSample>& made, Result& r) {
    std::map<int, std::map<std::string, int64_t>> wanted;
    for (const auto& s : made) wanted[s.merchant][s.ref] = s.norce_total;
    for (int m = 1; m <= cluster.shape().merchants; ++m) {
        HttpClient specter(cluster.specter().base_url(m));
        const auto state = specter.get_json("/_control/state");
        std::map<std::string, std::vector<int64_t>> held;
        for (const auto& o : state.at("orders").as_array())
            held[std::string(o.at("externalOrderNo").as_string())].push_back(o.at("totals").at("incVat").to_number<int64_t>());
        for (const auto& [ref, totals] : held) {
            if (totals.size() > 1) r.duplicates += static_cast<int>(totals.size()) - 1;
            if (!wanted[m].count(ref)) r.foreign += static_cast<int>(totals.size());
        }
        for (const auto& [ref, total] : wanted[m]) {
            const auto it = held.find(ref);
            if (it == held.end())
                ++r.missing;
            else if (it->second.front() != total)
                ++r.wrong_totals;
        }
    }
}

std::string fixed(double v, int digits) {
    if (v < 0) return "—";
    std::ostringstream s;
    s.setf(std::ios::fixed);
    s.precision(digits);
    s << v;
    return s.str();
}

Result run_one(const Options& o, int workers) {
    Result r;
    r.workers = workers;
    auto* pg = skarv::test::PostgresServer::get();
    if (!pg) throw std::runtime_error("no PostgreSQL: " + skarv::test::PostgresServer::unavailable_reason());
    const std::string url = pg->fresh_database_url();
    ClusterShape shape;
    shape.merchants = o.merchants;
    shape.workers = workers;
    shape.lease_seconds = o.lease_seconds;
    shape.poll_ms = o.poll_ms;
    const fs::path dir = fs::path(o.dir) / ("workers-" + std::to_string(workers));
    say("starting " + std::to_string(o.merchants) + " merchants' emulators and " + std::to_string(workers) + " worker(s)");
    MerchantCluster cluster({SKARV_BIN, SKARV_SANDBOX_BIN, SKARV_PLUGIN_DIR}, dir, url, shape);
    cluster.start_workers();
    skarv::test::cluster::LeaseTable leases(url);
    r.startup_s = wait_until_ready(leases, cluster);
    say("ready after " + fixed(r.startup_s, 1) + " s; steady load");

    std::vector<pid_t> emulators{cluster.norce().pid(), cluster.specter().pid()};
    CpuMeter worker_cpu(cluster.worker_pids());
    CpuMeter emulator_cpu(emulators);
    PostgresCpu postgres_cpu;
    const auto machine_before = machine_jiffies();
    const auto window_start = Clock::now();

    ClusterLoad steady;
    steady.orders = static_cast<int>(o.rate * o.seconds);
    steady.per_second = o.rate;
    const auto steady_samples = run_cluster_orders(cluster, steady);
    double last = 0, first = 1e18;
    for (const auto& s : steady_samples) {
        ++r.steady_made;
        first = std::min(first, s.made_at_s);
        if (s.arrived_at_s >= 0) {
            ++r.steady_arrived;
            last = std::max(last, s.arrived_at_s);
        }
    }
    r.steady_rate = last > first ? r.steady_arrived / (last - first) : 0;
    r.steady_p50 = percentile(steady_samples, 50);
    r.steady_p99 = percentile(steady_samples, 99);

    say("burst of " + std::to_string(o.burst));
    ClusterLoad burst;
    burst.orders = o.burst;
    burst.per_second = 0;
    burst.first_merchant = steady.orders % o.merchants + 1;
    const auto burst_samples = run_cluster_orders(cluster, burst);
    last = 0;
    for (const auto& s : burst_samples) {
        ++r.burst_made;
        if (s.arrived_at_s >= 0) {
            ++r.burst_arrived;
            last = std::max(last, s.arrived_at_s);
        }
    }
    r.burst_rate = last > 0 ? r.burst_arrived / last : 0;
    r.burst_p99 = percentile(burst_samples, 99);

    r.window_s = std::chrono::duration<double>(Clock::now() - window_start).count();
    for (auto s : worker_cpu.used()) r.workers_cpu_s += s;
    for (auto s : emulator_cpu.used()) r.emulators_cpu_s += s;
    r.postgres_cpu_s = postgres_cpu.used();
    const auto machine_after = machine_jiffies();
    r.machine_busy = (machine_after.first - machine_before.first) / (machine_after.second - machine_before.second);

    auto all = steady_samples;
    all.insert(all.end(), burst_samples.begin(), burst_samples.end());
    count_books(cluster, all, r);
    say("workers " + std::to_string(workers) + ": steady p99 " + fixed(r.steady_p99, 3) + " s, burst " +
        fixed(r.burst_rate, 1) + " orders/s, missing " + std::to_string(r.missing) + ", duplicates " +
        std::to_string(r.duplicates));
    if (!o.keep) fs::remove_all(dir);
    return r;
}

std::string machine() {
    std::ifstream in("/proc/cpuinfo");
    std::string line, model = "unknown CPU";
    while (std::getline(in, line))
        if (line.rfind("model name", 0) == 0) {
            model = line.substr(line.find(':') + 2);
            break;
        }
    return std::to_string(std::thread::hardware_concurrency()) + " × " + model;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    CLI::App app{"cluster_bench: many merchants on 1..K skarv run workers sharing PostgreSQL (issue 19)"};
    app.add_option("--merchants", o.merchants, "Connections (one merchant each)")->check(CLI::Range(1, 1000));
    app.add_option("--workers", o.workers, "Worker counts to measure, e.g. 1 2 3")->check(CLI::Range(1, 16));
    app.add_option("--rate", o.rate, "Orders per second in the steady phase")->check(CLI::PositiveNumber);
    app.add_option("--seconds", o.seconds, "Length of the steady phase")->check(CLI::PositiveNumber);
    app.add_option("--burst", o.burst, "Orders made as fast as possible after it")->check(CLI::Range(1, 100000));
    app.add_option("--lease", o.lease_seconds, "workers.lease_seconds");
    app.add_option("--poll-ms", o.poll_ms, "workers.poll_ms");
    app.add_option("--dir", o.dir, "Work folder");
    app.add_flag("--keep", o.keep, "Keep each run's folder (logs, config)");
    CLI11_PARSE(app, argc, argv);

    const std::string load_before = load_average();
    std::vector<Result> results;
    try {
        for (int k : o.workers) results.push_back(run_one(o, k));
    } catch (const std::exception& e) {
        std::cerr << "cluster_bench: " << e.what() << "\n";
        return 1;
    }
    std::cout << "Cluster run " << utc_now() << " on " << machine() << "; load average before: " << load_before
              << ", after: " << load_average() << ".\n"
              << o.merchants << " merchants (connections), lease " << o.lease_seconds << " s, poll " << o.poll_ms
              << " ms; steady " << o.rate << " orders/s for " << o.seconds << " s, then a burst of " << o.burst
              << " orders.\n\n"
              << "| workers | start-up s | steady orders/s | push → ERP p50 s | p99 s | burst orders/s | burst p99 s "
                 "| workers CPU s | PostgreSQL CPU s | emulators CPU s | machine busy | missing | duplicates | wrong totals |\n"
              << "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n";
    for (const auto& r : results)
        std::cout << "| " << r.workers << " | " << fixed(r.startup_s, 1) << " | " << fixed(r.steady_rate, 1) << " ("
                  << r.steady_arrived << "/" << r.steady_made << ") | " << fixed(r.steady_p50, 3) << " | "
                  << fixed(r.steady_p99, 3) << " | " << fixed(r.burst_rate, 1) << " (" << r.burst_arrived << "/"
                  << r.burst_made << ") | " << fixed(r.burst_p99, 2) << " | " << fixed(r.workers_cpu_s, 1) << " | "
                  << fixed(r.postgres_cpu_s, 1) << " | " << fixed(r.emulators_cpu_s, 1) << " | " << fixed(r.machine_busy * 100, 0) << " % of "
                  << fixed(r.window_s, 0) << " s | " << r.missing << " | " << r.duplicates << " | " << r.wrong_totals
                  << (r.foreign ? " (+" + std::to_string(r.foreign) + " foreign)" : "") << " |\n";
    int bad = 0;
    for (const auto& r : results) bad += r.missing + r.duplicates + r.wrong_totals + r.foreign;
    return bad == 0 ? 0 : 2;
}
