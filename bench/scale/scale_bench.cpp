// scale_bench: Skarv at catalogue scale against the emulators, whole runs measured
// (issue #14). For each size it starts the Norce and Specter emulators as processes,
// seeded with that many SKUs, runs `skarv sync --initial` for products, prices and
// stock, changes 1 % of the articles in Specter and runs the delta pass; at the largest
// size it then starts `skarv run` and pushes orders at a steady rate, once with nothing
// else running and once while a whole-catalogue products pass runs in the same service.
// CPU comes from the kernel (/proc, wait4), for skarv and the emulators in the same run.
// Prints the figures as Markdown; docs/benchmarks.md ("Scale") says how to read them.

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <boost/json.hpp>

#include "bench_stack.hpp"
#include "http_client.hpp"
#include "order_latency.hpp"
#include "pass_watcher.hpp"
#include "proc_stats.hpp"
#include "scale_results.hpp"

namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace skarv::bench;
using Clock = std::chrono::steady_clock;

struct Options {
    std::vector<int> sizes{1000, 10000, 50000};
    bool quick = false;
    int variants = 0;
    uint64_t seed = 14;
    OrderLoad load;
    bool orders = true;
    int sync_limit_min = 30;
    int job_poll_ms = 20;
    std::string markdown;
    std::string work_dir;
    bool keep = false;
    Binaries bin{SKARV_BIN, SKARV_SANDBOX_BIN, SKARV_PLUGIN_DIR};
};

