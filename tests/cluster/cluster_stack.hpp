#pragma once
// A cluster as an integrator runs it for many merchants: the Norce and Specter emulators
// for N merchants (two `skarv-sandbox --tenants N` processes), one PostgreSQL database,
// one merchant file per merchant in `connections_dir`, and K `skarv run` workers sharing
// the database, each on a port of its own that Norce's push reaches (the emulator draws
// one worker per attempt, as a load balancer would; a dead one fails that attempt).
// Workers are killed with SIGKILL and started again by the test.

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "../flow/kill_fixture.hpp"

namespace skarv::test::cluster {

namespace fs = std::filesystem;

struct ClusterOptions {
    int merchants = 24;
    int workers = 3;
    double lease_seconds = 2;
    int poll_ms = 250;              // how often a lease holder looks at the queued pushes
    int orders_every_s = 5;         // the order pass, for orders whose push never got through
    std::vector<std::string> specter_faults;   // --fault rules for every merchant's Specter
};

// One merchant's emulator per tenant, all in one skarv-sandbox process.
class MerchantEmulators {
public:
    MerchantEmulators(std::vector<std::string> args, int tenants, const fs::path& log);
    std::string base_url(int merchant) const;   // merchant 1..tenants
    boost::json::value state(int merchant) const;
    boost::json::value post(int merchant, const std::string& path, const boost::json::value& body) const;

private:
    kill::ChildProcess process_;
    std::vector<uint16_t> ports_;
};

class ClusterStack {
public:
    ClusterStack(const fs::path& dir, std::string state_url, ClusterOptions options);
    ~ClusterStack();

    int merchants() const { return options_.merchants; }
    int workers() const { return options_.workers; }
    static std::string connection(int merchant) { return "m" + std::to_string(merchant); }

    // Starts worker i (again, after a kill) and waits for its "running" line.
    void start_worker(int i);
    // SIGKILL; its pid, for the workers table.
    pid_t kill_worker(int i);
    pid_t worker_pid(int i) const;
    bool worker_running(int i);
    fs::path worker_log(int i) const;

    // A new order in a merchant's Norce (pushed at once); its ClientOrderRef.
    std::string make_order(int merchant, std::mt19937& random);

    // What Norce released / Specter holds, per merchant.
    std::map<std::string, int64_t> released(int merchant) const;
    kill::ErpBooks books(int merchant) const;
    // Waits until every merchant's Specter holds as many orders as its Norce released.
    bool wait_until_delivered(std::chrono::seconds limit) const;
    // Every released order once in its own merchant's Specter, with Norce's total to the
    // öre, and nothing else there.
    void expect_each_released_once() const;

private:
    void write_config();

    fs::path dir_;
    std::string state_url_;
    ClusterOptions options_;
    std::vector<uint16_t> worker_ports_;
    std::unique_ptr<MerchantEmulators> norce_, specter_;
    std::vector<std::vector<std::string>> skus_;   // per merchant: what its orders buy
    std::vector<std::unique_ptr<kill::ChildProcess>> workers_;
};

}  // namespace skarv::test::cluster
