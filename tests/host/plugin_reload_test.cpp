// Reloading: a plugin file replaced by `mv` at the same path is loaded anew from a copy
// named by its content, so the new code runs; the old library stays mapped for the
// instances still using it (libraries are never unloaded).
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>

#include "skarv/host/loader/plugin_instance.hpp"
#include "skarv/host/loader/plugin_loader.hpp"
#include "skarv/host/runtime/memory_plugin_state.hpp"

using namespace skarv::host;
namespace fs = std::filesystem;

TEST(PluginReload, AFileReplacedByMvBringsTheNewCodeAndTheOldKeepsRunning) {
    auto dir = fs::temp_directory_path() / ("skarv-reload-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    auto good = fs::path(SKARV_GOOD_TEST_PLUGIN_DIR);
    fs::copy_file(good / "c-connector.so", dir / "plugin.so");

    auto first = PluginLoader::load_file(dir / "plugin.so");
    ASSERT_TRUE(first.loaded()) << first.refusal;
    EXPECT_EQ(first.module->name(), "c-connector");
    MemoryPluginState state;
    auto context = std::make_shared<HostContext>();
    context->state = &state;
    PluginInstance old_instance(first.module, "old", boost::json::object{}, context);

    // A new build lands the way a package manager or `install` puts it: a new file renamed
    // over the old path.
    fs::copy_file(good / "future-minor.so", dir / "plugin.so.new");
    ASSERT_EQ(std::rename((dir / "plugin.so.new").c_str(), (dir / "plugin.so").c_str()), 0);
    auto second = PluginLoader::load_file(dir / "plugin.so");
    ASSERT_TRUE(second.loaded()) << second.refusal;
    EXPECT_EQ(second.module->name(), "future-minor");   // not the library already mapped for that path

    // The same content again is the library already loaded, not a third copy.
    auto again = PluginLoader::load_file(dir / "plugin.so");
    ASSERT_TRUE(again.loaded());
    EXPECT_EQ(again.module->descriptor().call, second.module->descriptor().call);

    // The instance made from the old build still answers from the old code.
    auto echoed = old_instance.call({{"op", "echo"}, {"records", boost::json::array{1}}});
    EXPECT_TRUE(echoed.ok()) << echoed.message();
    // The copies are private and do not pile up: each is removed once it is mapped.
    fs::remove_all(dir);
}
