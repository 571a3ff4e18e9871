#include <unistd.h>

#include <iostream>

#include "commands.hpp"
#include "skarv/host/flow/sync_runner.hpp"

namespace skarv::cli {

int run_sync(const SyncOptions& options) {
    host::Logger logger(std::cerr, options.verbose ? SKARV_LOG_DEBUG : SKARV_LOG_WARN);
    host::SyncRunner runner(options.config_file, logger);
    if (!options.connection.empty()) {
        std::string names;
        bool known = false;
        for (const auto& c : runner.config().connections) {
            known = known || c.name == options.connection;
            names += (names.empty() ? "" : ", ") + c.name;
        }
        if (!known) {
            std::cerr << "skarv: --connection " << options.connection << ": no connection of that name in "
                      << options.config_file << " (it has: " << names << ")\n";
            return 2;
        }
    }
    // On a shared PostgreSQL database the workers' leases decide who runs a connection; a
    // pass from here beside them would deliver in parallel with the holder.
    if (runner.store().on_postgresql() && !options.dry_run) {
        const auto now = host::system_clock_ms();
        auto live = runner.store().live_workers(now, runner.config().workers.lease_ms);
        if (!live.empty()) {
            std::cerr << "skarv: " << live.size() << " `skarv run` worker(s) share " << runner.store().path().string()
                      << " (" << live.front().worker << (live.size() > 1 ? ", ..." : "")
                      << "); run the pass through the worker that holds the connection "
                         "(POST /api/connections/<name>/run), or stop the workers first\n";
            return 2;
        }
    }
    host::TransferOptions transfer;
    transfer.dry_run = options.dry_run;
    transfer.initial = options.initial;
    transfer.batch_size = options.batch_size;
    host::PassSelection selection;
    if (!options.connection.empty()) selection.connection = options.connection;
    if (!options.entity.empty()) selection.entity = options.entity;
    if (options.dry_run) std::cout << "Dry run: nothing is written.\n";
    // On a terminal, a progress line (rate, and ETA when the source gives a total) that
    // rewrites itself; in a pipe or a log, nothing.
    host::ProgressFunction progress;
    if (isatty(STDERR_FILENO))
        progress = [](const host::Progress& p) { std::cerr << "\r\033[K" << host::format_progress(p) << std::flush; };
    auto reports = runner.pass(selection, transfer, options.dry_run ? &std::cout : nullptr, progress);
    if (progress) std::cerr << "\r\033[K" << std::flush;
    bool failed = false;
    for (const auto& r : reports) {
        std::cout << r.connection << "/" << host::summarize(r) << "\n";
        auto errors = boost::json::parse(r.errors_json).as_array();
        for (const auto& e : errors) std::cout << "  error: " << e.at("message").as_string().c_str() << "\n";
        failed = failed || r.failed > 0 || !errors.empty();
    }
    if (reports.empty()) std::cout << "Nothing to do: no connection or entity matched.\n";
    return failed ? 1 : 0;
}

}  // namespace skarv::cli
