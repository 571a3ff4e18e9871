// Many merchants' configuration: "connections_dir" holds one file a merchant. A broken
// file skips only its merchant; a reload restarts only the merchant whose file changed.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "../flow/flow_fixture.hpp"
#include "skarv/host/flow/sync_runner.hpp"

using namespace skarv;
using skarv::test::FlowFixture;
using skarv::test::swedish_order;
namespace fs = std::filesystem;

namespace {

// The main file: no connections of its own, the merchants in merchants/.
std::string main_file(const FlowFixture& f) {
    fs::create_directories(f.root / "merchants");
    auto path = f.root / "skarv.json";
    std::ofstream(path) << R"({"plugin_dirs": [")" << SKARV_FLOW_TEST_PLUGIN_DIR << R"("], "state_db": ")"
                        << (f.root / "state.db").string() << R"(", "connections": [], "connections_dir": "merchants"})";
    return path.string();
}

// One merchant: its own shop and ERP folders under the fixture, orders as `orders_as`.
void merchant(const FlowFixture& f, const std::string& name, const std::string& orders_as = "order") {
    fs::create_directories(f.root / (name + "-shop"));
    fs::create_directories(f.root / (name + "-erp"));
    std::ofstream(f.root / "merchants" / (name + ".json"))
        << "// " << name << "'s connection\n"
        << R"({"connections": [{"name": ")" << name << R"(", "flow": "erp", "shop": {"plugin": "file-system", "dir": ")"
        << (f.root / (name + "-shop")).string() << R"("}, "erp": {"plugin": "file-system", "dir": ")"
        << (f.root / (name + "-erp")).string() << R"("}, "options": {"orders_as": ")" << orders_as << R"("}}]})";
}

void put_orders(const FlowFixture& f, const std::string& name, const boost::json::array& orders) {
    std::ofstream(f.root / (name + "-shop") / "orders.json") << boost::json::serialize(orders);
}

std::size_t orders_written(const FlowFixture& f, const std::string& name) {
    auto p = f.root / (name + "-erp") / "written-orders.json";
    if (!fs::exists(p)) return 0;
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return boost::json::parse(s.str()).as_array().size();
}

std::vector<std::string> running(host::SyncRunner& runner) {
    std::vector<std::string> names;
    for (const auto& c : runner.config().connections) names.push_back(c.name);
    return names;
}

const host::ConnectionRuntime* runtime_of(host::SyncRunner& runner, const std::string& name) {
    for (const auto& c : runner.connections())
        if (c->name() == name) return c.get();
    return nullptr;
}

}  // namespace

