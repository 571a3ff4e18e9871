// `skarv check` (and a sync's start) hold each plugin to what it declares: a transform
// only at the hooks it lists, a connector only as the target of entities it writes.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "skarv/host/config/host_config.hpp"

using namespace skarv::host;

namespace {

std::vector<SchemaProblem> problems_of(const std::string& connection) {
    auto dir = std::filesystem::temp_directory_path() / ("skarv-capabilities-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    auto file = dir / "skarv.json";
    std::ofstream(file) << R"({"plugin_dirs": [")" << SKARV_FLOW_TEST_PLUGIN_DIR << R"(", ")" << SKARV_PLUGIN_DIR
                        << R"("], "state_db": ")" << (dir / "state.db").string() << R"(", "connections": [)" << connection
                        << "]}";
    auto loaded = load_host_config(file);
    EXPECT_TRUE(loaded.problems.empty()) << loaded.problems.front().to_string();
    auto plugins = PluginLoader::load_directories(loaded.config->plugin_dirs);
    auto problems = check_connectors(*loaded.config, plugins);
    std::filesystem::remove_all(dir);
    return problems;
}

}  // namespace

TEST(CapabilityCheck, ATransformAtAHookItDoesNotDeclareIsRefused) {
    auto problems = problems_of(R"({"name": "main", "flow": "erp",
        "shop": {"plugin": "file-system", "dir": "/tmp/x"}, "erp": {"plugin": "file-system", "dir": "/tmp/y"},
        "transforms": [{"plugin": "test-transform", "hooks": ["order.before_write", "product.before_write"]}]})");
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].path, "connections[0].transforms[0].hooks[1]");
    EXPECT_NE(problems[0].message.find("'test-transform' does not declare the hook product.before_write"), std::string::npos)
        << problems[0].message;
}

TEST(CapabilityCheck, AnErpThatDoesNotWriteWhatTheFlowSendsItIsRefused) {
    // ecom: products go shop -> ERP; memory-erp writes orders only.
    auto problems = problems_of(R"({"name": "main", "flow": "ecom",
        "shop": {"plugin": "file-system", "dir": "/tmp/x"}, "erp": {"plugin": "memory-erp"}})");
    ASSERT_EQ(problems.size(), 1u) << problems[0].to_string();
    EXPECT_EQ(problems[0].path, "connections[0].erp.plugin");
    EXPECT_EQ(problems[0].message, "'memory-erp' does not declare products.write, but the 'ecom' flow sends products shop->erp");
}

TEST(CapabilityCheck, AConnectionWhosePluginsDeclareWhatItUsesPasses) {
    EXPECT_TRUE(problems_of(R"({"name": "main", "flow": "combo",
        "shop": {"plugin": "file-system", "dir": "/tmp/x"}, "erp": {"plugin": "file-system", "dir": "/tmp/y"},
        "transforms": [{"plugin": "test-transform", "hooks": ["order.before_write"]}]})").empty());
}
