// Where skarv-plugin-runner is when the config names none. POSIX: the running
// executable is /proc/self/exe (a Windows twin would ask GetModuleFileName).
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "skarv/host/loader/plugin_process.hpp"

namespace skarv::host {

std::vector<std::string> default_runner_command() {
    if (const char* env = std::getenv("SKARV_PLUGIN_RUNNER"); env && *env) return {env};
    std::error_code ec;
    auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        auto beside = self.parent_path() / "skarv-plugin-runner";
        if (::access(beside.c_str(), X_OK) == 0) return {beside.string()};
    }
#ifdef SKARV_RUNNER_BUILD_PATH
    // Tests link the host into their own executables, which do not sit beside the runner.
    if (::access(SKARV_RUNNER_BUILD_PATH, X_OK) == 0) return {SKARV_RUNNER_BUILD_PATH};
#endif
    return {"skarv-plugin-runner"};
}

}  // namespace skarv::host
