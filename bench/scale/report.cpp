#include <algorithm>
#include <cstdio>
#include <sstream>

#include "scale_results.hpp"

namespace skarv::bench {

namespace {

std::string fixed(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

std::string mb(uintmax_t bytes) { return fixed(static_cast<double>(bytes) / 1e6, 1) + " MB"; }

std::string seconds(double s) { return s < 0 ? "—" : fixed(s, s < 10 ? 2 : 1) + " s"; }

const SyncRun* initial_of(const SizeResult& s, const std::string& entity) {
    for (const auto& r : s.initial)
        if (r.entity == entity) return &r;
    return nullptr;
}

int64_t count_of(const SyncRun& r, const std::string& entity, const std::string& what) {
    auto e = r.counts.find(entity);
    if (e == r.counts.end()) return -1;
    auto c = e->second.find(what);
    return c == e->second.end() ? -1 : c->second;
}

double skarv_cpu(const SizeResult& s) {
    double t = 0;
    for (const auto& r : s.initial) t += r.skarv_cpu.total();
    return t;
}
double emulator_cpu(const SizeResult& s) {
    double t = 0;
    for (const auto& r : s.initial) t += r.norce_cpu_s + r.specter_cpu_s;
    return t;
}
double initial_wall(const SizeResult& s) {
    double t = 0;
    for (const auto& r : s.initial) t += r.wall_s;
    return t;
}

// CPU of skarv per product record, in microseconds: the initial products pass less the
// same pass with nothing to read (start-up, loading plugins), over the records; -1 when
// the pass did not run.
double products_cpu_per_record_us(const SizeResult& s) {
    const auto* r = initial_of(s, "products");
    if (!r || s.skus == 0) return -1;
    const double fixed_cost = s.empty_products ? s.empty_products->skarv_cpu.total() : 0;
    return std::max(0.0, r->skarv_cpu.total() - fixed_cost) / s.skus * 1e6;
}

std::string verdict(bool measured, bool met) { return !measured ? "not measured" : met ? "**met**" : "**not met**"; }

}  // namespace

std::string markdown_report(const ScaleResults& r) {
    std::ostringstream out;
    out << "Run " << r.started_utc << " to " << r.ended_utc << " on " << r.machine << "; seed " << r.seed << ", "
        << (r.variants == 0 ? std::string("products without variants (one SKU each)")
                            : std::to_string(r.variants) + " variants a product")
        << ", one Norce channel (SEK), Norce connector `timeouts.job_poll_ms` " << r.job_poll_ms << ".\n"
        << "Load average (`/proc/loadavg`) at the start: `" << r.load_start << "`, at the end: `" << r.load_end
        << "`.\n\n";

    // ---- the table: target and measured
    const SizeResult* small = r.sizes.empty() ? nullptr : &r.sizes.front();
    const SizeResult* large = r.sizes.empty() ? nullptr : &r.sizes.back();
    const LatencyResult* busy = nullptr;
    for (const auto& l : r.latency)
        if (l.pass_skus > 0) busy = &l;
    out << "| what | must reach | measured | verdict |\n|---|---|---|---|\n";
    if (large) {
        const bool at50k = large->skus >= 50000;
        out << "| initial sync of " << large->skus << " SKUs, Specter → Norce (products, prices, stock) | under 60 s at 50k | "
            << seconds(initial_wall(*large));
        for (const char* e : {"products", "prices", "stock"})
            if (const auto* run = initial_of(*large, e))
                out << "; " << e << " " << fixed(large->skus / std::max(run->wall_s, 1e-9), 0) << "/s";
        out << " | " << verdict(at50k, initial_wall(*large) < 60) << (at50k ? "" : " (50k not run)") << " |\n";
        const double first = products_cpu_per_record_us(*small), last = products_cpu_per_record_us(*large);
        out << "| CPU per record, products |";
        out << " at 50k within 1.3× of 1k |";
        for (const auto& s : r.sizes) out << " " << s.skus << ": " << fixed(products_cpu_per_record_us(s), 0) << " µs;";
        const bool ratio_ok = first > 0 && last > 0 && r.sizes.size() > 1;
        out << " " << (ratio_ok ? fixed(last / first, 2) + "×" : std::string("—")) << " | "
            << verdict(ratio_ok, ratio_ok && last / first <= 1.3) << " |\n";
        const double s_cpu = skarv_cpu(*large), e_cpu = emulator_cpu(*large);
        out << "| Skarv's CPU against the emulators' CPU, initial sync of " << large->skus << " | at most 1 : 1 | "
            << fixed(s_cpu, 1) << " s : " << fixed(e_cpu, 1) << " s = " << fixed(e_cpu > 0 ? s_cpu / e_cpu : 0, 2)
            << " : 1 | " << verdict(e_cpu > 0, e_cpu > 0 && s_cpu <= e_cpu) << " |\n";
    }
    if (busy) {
        const double p99 = latency_percentile(busy->samples, 99, [](const OrderSample& s) { return s.during_pass; });
        size_t during = 0;
        for (const auto& s : busy->samples) during += s.during_pass ? 1 : 0;
        out << "| push → order in the ERP, p99, while a " << busy->pass_skus << "-product pass runs | under 2 s | "
            << seconds(p99) << " (" << during << " orders pushed during the pass) | "
            << verdict(p99 >= 0, p99 >= 0 && p99 < 2) << " |\n";
    } else {
        out << "| push → order in the ERP, p99, during a pass | under 2 s | — | not measured |\n";
    }
    if (large) {
        const uintmax_t total = large->state_bytes + large->wal_bytes;
        out << "| state file after the " << large->skus << " sync | under 60 MB | " << mb(large->state_bytes) << " + WAL "
            << mb(large->wal_bytes) << " | " << verdict(total > 0, total < 60'000'000) << " |\n";
    }
    bool all_read = true, any = false;
    std::ostringstream reads;
    for (const auto& s : r.sizes)
        for (const auto& run : s.initial) {
            const auto n = count_of(run, run.entity, "considered");
            any = true;
            // A pass that read fewer and said so (max_records_per_pass) is a cap, not a silent one.
            all_read = all_read && (n >= s.skus || !run.stopped_at_limit.empty());
            if (n < s.skus)
                reads << " " << run.entity << " " << n << " of " << s.skus
                      << (run.stopped_at_limit.empty() ? " with no word of a cap" : " (stopped at max_records_per_pass)")
                      << ";";
        }
    out << "| records one pass reads per entity | no silent cap | "
        << (reads.str().empty() ? std::string("every pass read every SKU") : "read less:" + reads.str()) << " | " << verdict(any, all_read)
        << " |\n\n";

    // ---- initial sync and delta by size
    out << "Initial sync (`skarv sync --initial --entity E`, one process per entity) and the 1 % delta "
           "(`skarv sync`, every entity):\n\n"
        << "| SKUs | emulators up | products | prices | stock | initial total | skarv CPU / product (empty pass) | "
           "skarv : emulators CPU | state + WAL | delta: changed | delta wall | delta read (products, prices, stock) |\n"
        << "|---|---|---|---|---|---|---|---|---|---|---|---|\n";
    for (const auto& s : r.sizes) {
        out << "| " << s.skus << " | " << seconds(s.seed_wall_s);
        for (const char* e : {"products", "prices", "stock"}) {
            const auto* run = initial_of(s, e);
            if (!run) {
                out << " | —";
                continue;
            }
            out << " | " << seconds(run->wall_s) << " (" << count_of(*run, e, "considered") << " read, "
                << count_of(*run, e, "failed") << " failed)";
        }
        const double ecpu = emulator_cpu(s);
        out << " | " << seconds(initial_wall(s)) << " | " << fixed(products_cpu_per_record_us(s), 0) << " µs ("
            << (s.empty_products ? fixed(s.empty_products->skarv_cpu.total(), 2) + " s" : std::string("—")) << ") | "
            << fixed(skarv_cpu(s), 1) << " : " << fixed(ecpu, 1) << " (" << fixed(ecpu > 0 ? skarv_cpu(s) / ecpu : 0, 2)
            << ") | " << mb(s.state_bytes) << " + " << mb(s.wal_bytes) << " | " << s.changed << " | ";
        if (s.delta) {
            out << seconds(s.delta->wall_s) << " | " << count_of(*s.delta, "products", "considered") << ", "
                << count_of(*s.delta, "prices", "considered") << ", " << count_of(*s.delta, "stock", "considered")
                << " |\n";
        } else {
            out << "— | — |\n";
        }
    }
    out << "\n";

    // ---- order latency
    if (!r.latency.empty()) {
        out << "Orders pushed at " << fixed(r.load.per_second, 1) << "/s for " << fixed(r.load.seconds, 0)
            << " s into `skarv run` (made in the Norce emulator, which pushes each at once; timed until Specter holds "
               "it):\n\n"
            << "| phase | orders | arrived | total as Norce's | p50 | p99 | max | skarv CPU | emulators CPU | pass |\n"
            << "|---|---|---|---|---|---|---|---|---|---|\n";
        for (const auto& l : r.latency) {
            size_t arrived = 0, equal = 0;
            double worst = -1;
            for (const auto& s : l.samples) {
                arrived += s.latency_s >= 0 ? 1 : 0;
                equal += s.total_matches ? 1 : 0;
                worst = std::max(worst, s.latency_s);
            }
            auto all = [](const OrderSample&) { return true; };
            out << "| " << l.label << " | " << l.samples.size() << " | " << arrived << " | " << equal << " | "
                << seconds(latency_percentile(l.samples, 50, all)) << " | " << seconds(latency_percentile(l.samples, 99, all))
                << " | " << seconds(worst) << " | " << fixed(l.skarv_cpu_s, 1) << " s | "
                << fixed(l.norce_cpu_s + l.specter_cpu_s, 1) << " s | ";
            if (l.pass_skus > 0) {
                size_t during = 0;
                for (const auto& s : l.samples) during += s.during_pass ? 1 : 0;
                auto in_pass = [](const OrderSample& s) { return s.during_pass; };
                out << l.pass_skus << " products: " << seconds(l.pass_wall_s) << " from trigger to report (";
                bool first = true;
                for (const auto& [k, v] : l.pass_counts) {
                    out << (first ? "" : ", ") << k << " " << v;
                    first = false;
                }
                out << "); " << during << " orders during it: p50 " << seconds(latency_percentile(l.samples, 50, in_pass))
                    << ", p99 " << seconds(latency_percentile(l.samples, 99, in_pass)) << "; every price changed first in "
                    << seconds(l.dirty_wall_s);
            } else {
                out << "none";
            }
            out << " |\n";
        }
        out << "\n";
    }
    if (!r.failures.empty()) {
        out << "Failures in this run:\n\n";
        for (const auto& f : r.failures) out << "- " << f << "\n";
        out << "\n";
    }
    return out.str();
}

}  // namespace skarv::bench
