#pragma once
// What the Windows-build tests share: where the build is, why a test skips, running a
// program (under Wine) and reading what it printed.

#include <filesystem>
#include <string>
#include <vector>

namespace windows_test {

struct Ran {
    int exit_code = -1;
    std::string out;   // stdout
    std::string err;   // stderr
};

// Runs argv (no shell) and waits; stdout and stderr are captured apart.
Ran run(const std::vector<std::string>& argv);

// Runs a Windows program under Wine in the build's 32-bit prefix.
Ran run_under_wine(const std::vector<std::string>& argv);

// A Linux path as a Windows program under Wine sees it (drive Z: is /).
std::string wine_path(const std::filesystem::path& p);

std::filesystem::path windows_build_file(const std::string& name);

// Non-empty: why the Windows build is not there (the test skips with this).
std::string build_skip_reason();
// Non-empty: why Windows programs cannot be run here.
std::string wine_skip_reason();

}  // namespace windows_test