TEST(MerchantDirectory, EachFileIsAMerchantAndABrokenOneSkipsOnlyItself) {
    FlowFixture f("merchants-broken");
    auto config = main_file(f);
    merchant(f, "alfa");
    merchant(f, "bravo");
    std::ofstream(f.root / "merchants" / "charlie.json") << R"({"connections": [{"name": "charlie", )";   // cut short
    // A plugin setting the file-system plugin's own schema refuses.
    std::ofstream(f.root / "merchants" / "delta.json")
        << R"({"connections": [{"name": "delta", "flow": "erp", "shop": {"plugin": "file-system"}, )"
        << R"("erp": {"plugin": "file-system", "dir": "/tmp"}}]})";
    // A name another merchant already has.
    std::ofstream(f.root / "merchants" / "echo.json")
        << R"({"connections": [{"name": "alfa", "flow": "erp", "shop": {"plugin": "file-system", "dir": "/tmp"}, )"
        << R"("erp": {"plugin": "file-system", "dir": "/tmp"}}]})";
    std::ofstream(f.root / "merchants" / "notes.txt") << "not a merchant: only *.json files are";
    put_orders(f, "alfa", {swedish_order("100001"), swedish_order("100002")});
    put_orders(f, "bravo", {swedish_order("200001")});

    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    host::SyncRunner runner(config, logger);
    EXPECT_EQ(running(runner), (std::vector<std::string>{"alfa", "bravo"}));
    const auto text = log.str();
    EXPECT_NE(text.find("charlie.json skipped"), std::string::npos) << text;
    EXPECT_NE(text.find("is not valid JSON"), std::string::npos) << text;
    EXPECT_NE(text.find("delta.json skipped"), std::string::npos) << text;
    EXPECT_NE(text.find("delta.json#connections[0].shop"), std::string::npos) << text;
    EXPECT_NE(text.find("echo.json#connections[0].name: connection name 'alfa' is already used by alfa.json"),
              std::string::npos)
        << text;

    runner.pass({std::nullopt, std::string("orders")}, {});
    EXPECT_EQ(orders_written(f, "alfa"), 2u);
    EXPECT_EQ(orders_written(f, "bravo"), 1u);

    // `skarv check` reports every broken merchant and fails, though `run` would go on.
    std::string command = std::string(SKARV_BIN) + " check --config " + config + " 2>&1";
    FILE* pipe = ::popen(command.c_str(), "r");
    ASSERT_NE(pipe, nullptr);
    std::string out;
    char buffer[512];
    while (std::fgets(buffer, sizeof buffer, pipe)) out += buffer;
    int status = ::pclose(pipe);
    EXPECT_EQ(WEXITSTATUS(status), 1) << out;
    for (const char* name : {"charlie.json", "delta.json#connections[0].shop", "echo.json#connections[0].name"})
        EXPECT_NE(out.find(name), std::string::npos) << name << " not in:\n" << out;
}

TEST(MerchantDirectory, AReloadRestartsOnlyTheMerchantWhoseFileChanged) {
    FlowFixture f("merchants-reload");
    auto config = main_file(f);
    merchant(f, "alfa");
    merchant(f, "bravo");
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    host::SyncRunner runner(config, logger);
    const auto* alfa = runtime_of(runner, "alfa");
    const auto* bravo = runtime_of(runner, "bravo");
    ASSERT_NE(alfa, nullptr);
    ASSERT_NE(bravo, nullptr);

    merchant(f, "bravo", "invoice");   // bravo's file edited
    runner.reload();
    EXPECT_EQ(runtime_of(runner, "alfa"), alfa) << "alfa was restarted though its file did not change";
    EXPECT_NE(runtime_of(runner, "bravo"), nullptr);
    EXPECT_NE(log.str().find("2 connection(s), 1 kept running as they were"), std::string::npos) << log.str();

    // bravo's file broken: bravo stops, alfa runs on untouched, and a new merchant starts.
    std::ofstream(f.root / "merchants" / "bravo.json") << "{";
    merchant(f, "charlie");
    runner.reload();
    EXPECT_EQ(running(runner), (std::vector<std::string>{"alfa", "charlie"}));
    EXPECT_EQ(runtime_of(runner, "alfa"), alfa);
    EXPECT_NE(log.str().find("bravo.json skipped"), std::string::npos) << log.str();

    put_orders(f, "alfa", {swedish_order("100001")});
    put_orders(f, "charlie", {swedish_order("300001"), swedish_order("300002")});
    runner.pass({std::nullopt, std::string("orders")}, {});
    EXPECT_EQ(orders_written(f, "alfa"), 1u);
    EXPECT_EQ(orders_written(f, "charlie"), 2u);
    EXPECT_EQ(orders_written(f, "bravo"), 0u);
}

TEST(MerchantDirectory, AMissingDirectoryIsAProblemOfTheMainFile) {
    FlowFixture f("merchants-missing");
    auto config = main_file(f);
    fs::remove_all(f.root / "merchants");
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    try {
        host::SyncRunner runner(config, logger);
        FAIL() << "started without its connections directory";
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find("connections_dir: not a directory"), std::string::npos) << e.what();
    }
}
