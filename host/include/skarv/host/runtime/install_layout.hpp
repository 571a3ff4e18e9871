#pragma once
// Where an executable of Skarv finds the files it ships with, found from its own
// location so one build works from any install prefix (/usr, /usr/local, /opt/skarv)
// and from the build tree. No absolute path is compiled in.

#include <filesystem>

namespace skarv::host {

// The directory of the running executable.
std::filesystem::path executable_dir();

// The plugin directory when no --plugin-dir is given: <bin>/../lib/skarv/plugins in an
// installed tree; <bin>/../plugins (build/plugins) in a build tree. When neither exists,
// the installed location, so an error names where the package puts plugins.
std::filesystem::path default_plugin_dir();

// Skarv's private files of an installed tree: <bin>/../lib/skarv (the plugin runner).
std::filesystem::path installed_pkglib_dir();

}  // namespace skarv::host
