#pragma once
// PluginModule: one loaded shared object and its validated descriptor. Instances hold a
// shared_ptr to their module, so the code they run stays mapped as long as any of them
// lives (Boost.DLL's "library holding deleter" advice); modules are never unloaded
// while an instance exists.

#include <filesystem>
#include <memory>
#include <string>

#include <boost/dll/shared_library.hpp>
#include <boost/json.hpp>

#include "skarv/abi.h"

namespace skarv::host {

class PluginModule {
public:
    PluginModule(std::filesystem::path file, boost::dll::shared_library library,
                 const skarv_plugin_descriptor& descriptor, boost::json::object capabilities);

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
    boost::dll::shared_library library_;   // declared first among owners: destroyed last
    skarv_plugin_descriptor descriptor_;
    std::string name_;
    std::string version_;
    boost::json::object capabilities_;
};

using PluginModulePtr = std::shared_ptr<const PluginModule>;

}  // namespace skarv::host