std::string utc_now() {
    const auto t = std::time(nullptr);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", std::gmtime(&t));
    return buf;
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

void say(const std::string& what) { std::cerr << "[scale_bench " << utc_now() << "] " << what << std::endl; }

// Changes every `step`-th SKU in Specter as its users would (the emulator's control
// routes, which touch the change feeds like an edit in Specter's client): the price up
// by `ore`, and with `stock` the first site's stock too. Returns how many it changed.
int change_articles(BenchStack& stack, size_t step, int64_t ore, bool stock) {
    HttpClient specter(stack.specter().base_url());
    const auto& skus = stack.skus();
    const std::string site = stack.seed().warehouses.front();
    int changed = 0;
    for (size_t i = 0; i < skus.size(); i += step) {
        const auto& [sku, price] = skus[i];
        specter.post_json("/_specter/control/article", json::object{{"articleNo", sku}, {"priceExVat", price + ore}});
        if (stock)
            specter.post_json("/_specter/control/stock",
                              json::object{{"article", sku}, {"site", site}, {"qty", static_cast<int64_t>(i % 50) + 3}});
        ++changed;
    }
    return changed;
}

void check(const SyncRun& run, const std::string& what, ScaleResults& results) {
    if (run.exit_code != 0 || !run.errors.empty()) {
        std::string f = what + ": skarv sync exited " + std::to_string(run.exit_code) + " (see " + run.log.string() + ")";
        for (const auto& e : run.errors) f += "; " + e;
        results.failures.push_back(f);
        say("FAILED " + f);
    }
}

SizeResult measure_size(BenchStack& stack, int skus, const Options& o, ScaleResults& results, double seed_wall_s) {
    SizeResult size;
    size.skus = skus;
    size.products = static_cast<int>(stack.seed().products.size());
    size.seed_wall_s = seed_wall_s;
    const auto limit = std::chrono::minutes(o.sync_limit_min);
    for (const char* entity : {"products", "prices", "stock"}) {
        say(std::to_string(skus) + " SKUs: initial " + entity);
        size.initial.push_back(stack.sync(entity, true, limit));
        const auto& run = size.initial.back();
        check(run, std::to_string(skus) + " initial " + entity, results);
        say("  " + std::to_string(run.wall_s) + " s wall, skarv CPU " + std::to_string(run.skarv_cpu.total()) + " s");
    }
    say(std::to_string(skus) + " SKUs: a products pass with nothing to read");
    size.empty_products = stack.sync("products", false, limit);
    check(*size.empty_products, std::to_string(skus) + " empty products pass", results);
    size.state_bytes = file_bytes(stack.state_db());
    size.wal_bytes = file_bytes(stack.state_db().string() + "-wal");
    say(std::to_string(skus) + " SKUs: changing 1 % of the articles in Specter, then the delta pass");
    size.changed = change_articles(stack, 100, 100, true);
    size.delta = stack.sync("", false, limit);
    check(*size.delta, std::to_string(skus) + " delta", results);
    return size;
}

LatencyResult measure_orders(BenchStack& stack, ChildProcess& service, const std::string& label, const Options& o,
                             PassWatcher* pass) {
    LatencyResult l;
    l.label = label;
    CpuMeter cpu({service.pid(), stack.norce().pid(), stack.specter().pid()});
    const auto start = Clock::now();
    std::function<bool()> during = [pass] { return pass && pass->running(); };
    l.samples = push_orders(stack.norce().base_url(), stack.specter().base_url(), stack.skus(), o.load, during);
    l.wall_s = std::chrono::duration<double>(Clock::now() - start).count();
    const auto used = cpu.used();
    l.skarv_cpu_s = used[0];
    l.norce_cpu_s = used[1];
    l.specter_cpu_s = used[2];
    return l;
}

void measure_latency(BenchStack& stack, const Options& o, ScaleResults& results) {
    say("starting skarv run");
    auto service = stack.start_service();
    wait_for_startup_passes(stack.service_url(), stack.admin_token(), std::chrono::minutes(o.sync_limit_min));

    say("orders with no catalogue pass running");
    results.latency.push_back(measure_orders(stack, *service, "no catalogue pass", o, nullptr));

    // Every article's price changes in Specter, so the next products pass reads and writes
    // the whole catalogue, as after a price change across the range.
    say("changing every article's price in Specter");
    const auto dirty_start = Clock::now();
    change_articles(stack, 1, 1, false);
    const double dirty_s = std::chrono::duration<double>(Clock::now() - dirty_start).count();

    say("orders while a products pass of " + std::to_string(stack.skus().size()) + " runs in the service");
    PassWatcher pass(stack.service_url(), stack.admin_token(), BenchStack::kConnection, "products");
    auto busy = measure_orders(stack, *service, "products pass running", o, &pass);
    busy.pass_skus = static_cast<int>(stack.skus().size());
    busy.dirty_wall_s = dirty_s;
    if (!pass.wait(std::chrono::minutes(o.sync_limit_min)))
        results.failures.push_back("the products pass in the service did not end in time" +
                                   (pass.error().empty() ? std::string() : ": " + pass.error()));
    busy.pass_wall_s = pass.wall_s();
    busy.pass_counts = pass.counts();
    results.latency.push_back(std::move(busy));
    service->stop();
}

int run(const Options& o) {
    ScaleResults results;
    results.started_utc = utc_now();
    results.load_start = load_average();
    results.machine = machine();
    results.variants = o.variants;
    results.job_poll_ms = o.job_poll_ms;
    results.seed = o.seed;
    results.load = o.load;

    std::vector<int> sizes = o.quick ? std::vector<int>{1000} : o.sizes;
    std::sort(sizes.begin(), sizes.end());
    const fs::path work = o.work_dir.empty() ? fs::temp_directory_path() / ("skarv-scale-bench-" + std::to_string(::getpid()))
                                             : fs::path(o.work_dir);
    say("work folder " + work.string() + ", load " + results.load_start);
    for (size_t i = 0; i < sizes.size(); ++i) {
        const int skus = sizes[i];
        skarv::sandbox::SeedOptions seed;
        seed.seed = o.seed;
        seed.variants_per_product = o.variants;
        seed.products = o.variants == 0 ? skus : std::max(1, skus / o.variants);
        seed.orders = 0;   // the orders of the run are made while it runs
        seed.channels = 1;
        say("seeding both emulators with " + std::to_string(skus) + " SKUs");
        const auto seeding = Clock::now();
        BenchStack stack(o.bin, work / std::to_string(skus), seed, free_port(), o.job_poll_ms);
        const double seed_s = std::chrono::duration<double>(Clock::now() - seeding).count();
        results.sizes.push_back(measure_size(stack, static_cast<int>(stack.skus().size()), o, results, seed_s));
        if (o.orders && i + 1 == sizes.size()) measure_latency(stack, o, results);
    }
    results.ended_utc = utc_now();
    results.load_end = load_average();

    const std::string report = markdown_report(results);
    std::cout << report;
    if (!o.markdown.empty()) {
        std::ofstream(o.markdown) << report;
        say("report written to " + o.markdown);
    }
    if (!o.keep && results.failures.empty()) fs::remove_all(work);
    else say("kept " + work.string());
    return results.failures.empty() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    CLI::App app{"scale_bench: initial sync, delta and order latency against the emulators at 1k to 50k SKUs "
                 "(docs/benchmarks.md, \"Scale\")"};
    app.add_option("--sizes", o.sizes, "Catalogue sizes in SKUs, comma-separated")
        ->delimiter(',')
        ->check(CLI::Range(1, 100000));
    app.add_flag("--quick", o.quick, "1000 SKUs only");
    app.add_option("--variants", o.variants, "Variants a product (0: every product is one SKU)")->check(CLI::Range(0, 99));
    app.add_option("--seed", o.seed, "Seed of the generated catalogue");
    app.add_option("--order-rate", o.load.per_second, "Orders a second")->check(CLI::Range(0.1, 1000.0));
    app.add_option("--order-seconds", o.load.seconds, "For how long orders are made")->check(CLI::Range(1.0, 3600.0));
    app.add_flag("!--no-orders", o.orders, "Skip the order latency phases");
    app.add_option("--sync-limit", o.sync_limit_min, "Minutes one pass may take before the run fails")
        ->check(CLI::Range(1, 600));
    app.add_option("--job-poll-ms", o.job_poll_ms,
                   "The Norce connector's timeouts.job_poll_ms (the emulator's jobs are done at once)")
        ->check(CLI::Range(10, 60000));
    app.add_option("--markdown", o.markdown, "Also write the report to this file");
    app.add_option("--work-dir", o.work_dir, "Where the configs, state files and logs go (default: a temp folder)");
    app.add_flag("--keep", o.keep, "Keep the work folder (it is kept anyway when something failed)");
    app.add_option("--skarv", o.bin.skarv, "The skarv binary")->check(CLI::ExistingFile);
    app.add_option("--sandbox", o.bin.sandbox, "The skarv-sandbox binary")->check(CLI::ExistingFile);
    app.add_option("--plugin-dir", o.bin.plugin_dir, "Where jetshop.so and specter.so are")->check(CLI::ExistingDirectory);
    CLI11_PARSE(app, argc, argv);
    // A server closing a keep-alive connection must fail that request, not end the run.
    ::signal(SIGPIPE, SIG_IGN);
    try {
        return run(o);
    } catch (const std::exception& e) {
        std::cerr << "scale_bench: " << e.what() << "\n";
        return 2;
    }
}
