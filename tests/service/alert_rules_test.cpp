// examples/prometheus-alerts.yml: valid YAML in Prometheus' rule-file shape, and every
// metric an expression names is one a running service exports on /metrics. When
// promtool is installed, it checks the file too.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <regex>
#include <set>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "../flow/flow_fixture.hpp"
#include "service_http.hpp"
#include "skarv/host/service/service.hpp"

using namespace skarv;

namespace {
std::set<std::string> exported_metric_names(const std::string& metrics) {
    std::set<std::string> names;
    std::istringstream in(metrics);
    for (std::string line; std::getline(in, line);)
        if (!line.empty() && line[0] != '#') names.insert(line.substr(0, line.find_first_of("{ ")));
    return names;
}
}  // namespace

TEST(AlertRules, EveryRuleIsWellFormedAndNamesOnlyExportedMetrics) {
    test::FlowFixture f("alert-rules");
    f.put("shop", "orders", {test::swedish_order("620001")});
    auto config = f.config("erp");
    test::configure_admin(config);
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    host::SyncRunner runner(config, logger);
    host::ServiceOptions options;
    options.port = 0;
    host::Service service(runner, logger, options);
    auto port = service.start();
    ASSERT_TRUE(test::eventually([&] { return runner.store().reports(50).size() >= 6; })) << log.str();
    const auto exported = exported_metric_names(test::admin(port, "GET", "/metrics").body);
    service.stop();
    ASSERT_TRUE(exported.count("skarv_health_state"));

    const std::string file = SKARV_ALERT_RULES;
    YAML::Node doc = YAML::LoadFile(file);
    ASSERT_TRUE(doc["groups"].IsSequence());
    std::set<std::string> alerts;
    const std::regex metric(R"(\bskarv_[a-z_]+\b)");
    int rules = 0;
    for (const auto& group : doc["groups"]) {
        ASSERT_TRUE(group["name"].IsScalar());
        for (const auto& rule : group["rules"]) {
            ++rules;
            const auto name = rule["alert"].as<std::string>();
            SCOPED_TRACE(name);
            EXPECT_TRUE(alerts.insert(name).second) << "two rules named " << name;
            const auto expr = rule["expr"].as<std::string>();
            const auto severity = rule["labels"]["severity"].as<std::string>();
            EXPECT_TRUE(severity == "critical" || severity == "warning" || severity == "info") << severity;
            EXPECT_FALSE(rule["annotations"]["summary"].as<std::string>().empty());
            int named = 0;
            for (std::sregex_iterator m(expr.begin(), expr.end(), metric), end; m != end; ++m, ++named)
                EXPECT_TRUE(exported.count(m->str())) << m->str() << " in '" << expr << "' is not on /metrics";
            EXPECT_GT(named, 0) << expr;
        }
    }
    EXPECT_GE(rules, 5);
    if (std::system("command -v promtool >/dev/null 2>&1") == 0) {
        int status = std::system(("promtool check rules " + file + " >/dev/null").c_str());
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "promtool check rules " << file;
    }
}
