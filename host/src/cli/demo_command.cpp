#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "commands.hpp"
#include "skarv/host/runtime/install_layout.hpp"

namespace skarv::cli {

namespace {

constexpr const char* kDemoProgram = "skarv-demo";

int exec_demo(const std::string& program, const std::vector<std::string>& args, bool search_path) {
    std::vector<char*> argv;
    std::string name = kDemoProgram;
    argv.push_back(name.data());
    std::vector<std::string> copies(args);
    for (auto& a : copies) argv.push_back(a.data());
    argv.push_back(nullptr);
    if (search_path) {
        ::execvp(program.c_str(), argv.data());
    } else {
        ::execv(program.c_str(), argv.data());
    }
    return errno;
}

}  // namespace

// The emulators are not in this binary (they would be most of it, and a service has no
// use for them): beside skarv is where the build tree and the skarv-sandbox package put
// skarv-demo, PATH covers other installs.
int run_demo_command(const std::vector<std::string>& args) {
    const auto beside = host::executable_dir() / kDemoProgram;
    int error = 0;
    if (::access(beside.c_str(), X_OK) == 0) {
        error = exec_demo(beside.string(), args, false);
    } else {
        error = exec_demo(kDemoProgram, args, true);
    }
    if (error == ENOENT) {
        std::cerr << "skarv: the demo needs " << kDemoProgram << ", which is in the skarv-sandbox package "
                  << "(apt install skarv-sandbox; in a source tree, build with SKARV_BUILD_SANDBOXES=ON); not found beside "
                  << beside.parent_path().string() << "/skarv nor in PATH\n";
    } else {
        std::cerr << "skarv: cannot start " << kDemoProgram << ": " << std::strerror(error) << "\n";
    }
    return 1;
}

}  // namespace skarv::cli
