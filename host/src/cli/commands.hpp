#pragma once
// The subcommands of the `skarv` binary, each in its own file.

#include <filesystem>
#include <string>
#include <vector>

namespace skarv::cli {

struct PluginsOptions {
    std::vector<std::string> plugin_dirs;   // empty: the default directory
    bool json = false;
};
int run_plugins(const PluginsOptions& options);

struct CheckOptions {
    std::string config_file;
    bool json = false;
};
int run_check(const CheckOptions& options);

// <directory of the skarv binary>/../plugins: where the build and the install put them.
std::filesystem::path default_plugin_dir();

}  // namespace skarv::cli
