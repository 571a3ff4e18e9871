// Where skarv-plugin-runner is when the config names none: beside the executable (the
// build tree puts every executable, tests included, in build/bin), then Skarv's private
// directory of an installed tree (<bin>/../lib/skarv), then PATH.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "skarv/host/loader/plugin_process.hpp"
#include "skarv/host/runtime/install_layout.hpp"

namespace skarv::host {

std::vector<std::string> default_runner_command() {
    if (const char* env = std::getenv("SKARV_PLUGIN_RUNNER"); env && *env) return {env};
    for (const auto& candidate : {executable_dir() / "skarv-plugin-runner",
                                  installed_pkglib_dir() / "skarv-plugin-runner"}) {
        if (::access(candidate.c_str(), X_OK) == 0) return {candidate.string()};
    }
    return {"skarv-plugin-runner"};
}

}  // namespace skarv::host
