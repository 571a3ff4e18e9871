// The listener under load, the full figures behind docs/benchmarks.md#http-listener:
// 200 concurrent clients (5 requests each, a new connection each), 50 slow ones (25 idle,
// 25 dribbling header bytes) holding workers, and 20 order pushes timed one by one. Each
// push must be answered within a second and no connection reset. Exit status 1 if not.
// Loopback only; the test plugins stand in for the shop and the ERP.
//
//   build/bench/skarv_http_load [clients] [slow]
#include <iostream>
#include <sstream>

#include "flow/flow_fixture.hpp"
#include "service/load_clients.hpp"
#include "service/service_http.hpp"
#include "skarv/host/service/service.hpp"

using namespace skarv;

int main(int argc, char** argv) {
    int clients = argc > 1 ? std::stoi(argv[1]) : 200;
    int slow = argc > 2 ? std::stoi(argv[2]) : 50;
    test::FlowFixture f("http-load");
    const std::string shop_auth = "Basic c2hvcDpodW1sZQ==";
    auto config = f.config("erp", "", false, R"({"orders_as": "order"})", R"(, "push_auth": ")" + shop_auth + "\"");
    test::configure_admin(config);
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_WARN);
    host::SyncRunner runner(config, logger);
    host::ServiceOptions options;
    options.port = 0;
    host::Service service(runner, logger, options);
    test::LoadPlan plan;
    plan.port = service.start();
    plan.clients = clients;
    plan.idle = slow / 2;
    plan.dribbling = slow - slow / 2;
    plan.admin_token = test::test_admin_token().token;
    plan.push = [&](int n) {
        auto body = boost::json::serialize(boost::json::array{test::swedish_order("77" + std::to_string(100000 + n))});
        return test::Request{"POST", "/push/main/1", body, "application/json", {{"Authorization", shop_auth}}};
    };
    auto out = test::run_load(plan);
    service.stop();
    service.wait();

    auto worst_push = test::LoadOutcome::percentile(out.push_ms, 1.0);
    std::cout << "clients " << clients << " x " << plan.requests_per_client << " requests, slow " << slow << " (" << plan.idle
              << " idle, " << plan.dribbling << " dribbling), " << out.seconds << " s\n"
              << "requests: " << out.requests << ", answered 200: " << out.answered_ok << ", failed/reset: " << out.failed << "\n"
              << "request latency ms: p50 " << test::LoadOutcome::percentile(out.request_ms, 0.5) << ", p99 "
              << test::LoadOutcome::percentile(out.request_ms, 0.99) << ", max " << test::LoadOutcome::percentile(out.request_ms, 1.0)
              << "\n"
              << "pushes: " << out.pushes_ok << "/" << plan.pushes << " answered 200; latency ms p50 "
              << test::LoadOutcome::percentile(out.push_ms, 0.5) << ", max " << worst_push << "\n"
              << "slow clients hung up on by the service: " << out.slow_closed_by_server << "\n";
    for (const auto& failure : out.failures) std::cout << "  failure: " << failure << "\n";
    bool ok = out.failed == 0 && out.pushes_ok == plan.pushes && worst_push < 1000;
    std::cout << (ok ? "OK" : "NOT OK") << "\n";
    return ok ? 0 : 1;
}
