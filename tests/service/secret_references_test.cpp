// Secrets outside the configuration file: {"$env": NAME} and {"$file": PATH} in place of
// any string setting, resolved before the plugin's schema sees them, scrubbed from the
// log whatever key they sit under, and named by their path when missing.
#include <gtest/gtest.h>

#include <stdlib.h>
#include <sys/wait.h>

#include <cstdio>

#include "../flow/flow_fixture.hpp"
#include "service_http.hpp"
#include "skarv/host/config/host_config.hpp"
#include "skarv/host/service/service.hpp"

using namespace skarv;

namespace {

boost::json::value read_json(const std::string& path) {
    std::ifstream in(path);
    std::stringstream t;
    t << in.rdbuf();
    return boost::json::parse(t.str());
}

// Replaces connections[0]'s ERP "dir" and first shop's "push_auth" with references.
void use_references(const std::string& config, const boost::json::value& erp_dir, const boost::json::value& push_auth) {
    auto doc = read_json(config);
    auto& connection = doc.at("connections").as_array()[0].as_object();
    connection.at("erp").as_object()["dir"] = erp_dir;
    connection.at("shops").as_array()[0].as_object()["push_auth"] = push_auth;
    std::ofstream(config) << boost::json::serialize(doc);
}

}  // namespace

TEST(SecretReferences, EnvAndFileAreResolvedForThePluginAndScrubbedFromTheLog) {
    test::FlowFixture f("secret-refs");
    auto config = f.config("erp", "", false, R"({"orders_as": "order"})");
    // The ERP's folder from the environment; the shop's push credentials from a
    // credentials file as systemd's LoadCredential= leaves it (with a newline).
    ::setenv("SKARV_TEST_ERP_DIR", (f.root / "erp").c_str(), 1);
    std::ofstream(f.root / "push-credential") << "Basic c2hvcDpodW1sZQ==\n";
    use_references(config, {{"$env", "SKARV_TEST_ERP_DIR"}}, {{"$file", (f.root / "push-credential").string()}});
    // A host block too: the admin token's hash from the environment.
    ::setenv("SKARV_TEST_ADMIN_HASH", test::test_admin_token().sha256_hex.c_str(), 1);
    test::add_config_blocks(config, {{"admin", {{"tokens", {{{"name", "ops"}, {"sha256", {{"$env", "SKARV_TEST_ADMIN_HASH"}}}}}}}}});

    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    host::SyncRunner runner(config, logger);
    host::ServiceOptions options;
    options.port = 0;
    host::Service service(runner, logger, options);
    auto port = service.start();
    auto orders = boost::json::serialize(boost::json::array{test::swedish_order("800001")});
    // The newline was trimmed: the exact header the shop sends is accepted.
    auto pushed = test::send(port, {"POST", "/push/main/1", orders, "application/json", {{"Authorization", "Basic c2hvcDpodW1sZQ=="}}});
    EXPECT_EQ(pushed.status, 200) << pushed.body << log.str();
    // The ERP plugin wrote into the folder the environment named.
    ASSERT_TRUE(test::eventually([&] { return f.written("erp", "orders").size() == 1; })) << log.str();
    EXPECT_EQ(f.written("erp", "orders")[0].at("order_id"), "800001");
    EXPECT_EQ(test::admin(port, "GET", "/api/connections").status, 200);
    service.stop();
    service.wait();
    // Resolved values are secrets even under a key that does not sound like one ("dir").
    EXPECT_EQ(logger.scrub("writing to " + (f.root / "erp").string()), "writing to ***");
    EXPECT_EQ(log.str().find((f.root / "erp").string()), std::string::npos);
    ::unsetenv("SKARV_TEST_ERP_DIR");
    ::unsetenv("SKARV_TEST_ADMIN_HASH");
}

TEST(SecretReferences, CheckNamesEachMissingOneByItsPathAndNeverAValue) {
    test::FlowFixture f("secret-missing");
    auto config = f.config("erp");
    ::unsetenv("SKARV_TEST_NOT_SET");
    use_references(config, {{"$env", "SKARV_TEST_NOT_SET"}}, {{"$file", (f.root / "no-such-credential").string()}});
    // A tokens file holding a pasted token instead of its hash is named, not echoed.
    std::ofstream(f.root / "tokens") << "skarv_pasted-the-token-itself ops\n";
    test::add_config_blocks(config, {{"admin", {{"tokens_file", (f.root / "tokens").string()}}}});

    std::string command = std::string(SKARV_BIN) + " check --config " + config + " 2>&1";
    std::unique_ptr<FILE, decltype(&pclose)> cli(popen(command.c_str(), "r"), pclose);
    ASSERT_TRUE(cli);
    std::string out;
    char buf[512];
    while (auto n = fread(buf, 1, sizeof buf, cli.get())) out.append(buf, n);
    int status = pclose(cli.release());
    EXPECT_EQ(WEXITSTATUS(status), 1) << out;
    EXPECT_NE(out.find("connections[0].erp.dir: environment variable SKARV_TEST_NOT_SET is not set"), std::string::npos) << out;
    EXPECT_NE(out.find("connections[0].shops[0].push_auth: cannot read secret file " + (f.root / "no-such-credential").string()),
              std::string::npos)
        << out;
    EXPECT_NE(out.find("admin.tokens_file: " + (f.root / "tokens").string() + " line 1: expected '<sha256 hex> <name>'"),
              std::string::npos)
        << out;
    EXPECT_EQ(out.find("pasted-the-token-itself"), std::string::npos) << out;

    // An object that only looks like a reference (two keys) is left to the schema.
    use_references(config, {{"$env", "HOME"}, {"also", "x"}}, "Basic x");
    auto loaded = host::load_host_config(config);
    ASSERT_TRUE(loaded.config);
    EXPECT_TRUE(loaded.config->connections[0].erp.settings.at("dir").is_object());
}
