#pragma once
// Two or more services (workers) in one test process on one PostgreSQL database, as
// `skarv run` on several machines would be: six merchants from a connections_dir, each
// with the file-system test plugin as shop and ERP, leases of 1.5 s. Used by
// shared_database_test.cpp and the browser's workers panel test.

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "../flow/flow_fixture.hpp"
#include "skarv/host/service/service.hpp"

namespace skarv::test {

inline const char* kShopAuth = "Basic c2hvcDpodW1sZQ==";
inline const std::vector<std::string> kMerchants = {"m1", "m2", "m3", "m4", "m5", "m6"};

inline std::string shared_config(const FlowFixture& f, const std::string& state_url) {
    std::filesystem::create_directories(f.root / "merchants");
    for (const auto& name : kMerchants) {
        std::filesystem::create_directories(f.root / (name + "-shop"));
        std::filesystem::create_directories(f.root / (name + "-erp"));
        std::ofstream(f.root / "merchants" / (name + ".json"))
            << R"({"connections": [{"name": ")" << name << R"(", "flow": "erp", "shop": {"plugin": "file-system", "dir": ")"
            << (f.root / (name + "-shop")).string() << R"(", "push_auth": ")" << kShopAuth
            << R"("}, "erp": {"plugin": "file-system", "dir": ")" << (f.root / (name + "-erp")).string()
            << R"("}, "options": {"orders_as": "order"}}]})";
    }
    auto path = f.root / "skarv.json";
    std::ofstream(path) << R"({"plugin_dirs": [")" << SKARV_FLOW_TEST_PLUGIN_DIR << R"("], "state_db": ")" << state_url
                        << R"(", "connections": [], "connections_dir": "merchants",)"
                        << R"( "workers": {"lease_seconds": 1.5, "poll_ms": 100}})";
    return path.string();
}

struct Worker {
    std::ostringstream log;
    host::Logger logger{log, SKARV_LOG_INFO};
    host::SyncRunner runner;
    host::Service service;
    uint16_t port = 0;
    explicit Worker(const std::string& config)
        : runner(config, logger), service(runner, logger, [] {
              host::ServiceOptions o;
              o.port = 0;
              return o;
          }()) {
        port = service.start();
    }
    ~Worker() { stop(); }
    void stop() {
        service.stop();
        service.wait();
    }
    std::size_t held() const { return service.leases()->held().size(); }
};

}  // namespace skarv::test
