// skarv sync / reports / deadletters as an operator runs them, on a real state file.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <array>
#include <cstdio>

#include "flow_fixture.hpp"

#include <sys/resource.h>
#include <cstdlib>
#include <string>
#include "native_crash_signals.hpp"



namespace {
// The crashes below are on purpose: no core file of them in the test's folder.
inline void no_core_files() {
    rlimit none{0, 0};
    setrlimit(RLIMIT_CORE, &none);
}
}  // namespace

using skarv::test::FlowFixture;
using skarv::test::swedish_order;

namespace {
struct Run {
    int status;
    std::string output;
};
Run skarv_cli(const std::string& args) {
    std::string command = std::string(SKARV_BIN) + " " + args + " 2>&1";
    FILE* pipe = popen(command.c_str(), "r");
    std::string out;
    std::array<char, 4096> buf{};
    size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
    int status = pclose(pipe);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}
}  // namespace

TEST(FlowCli, SyncReportsDeadLettersShowAndRetry) {
    FlowFixture f("cli");
    f.put("shop", "orders", {swedish_order("400001"), swedish_order("400002", "GHOST")});
    auto config = f.config("erp", R"(, "fail_skus": ["GHOST"])");

    auto dry = skarv_cli("sync --config " + config + " --entity orders --dry-run");
    EXPECT_EQ(dry.status, 0) << dry.output;
    EXPECT_NE(dry.output.find("orders: would transfer order 400001 from shop#1"), std::string::npos) << dry.output;
    EXPECT_TRUE(f.written("erp", "orders").empty());

    auto sync = skarv_cli("sync --config " + config + " --entity orders");
    EXPECT_EQ(sync.status, 1) << sync.output;   // one order failed
    EXPECT_NE(sync.output.find("main/orders: considered 2, created 1"), std::string::npos) << sync.output;
    EXPECT_NE(sync.output.find("error: order 400002: order 400002: article does not exist in the ERP"), std::string::npos)
        << sync.output;

    auto reports = skarv_cli("reports --config " + config + " --json");
    EXPECT_EQ(reports.status, 0);
    auto doc = boost::json::parse(reports.output);
    EXPECT_EQ(doc.at("reports").as_array().at(0).at("created"), 1);
    EXPECT_EQ(doc.at("reports").as_array().at(0).at("failed"), 1);

    auto list = skarv_cli("deadletters list --config " + config);
    EXPECT_NE(list.output.find("#1 main/orders 400002 (1 attempt(s)): order 400002"), std::string::npos) << list.output;
    auto shown = boost::json::parse(skarv_cli("deadletters show --config " + config + " 1").output);
    EXPECT_EQ(shown.at("payload").at("record").at("order_id"), "400002");

    // Correct the record and replay it; the next pass delivers it.
    auto fixed = shown.at("payload");
    fixed.at("record").at("lines").as_array()[0].as_object()["sku"] = "TSHIRT-BLUE-M";
    auto fixed_file = (f.root / "fixed.json").string();
    std::ofstream(fixed_file) << boost::json::serialize(fixed);
    auto retry = skarv_cli("deadletters retry --config " + config + " 1 --payload " + fixed_file);
    EXPECT_EQ(retry.status, 0) << retry.output;
    EXPECT_EQ(skarv_cli("deadletters retry --config " + config + " 99").status, 1);
    auto again = skarv_cli("sync --config " + config + " --entity orders");
    EXPECT_EQ(again.status, 0) << again.output;
    EXPECT_EQ(f.written("erp", "orders").size(), 2u);
    EXPECT_NE(skarv_cli("deadletters list --config " + config).output.find("No dead letters."), std::string::npos);
}

TEST(FlowCli, SyncOfAConnectionThatDoesNotExistFailsNamingIt) {
    FlowFixture f("cli-nope");
    f.put("shop", "orders", {swedish_order("430001")});
    auto config = f.config("erp");
    auto r = skarv_cli("sync --config " + config + " --connection nope");
    EXPECT_EQ(r.status, 2) << r.output;
    EXPECT_NE(r.output.find("--connection nope: no connection of that name in " + config + " (it has: main)"),
              std::string::npos)
        << r.output;
    EXPECT_TRUE(f.written("erp", "orders").empty());
}

TEST(FlowCli, AnInProcessPluginCrashIsTracedAndTheNextStartDeadLettersTheRecord) {
    let_children_die_by_their_signal();
    no_core_files();
    FlowFixture f("cli-inprocess-crash");
    f.put("shop", "orders", {swedish_order("880001"), swedish_order("880002", "BOOM"), swedish_order("880003")});
    auto config = f.config("erp", "", false, R"({"orders_as": "order"})", "",
                           R"(, "transforms": [{"plugin": "test-transform", "hooks": ["order.before_write"],
                                                "isolation": "in_process", "crash_sku": "BOOM"}])");
    // In process, a segfault kills skarv (the shell reports 128 + 11), but not silently.
    auto crashed = skarv_cli("sync --config " + config + " --entity orders");
    EXPECT_EQ(crashed.status, 139) << crashed.output;
    EXPECT_NE(crashed.output.find("skarv: fatal signal SIGSEGV in a plugin call"), std::string::npos) << crashed.output;
    EXPECT_NE(crashed.output.find("plugin=test-transform\ninstance=main/transform#1:test-transform\nop=transform"),
              std::string::npos)
        << crashed.output;
    EXPECT_TRUE(f.written("erp", "orders").empty());

    // The next start recognises the crash: the plugin runs in a runner this time, the
    // record that crashed it is bisected out into a dead letter, the others go through.
    auto after = skarv_cli("sync --config " + config + " --entity orders");
    EXPECT_NE(after.output.find("the last run died of SIGSEGV in plugin 'test-transform'"), std::string::npos)
        << after.output;
    std::vector<std::string> ids;
    for (const auto& o : f.written("erp", "orders")) ids.push_back(std::string(o.at("order_id").as_string()));
    std::sort(ids.begin(), ids.end());
    EXPECT_EQ(ids, (std::vector<std::string>{"880001", "880003"})) << after.output;
    auto letters = skarv_cli("deadletters list --config " + config);
    EXPECT_NE(letters.output.find("880002"), std::string::npos) << letters.output;
    EXPECT_NE(letters.output.find("SIGSEGV"), std::string::npos) << letters.output;

    // And the start after that is back in process, with nothing left to recover.
    auto third = skarv_cli("sync --config " + config + " --entity orders");
    EXPECT_EQ(third.output.find("the last run died"), std::string::npos) << third.output;
}
