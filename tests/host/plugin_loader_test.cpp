// The loader refuses every kind of broken plugin with a one-line reason, and the others
// still load.
#include <gtest/gtest.h>

#include <map>

#include "skarv/host/loader/plugin_loader.hpp"

using skarv::host::PluginLoader;

namespace {
std::map<std::string, skarv::host::PluginLoadResult> by_file_stem(const std::string& dir) {
    std::map<std::string, skarv::host::PluginLoadResult> out;
    for (auto& r : PluginLoader::load_directories({dir})) out[r.file.stem().string()] = r;
    return out;
}
}  // namespace

TEST(HostLoader, LoadsGoodPluginsWithTheirDescriptors) {
    auto results = by_file_stem(SKARV_GOOD_TEST_PLUGIN_DIR);
    ASSERT_TRUE(results.count("c-connector"));
    auto& c = results.at("c-connector");
    ASSERT_TRUE(c.loaded()) << c.refusal;
    EXPECT_EQ(c.module->name(), "c-connector");
    EXPECT_EQ(c.module->kind_name(), "connector");
    EXPECT_EQ(c.module->version(), "0.1.0");
    EXPECT_EQ(c.module->abi_version(), "1.1");
    EXPECT_TRUE(c.module->config_schema().as_object().contains("required"));
    ASSERT_TRUE(results.at("throwing").loaded()) << results.at("throwing").refusal;
    EXPECT_EQ(results.at("throwing").module->kind_name(), "transform");
}

TEST(HostLoader, LoadsAPluginFromANewerMinorReadingOnlyKnownFields) {
    auto results = by_file_stem(SKARV_GOOD_TEST_PLUGIN_DIR);
    auto& f = results.at("future-minor");
    ASSERT_TRUE(f.loaded()) << f.refusal;
    EXPECT_EQ(f.module->abi_version(), "1.7");
    EXPECT_EQ(f.module->descriptor().struct_size, sizeof(skarv_plugin_descriptor));   // the host's view, clipped
}

TEST(HostLoader, RefusesEachBrokenPluginWithAReason) {
    auto results = by_file_stem(SKARV_REFUSED_TEST_PLUGIN_DIR);
    std::map<std::string, std::string> expected = {
        {"not-a-library", "not a loadable shared object: " + std::string(SKARV_REFUSED_TEST_PLUGIN_DIR) + "/not-a-library.so: file too short"},
        {"broken-undefined", "not a loadable shared object: " + std::string(SKARV_REFUSED_TEST_PLUGIN_DIR) +
                                 "/broken-undefined.so: undefined symbol: skarv_test_symbol_nobody_defines"},
        {"broken-no-entry", "no entry symbol skarv_plugin_entry_v1"},
        {"broken-entry-v2", "built for ABI major 2, this host speaks ABI 1.1"},
        {"broken-major", "built for ABI 2.1, this host speaks ABI 1.1"},
        {"broken-small", "descriptor too small"},
        {"broken-name", "invalid plugin name"},
        {"broken-caps", "capabilities document that is not a JSON object"},
        {"broken-null-call", "leaves a required function"},
        {"broken-refuses", "refused to load into a host of ABI 1.1"},
    };
    for (const auto& [stem, reason] : expected) {
        ASSERT_TRUE(results.count(stem)) << stem << " was not listed";
        const auto& r = results.at(stem);
        EXPECT_FALSE(r.loaded()) << stem;
        EXPECT_NE(r.refusal.find(reason), std::string::npos) << stem << ": " << r.refusal;
        EXPECT_EQ(r.refusal.find('\n'), std::string::npos) << "reason is not one line: " << r.refusal;
    }
    EXPECT_EQ(results.size(), expected.size());
}

TEST(HostLoader, GoodPluginsStillLoadBesideBrokenOnes) {
    auto results = PluginLoader::load_directories({SKARV_REFUSED_TEST_PLUGIN_DIR, SKARV_GOOD_TEST_PLUGIN_DIR});
    int loaded = 0, refused = 0;
    for (const auto& r : results) (r.loaded() ? loaded : refused)++;
    EXPECT_EQ(loaded, 3);
    EXPECT_EQ(refused, 10);
}

TEST(HostLoader, MissingDirectoryIsReportedAndDuplicatesRefused) {
    auto results = PluginLoader::load_directories({"/nonexistent/skarv-plugins", SKARV_GOOD_TEST_PLUGIN_DIR,
                                                   SKARV_GOOD_TEST_PLUGIN_DIR});
    ASSERT_FALSE(results.empty());
    EXPECT_EQ(results[0].refusal, "not a directory");
    int duplicates = 0;
    for (const auto& r : results) duplicates += r.refusal.find("duplicate plugin name") != std::string::npos;
    EXPECT_EQ(duplicates, 3);
}
