#pragma once
// One benchmark cluster: the Norce and Specter emulators for N merchants (two
// `skarv-sandbox --tenants N` processes), a fresh PostgreSQL database, one merchant file
// per merchant in `connections_dir`, and K `skarv run` workers on it. Norce pushes each
// order to one of the workers drawn at random (as a load balancer would).

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "../scale/child_process.hpp"

namespace skarv::bench {

struct ClusterBinaries {
    std::filesystem::path skarv, sandbox, plugin_dir;
};

struct ClusterShape {
    int merchants = 200;
    int workers = 1;
    double lease_seconds = 10;
    int poll_ms = 500;    // the host's default: how often a holder reads the queued pushes
};

// N emulators of one kind in one process, one port each.
class TenantProcess {
public:
    TenantProcess(const ClusterBinaries& bin, std::vector<std::string> args, int tenants,
                  const std::filesystem::path& log);
    std::string base_url(int merchant) const;   // 1..tenants
    pid_t pid() const { return process_->pid(); }

private:
    std::unique_ptr<ChildProcess> process_;
    std::vector<uint16_t> ports_;
};

class MerchantCluster {
public:
    MerchantCluster(const ClusterBinaries& bin, const std::filesystem::path& dir, std::string state_url,
                    ClusterShape shape);
    ~MerchantCluster();

    // Starts every worker; returns once each printed its "running" line.
    void start_workers();
    std::vector<pid_t> worker_pids() const;
    TenantProcess& norce() { return *norce_; }
    TenantProcess& specter() { return *specter_; }
    const ClusterShape& shape() const { return shape_; }
    // What merchant m's orders may buy: its seed's SKUs.
    const std::vector<std::string>& skus(int merchant) const { return skus_.at(static_cast<size_t>(merchant - 1)); }
    static std::string connection(int merchant) { return "m" + std::to_string(merchant); }

private:
    void write_config();

    ClusterBinaries bin_;
    std::filesystem::path dir_;
    std::string state_url_;
    ClusterShape shape_;
    std::vector<uint16_t> ports_;
    std::vector<std::vector<std::string>> skus_;
    std::unique_ptr<TenantProcess> norce_, specter_;
    std::vector<std::unique_ptr<ChildProcess>> workers_;
};

}  // namespace skarv::bench
