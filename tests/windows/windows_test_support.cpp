#include "windows_test_support.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace windows_test {
namespace {

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

Ran run(const std::vector<std::string>& argv) {
    static int counter = 0;
    const auto base = std::filesystem::temp_directory_path() /
                      ("skarv-windows-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    const auto out_file = base.string() + ".out", err_file = base.string() + ".err";
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        if (!std::freopen(out_file.c_str(), "w", stdout) || !std::freopen(err_file.c_str(), "w", stderr)) std::_Exit(126);
        std::vector<char*> args;
        for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        ::execvp(args[0], args.data());
        std::_Exit(127);
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
    }
    Ran r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = slurp(out_file);
    r.err = slurp(err_file);
    std::filesystem::remove(out_file);
    std::filesystem::remove(err_file);
    return r;
}

Ran run_under_wine(const std::vector<std::string>& argv) {
    ::setenv("WINEPREFIX", SKARV_WINEPREFIX, 1);
    ::setenv("WINEARCH", "win32", 1);
    ::setenv("WINEDEBUG", "-all", 1);
    std::vector<std::string> full{SKARV_WINE};
    full.insert(full.end(), argv.begin(), argv.end());
    return run(full);
}

std::string wine_path(const std::filesystem::path& p) {
    std::string s = "Z:" + std::filesystem::absolute(p).lexically_normal().string();
    for (char& c : s)
        if (c == '/') c = '\\';
    return s;
}

std::filesystem::path windows_build_file(const std::string& name) { return std::filesystem::path(SKARV_WINDOWS_BUILD_DIR) / name; }

std::string build_skip_reason() {
    if (std::string(SKARV_WINDOWS_BUILD_SKIP).size()) return SKARV_WINDOWS_BUILD_SKIP;
    for (const char* f : {"Adk.dll", "visma.dll", "skarv-abi-call.exe"})
        if (!std::filesystem::exists(windows_build_file(f)))
            return std::string("the Windows build has no ") + f + " in " SKARV_WINDOWS_BUILD_DIR " (the build printed why: scripts/build-windows.sh)";
    return "";
}

std::string wine_skip_reason() {
    if (std::string(SKARV_WINE_SKIP).size()) return SKARV_WINE_SKIP;
    if (!std::filesystem::exists(std::filesystem::path(SKARV_WINEPREFIX) / "system.reg"))
        return "the Wine prefix " SKARV_WINEPREFIX " is missing: the ctest fixture windows_wine_prefix makes it (scripts/wine-prefix.sh)";
    return "";
}

}  // namespace windows_test
