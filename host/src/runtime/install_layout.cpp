#include "skarv/host/runtime/install_layout.hpp"

#include <boost/dll/runtime_symbol_info.hpp>

// The relative paths come from the install rules (top-level CMakeLists.txt), so the
// binary and the package agree on the layout.
#ifndef SKARV_PLUGINDIR_FROM_BINDIR
#error "SKARV_PLUGINDIR_FROM_BINDIR must be defined by the build"
#endif
#ifndef SKARV_PKGLIBDIR_FROM_BINDIR
#error "SKARV_PKGLIBDIR_FROM_BINDIR must be defined by the build"
#endif

namespace skarv::host {

std::filesystem::path executable_dir() {
    return std::filesystem::path(boost::dll::program_location().string()).parent_path();
}

std::filesystem::path default_plugin_dir() {
    const auto bin = executable_dir();
    auto installed = (bin / SKARV_PLUGINDIR_FROM_BINDIR).lexically_normal();
    std::error_code ec;
    if (std::filesystem::is_directory(installed, ec)) return installed;
    auto build_tree = (bin.parent_path() / "plugins").lexically_normal();
    if (std::filesystem::is_directory(build_tree, ec)) return build_tree;
    return installed;
}

std::filesystem::path installed_pkglib_dir() {
    return (executable_dir() / SKARV_PKGLIBDIR_FROM_BINDIR).lexically_normal();
}

}  // namespace skarv::host
