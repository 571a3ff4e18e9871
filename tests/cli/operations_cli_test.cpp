// `skarv usage` and `skarv init` as an operator meets them: the usage table of a month,
// a configuration `skarv check` accepts for every ERP, flow and credentials source, and
// no existing file overwritten without --force.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <boost/json.hpp>

#include "skarv/host/store/store.hpp"

namespace fs = std::filesystem;

namespace {

struct Run {
    int status;
    std::string output;   // stdout and stderr together
};

Run shell(const std::string& command_line) {
    FILE* pipe = popen((command_line + " 2>&1 </dev/null").c_str(), "r");
    std::string out;
    std::array<char, 4096> buf{};
    size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
    int status = pclose(pipe);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}
Run run_skarv(const std::string& args) { return shell(std::string(SKARV_BIN) + " " + args); }

fs::path fresh_dir(const std::string& name) {
    auto dir = fs::temp_directory_path() / ("skarv-ops-cli-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

std::string read(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

constexpr int64_t kDecember = 1'796'083'200'000;   // 2026-12-01T00:00:00Z
constexpr int64_t kDay = 86'400'000;

}  // namespace

TEST(CliUsage, PrintsOrdersAndActiveSkusPerConnectionForTheMonth) {
    auto dir = fresh_dir("usage");
    {
        skarv::host::Store store(dir / "state.db");
        store.count_order("shop-se", "100001", kDecember + kDay);
        store.count_order("shop-se", "100002", kDecember + 2 * kDay);
        store.count_order("shop-se", "100002", kDecember + 3 * kDay);   // read again: counted once
        store.count_order("shop-no", "200001", kDecember + kDay);
        store.count_order("shop-no", "200002", kDecember - kDay);       // November
        store.count_skus("shop-se", {"A1", "A2", "A1"}, kDecember + kDay);
        store.count_skus("shop-se", {"A2", "A3"}, kDecember + 9 * kDay);
    }
    std::ofstream(dir / "skarv.json") << R"({"plugin_dirs": ["plugins"], "state_db": "state.db", "connections": []})";
    const auto config = (dir / "skarv.json").string();

    auto december = run_skarv("usage --config " + config + " --month 2026-12");
    EXPECT_EQ(december.status, 0) << december.output;
    EXPECT_EQ(december.output,
              "Usage in 2026-12 (calendar month, UTC)\n"
              "connection    orders  active SKUs\n"
              "shop-no            1            0\n"
              "shop-se            2            3\n"
              "total              3            3\n");
    auto json = boost::json::parse(run_skarv("usage --config " + config + " --month 2026-11 --json").output);
    EXPECT_EQ(json.at("month"), "2026-11");
    ASSERT_EQ(json.at("usage").as_array().size(), 1u);
    EXPECT_EQ(json.at("usage").as_array()[0].at("connection"), "shop-no");
    EXPECT_EQ(json.at("usage").as_array()[0].at("orders"), 1);
    auto empty = run_skarv("usage --config " + config + " --month 2025-01");
    EXPECT_EQ(empty.status, 0);
    EXPECT_NE(empty.output.find("No orders transferred and no SKUs written in 2025-01."), std::string::npos) << empty.output;
    auto bad = run_skarv("usage --config " + config + " --month 2026-13");
    EXPECT_EQ(bad.status, 2);
    EXPECT_NE(bad.output.find("--month must be YYYY-MM"), std::string::npos) << bad.output;
}

TEST(CliInit, WritesAConfigurationSkarvCheckAcceptsForEverySystemFlowAndCredentialsSource) {
    auto dir = fresh_dir("init");
    auto secrets = dir / "secrets";
    fs::create_directories(secrets);
    for (const char* name : {"norce-client-secret", "norce-push-password", "specter-api-user-key", "specter-integration-key"})
        std::ofstream(secrets / name) << "s3cret-" << name << "\n";
    const std::string env = "NORCE_CLIENT_SECRET=a-secret NORCE_PUSH_PASSWORD=b-secret SPECTER_API_USER_KEY=c-secret "
                            "SPECTER_INTEGRATION_KEY=d-secret ";
    for (const std::string erp : {"specter", "visma"})
        for (const std::string flow : {"erp", "ecom", "combo"})
            for (const std::string credentials : {"env", "file"}) {
                SCOPED_TRACE(erp + " " + flow + " " + credentials);
                auto file = dir / (erp + "-" + flow + "-" + credentials) / "skarv.json";
                auto init = run_skarv("init --shop norce --erp " + erp + " --flow " + flow + " --credentials " + credentials +
                                  " --secrets-dir " + secrets.string() + " --plugin-dir " + SKARV_PLUGIN_DIR +
                                  " --output " + file.string());
                ASSERT_EQ(init.status, 0) << init.output;
                const auto text = read(file);
                EXPECT_EQ(text.rfind("// Skarv configuration written by `skarv init`", 0), 0u) << text;
                EXPECT_NE(text.find("\"flow\": \"" + flow + "\""), std::string::npos);
                EXPECT_NE(text.find("\"plugin\": \"" + erp + "\""), std::string::npos);
                // Secrets are references, never values.
                EXPECT_NE(text.find(credentials == "env" ? "{\"$env\": \"NORCE_CLIENT_SECRET\"}" : "{\"$file\": "),
                          std::string::npos) << text;
                auto check = shell(env + SKARV_BIN + " check --config " + file.string());
                EXPECT_EQ(check.status, 0) << check.output << "\n" << text;
                EXPECT_NE(check.output.find("valid (1 connection(s))"), std::string::npos) << check.output;
            }
    // Without the credentials the file names, check says which is missing.
    auto missing = run_skarv("check --config " + (dir / "specter-erp-env" / "skarv.json").string());
    EXPECT_NE(missing.status, 0);
    EXPECT_NE(missing.output.find("NORCE_CLIENT_SECRET"), std::string::npos) << missing.output;
}

TEST(CliInit, RefusesToOverwriteWithoutForceAndNeedsItsChoicesOffATerminal) {
    auto dir = fresh_dir("init-refuse");
    auto file = dir / "skarv.json";
    std::ofstream(file) << "{\"mine\": true}\n";
    const auto args = "init --erp specter --flow erp --credentials env --plugin-dir " + std::string(SKARV_PLUGIN_DIR) +
                      " --output " + file.string();
    auto refused = run_skarv(args);
    EXPECT_EQ(refused.status, 1);
    EXPECT_NE(refused.output.find("exists; pass --force to overwrite it"), std::string::npos) << refused.output;
    EXPECT_EQ(read(file), "{\"mine\": true}\n");
    auto forced = run_skarv(args + " --force");
    EXPECT_EQ(forced.status, 0) << forced.output;
    EXPECT_NE(read(file).find("\"plugin\": \"specter\""), std::string::npos);
    // Not on a terminal, a missing choice is an error naming the flag, and nothing is written.
    auto no_erp = run_skarv("init --flow erp --credentials env --output " + (dir / "other.json").string());
    EXPECT_EQ(no_erp.status, 2);
    EXPECT_NE(no_erp.output.find("--erp specter|visma is needed"), std::string::npos) << no_erp.output;
    EXPECT_FALSE(fs::exists(dir / "other.json"));
    auto bad_flow = run_skarv("init --erp specter --flow sideways --credentials env --output " + (dir / "other.json").string());
    EXPECT_EQ(bad_flow.status, 2);
    EXPECT_NE(bad_flow.output.find("--flow must be one of erp|ecom|combo (got 'sideways')"), std::string::npos);
}

TEST(CliInit, AsksOnATerminalAndWritesTheAnswers) {
    if (shell("command -v script").status != 0) GTEST_SKIP() << "no `script` (util-linux) to give skarv init a terminal";
    auto dir = fresh_dir("init-tty");
    auto file = dir / "skarv.json";
    // shop, ERP, flow, credentials, then Norce's URL, client id (the default), AccountId,
    // application id, then Specter's sbmId and apiUserId.
    const std::string answers = "norce\\nspecter\\ncombo\\nenv\\nhttps://acme.api-se.norce.tech\\n\\n17\\n1244\\n12345\\n67\\n";
    auto run = shell("(printf '" + answers + "' | script -qec \"" + std::string(SKARV_BIN) + " init --plugin-dir " +
                     SKARV_PLUGIN_DIR + " --output " + file.string() + "\" /dev/null)");
    ASSERT_EQ(run.status, 0) << run.output;
    EXPECT_NE(run.output.find("ERP (specter|visma) [specter]:"), std::string::npos) << run.output;
    const auto text = read(file);
    for (const char* expected : {R"("flow": "combo")", R"("base_url": "https://acme.api-se.norce.tech")",
                                 R"("client_id": "skarv-integration")", R"("account_id": 17)", R"("application_id": 1244)",
                                 R"("sbm_id": "12345")", R"("api_user_id": "67")"})
        EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
}
