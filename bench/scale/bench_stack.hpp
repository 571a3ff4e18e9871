#pragma once
// One benchmark stack: the Norce and Specter emulators as `skarv-sandbox` processes
// seeded with the same catalogue, the configuration an integrator would write for them
// (one `erp` connection, Specter -> Norce catalogue, Norce -> Specter orders), and the
// real `skarv` binary run against it as `skarv sync` or `skarv run`.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "child_process.hpp"
#include "skarv/sandbox/seed_data.hpp"

namespace skarv::bench {

struct Binaries {
    std::filesystem::path skarv, sandbox, plugin_dir;
};

// A `skarv-sandbox` process on a free port.
class Emulator {
public:
    Emulator(const Binaries& bin, const std::vector<std::string>& args, const std::filesystem::path& log);
    std::string base_url() const;
    pid_t pid() const { return process_->pid(); }
    void stop() { process_->stop(); }

private:
    std::unique_ptr<ChildProcess> process_;
    uint16_t port_ = 0;
};

// What one `skarv sync` did: its own figures and the emulators' CPU over the same time.
struct SyncRun {
    std::string entity;           // "" = every entity
    double wall_s = 0;
    CpuTime skarv_cpu;            // from wait4: the whole process, start-up included
    double norce_cpu_s = 0, specter_cpu_s = 0;
    int exit_code = 0;
    // entity -> the summary line's numbers ("considered", "created", "updated", ...).
    std::map<std::string, std::map<std::string, int64_t>> counts;
    // Entities whose summary said the pass stopped at options.max_records_per_pass (a
    // stated cap: the next pass goes on from there).
    std::vector<std::string> stopped_at_limit;
    std::vector<std::string> errors;   // the "  error: ..." lines, the first few
    std::filesystem::path log;
};

class BenchStack {
public:
    static constexpr const char* kConnection = "bench";

    // Starts both emulators seeded with `seed` (Norce pushing to 127.0.0.1:service_port)
    // and writes dir/skarv.json with a fresh admin token.
    // job_poll_ms: how often the Norce connector asks whether an import job is done
    // (the emulator runs a job at once; the connector's default of 250 ms is for Norce).
    BenchStack(const Binaries& bin, const std::filesystem::path& dir, const sandbox::SeedOptions& seed,
               uint16_t service_port, int job_poll_ms);

    // `skarv sync [--initial] [--entity E]`; throws when it does not end within `limit`.
    SyncRun sync(const std::string& entity, bool initial, std::chrono::seconds limit);

    // `skarv run` on the service port; returns once it printed its "running" line.
    std::unique_ptr<ChildProcess> start_service();

    const std::filesystem::path& dir() const { return dir_; }
    std::filesystem::path state_db() const { return dir_ / "state.db"; }
    const std::string& admin_token() const { return token_; }
    std::string service_url() const;
    Emulator& norce() { return *norce_; }
    Emulator& specter() { return *specter_; }
    const sandbox::SeedData& seed() const { return seed_data_; }
    // The SKUs of the seed (each variant, or the product when it has none) with their
    // price ex VAT in öre: what Specter keeps stock and a price for.
    const std::vector<std::pair<std::string, int64_t>>& skus() const { return skus_; }

private:
    void write_config();
    void make_admin_token();

    Binaries bin_;
    std::filesystem::path dir_;
    sandbox::SeedData seed_data_;
    std::vector<std::pair<std::string, int64_t>> skus_;
    std::unique_ptr<Emulator> norce_, specter_;
    std::string token_, token_sha256_;
    uint16_t service_port_ = 0;
    int job_poll_ms_ = 250;
};

}  // namespace skarv::bench
