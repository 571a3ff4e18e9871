#pragma once
// The test fixture the Klarna, Nets and Svea tests share: a payment-provider connector
// loaded from its built .so into the host's loader, with a fixed clock (2026-11-23) and
// a temporary inbox folder for the file-drop mode.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include <skarv/records.hpp>

#include "skarv/host/loader/plugin_instance.hpp"
#include "skarv/host/loader/plugin_loader.hpp"
#include "skarv/host/runtime/memory_plugin_state.hpp"

namespace provider_test {

inline std::unique_ptr<skarv::host::PluginInstance> load(const char* file, const boost::json::object& config,
                                                          std::vector<std::string>* log = nullptr) {
    static skarv::host::MemoryPluginState state;
    auto r = skarv::host::PluginLoader::load_file(file);
    EXPECT_TRUE(r.loaded()) << r.refusal;
    auto c = std::make_shared<skarv::host::HostContext>();
    c->instance_name = "provider";
    c->log = [log](skarv_log_level, std::string_view source, std::string_view msg) {
        if (log) log->push_back(std::string(source) + ": " + std::string(msg));
    };
    c->clock = [] { return int64_t{1795427200000}; };   // 2026-11-23T08:26:40Z
    c->state = &state;
    return std::make_unique<skarv::host::PluginInstance>(r.module, "provider", config, c);
}

// Reads settlements.read page by page (following more / cursor) into records.
inline std::vector<skarv::model::Settlement> read_all(skarv::host::PluginInstance& plugin, int64_t limit,
                                                      int* pages = nullptr) {
    std::vector<skarv::model::Settlement> out;
    boost::json::value cursor = nullptr;
    for (int page = 0; page < 100; ++page) {
        auto r = plugin.call(boost::json::object{{"op", "settlements.read"}, {"cursor", cursor}, {"limit", limit}});
        EXPECT_TRUE(r.ok()) << r.message();
        if (!r.ok()) break;
        if (pages) ++*pages;
        for (const auto& rec : r.document.at("records").as_array()) out.push_back(skarv::model::read_settlement(rec));
        cursor = r.document.at("cursor");
        if (!r.document.as_object().contains("more") || !r.document.at("more").as_bool()) break;
    }
    return out;
}

struct TempDir {
    std::filesystem::path path;
    TempDir() {
        path = std::filesystem::temp_directory_path() / ("skarv-inbox-" + std::to_string(std::random_device{}()));
        std::filesystem::create_directories(path);
    }
    ~TempDir() { std::filesystem::remove_all(path); }
    void write(const std::string& name, const std::string& text) const { std::ofstream(path / name, std::ios::binary) << text; }
    std::string read(const std::filesystem::path& rel) const {
        std::ifstream in(path / rel);
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    }
    bool has(const std::filesystem::path& rel) const { return std::filesystem::exists(path / rel); }
};

}  // namespace provider_test
