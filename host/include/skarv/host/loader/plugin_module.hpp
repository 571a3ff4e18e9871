#pragma once
// PluginModule: one loaded shared object and its validated descriptor. The library is
// never unloaded (opened with RTLD_NODELETE and never closed, as DuckDB and SQLite do):
// a thread still inside the plugin, its static objects and its thread_local storage stay
// valid for the life of the process. A changed file is loaded anew from a copy named by
// its content (PluginLoader), so replacing a plugin never needs the old one gone.

#include <filesystem>
#include <memory>
#include <string>

#include <boost/json.hpp>

#include "skarv/abi.h"

namespace skarv::host {

class PluginModule {
public:
    // `library`: the opened library (never closed), or null for a module only a runner loads.
    // `strings`: whatever owns the descriptor's strings, when the library does not (a module
    // a runner described).
    PluginModule(std::filesystem::path file, void* library, const skarv_plugin_descriptor& descriptor,
                 boost::json::object capabilities, std::shared_ptr<const void> strings = nullptr);
    // False for a module only a runner loads: its instances must run with process isolation.
    bool mapped() const { return library_ != nullptr; }

    // The file as found in the plugin directory (a runner loads this path).
    const std::filesystem::path& file() const { return file_; }
    const std::string& name() const { return name_; }
    const std::string& version() const { return version_; }
    skarv_plugin_kind kind() const { return static_cast<skarv_plugin_kind>(descriptor_.kind); }
    std::string kind_name() const;
    // "1.0": the ABI the plugin was built against.
    std::string abi_version() const;
    const boost::json::object& capabilities() const { return capabilities_; }
    // The config schema from the capabilities document, or an empty object (accepts anything).
    const boost::json::value& config_schema() const;
    // The host's copy: exactly the fields the plugin's struct_size covered, the rest zero.
    const skarv_plugin_descriptor& descriptor() const { return descriptor_; }

private:
    std::filesystem::path file_;
    void* library_;   // never closed
    skarv_plugin_descriptor descriptor_;
    std::string name_;
    std::string version_;
    boost::json::object capabilities_;
    std::shared_ptr<const void> strings_;
};

using PluginModulePtr = std::shared_ptr<const PluginModule>;

}  // namespace skarv::host
