#pragma once
// Finds and loads plugins from directories. A file that cannot be a plugin is refused
// with a one-line reason (the system loader's own: "undefined symbol: foo"); the others
// still load. Loading is serialised (dlopen is not thread-safe on every platform) and
// libraries are opened RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE, so a missing symbol fails at
// load rather than mid-transfer and plugins cannot shadow each other's symbols.
//
// Libraries are never unloaded. Loading a path again whose content changed (a new build
// moved over the old file) loads the new content from a copy named by its SHA-256 in a
// private folder, so the new code really runs; the same content is the library already
// loaded. See docs/operating.md, "Upgrading a plugin".

#include <filesystem>
#include <string>
#include <vector>

#include "skarv/host/loader/plugin_module.hpp"

namespace skarv::host {

struct PluginLoadResult {
    std::filesystem::path file;
    PluginModulePtr module;   // null when refused
    std::string refusal;      // one line: why it was refused

    bool loaded() const { return module != nullptr; }
};

class PluginLoader {
public:
    // The files that look like shared objects (.so, .dll, .dylib) in each directory, in
    // name order so listings are stable. A missing directory is reported as a refusal.
    static std::vector<PluginLoadResult> load_directories(const std::vector<std::filesystem::path>& directories);
    // Loads one file; never throws.
    static PluginLoadResult load_file(const std::filesystem::path& file);
    // Has a runner load `file` and validates what it reports, as load_file does; the host
    // never maps the file. The module's instances must run with process isolation.
    static PluginLoadResult describe_in_runner(const std::filesystem::path& file, const std::vector<std::string>& runner_command);
};

// Validates a descriptor the host has copied; returns "" when fine, else the reason.
std::string descriptor_problem(const skarv_plugin_descriptor& descriptor, uint32_t plugin_struct_size);

}  // namespace skarv::host
