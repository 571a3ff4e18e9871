#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "commands.hpp"

#ifdef SKARV_WITH_DEMO
#include "skarv/demo/demo.hpp"
#endif

namespace skarv::cli {

// The demo runs the emulators from sandboxes/ in this process; it is compiled in when
// they are built (they always are in this repository's build).
int run_demo_command(const DemoCommandOptions& options) {
#ifdef SKARV_WITH_DEMO
    demo::DemoOptions demo;
    demo.seed = options.seed;
    demo.products = options.products;
    demo.orders = options.orders;
    demo.plugin_dir = options.plugin_dir.empty() ? default_plugin_dir().string() : options.plugin_dir;
    demo.adk_library = SKARV_ADK_EMULATOR_PATH;
    demo.work_dir = options.work_dir.empty()
                        ? (std::filesystem::temp_directory_path() / ("skarv-demo-" + std::to_string(::getpid()))).string()
                        : options.work_dir;
    demo.keep = options.keep;
    demo.out = &std::cout;
    return demo::run_demo(demo);
#else
    (void)options;
    std::cerr << "skarv: this build has no demo (the emulators in sandboxes/ were not built)\n";
    return 1;
#endif
}

}  // namespace skarv::cli
