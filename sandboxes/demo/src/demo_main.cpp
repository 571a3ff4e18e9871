// skarv-demo: `skarv demo` execs this program (skarv-sandbox package), so the host
// binary carries no emulator. Options are the ones `skarv demo` always had.
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

#include "skarv/demo/demo.hpp"
#include "skarv/host/runtime/install_layout.hpp"
#include "skarv/host/version.hpp"

int main(int argc, char** argv) {
    CLI::App app{"skarv demo: Skarv against emulators of Norce, Specter and Visma, and what moved", "skarv demo"};
    app.set_version_flag("--version", std::string("skarv-demo ") + skarv::host::kVersion);
    skarv::demo::DemoOptions demo;
    std::string adk_library;
    app.add_option("--seed", demo.seed, "Seed of the generated shop and ERP data");
    app.add_option("--products", demo.products, "Products per shop")->check(CLI::Range(1, 10000));
    app.add_option("--orders", demo.orders, "Orders per shop")->check(CLI::Range(1, 10000));
    app.add_option("--plugin-dir", demo.plugin_dir, "Where the connector plugins are (default: skarv's plugin directory)");
    app.add_option("--adk-library", adk_library,
                   "The Visma ADK emulator library (default: " SKARV_SANDBOXDIR_FROM_BINDIR "/" SKARV_ADK_EMULATOR_FILE
                   " beside this program's folder)");
    app.add_option("--work-dir", demo.work_dir, "Where to put the config, state and logs (default: a temp dir)");
    app.add_flag("--keep", demo.keep, "Keep the work dir afterwards");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return app.exit(e);
        std::cerr << "skarv demo: " << e.what() << "\nRun 'skarv demo --help' for usage.\n";
        return 2;
    }

    namespace fs = std::filesystem;
    if (demo.plugin_dir.empty()) demo.plugin_dir = skarv::host::default_plugin_dir().string();
    demo.adk_library = adk_library.empty()
                           ? (skarv::host::executable_dir() / SKARV_SANDBOXDIR_FROM_BINDIR / SKARV_ADK_EMULATOR_FILE)
                                 .lexically_normal()
                                 .string()
                           : adk_library;
    if (!adk_library.empty() && !fs::exists(adk_library)) {
        std::cerr << "skarv demo: --adk-library " << adk_library << " does not exist\n";
        return 2;
    }
    if (demo.work_dir.empty())
        demo.work_dir = (fs::temp_directory_path() / ("skarv-demo-" + std::to_string(::getpid()))).string();
    demo.out = &std::cout;
    try {
        return skarv::demo::run_demo(demo);
    } catch (const std::exception& e) {
        std::cerr << "skarv demo: " << e.what() << "\n";
        return 1;
    }
}
