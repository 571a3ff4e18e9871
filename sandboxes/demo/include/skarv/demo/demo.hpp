#pragma once
// `skarv demo`: three connections against the emulators of sandboxes/, all in this
// process on free loopback ports, synced by the real host (SyncRunner) with the real
// connector plugins, and what moved told from the emulators' own books.

#include <cstdint>
#include <iostream>
#include <ostream>
#include <string>

namespace skarv::demo {

struct DemoOptions {
    uint64_t seed = 7;          // the sandbox seed: same seed, same products, customers and orders
    int products = 12;
    int variants = 2;           // variants per product
    int orders = 8;             // orders in each shop
    std::string plugin_dir;     // where jetshop.so, specter.so and visma.so are (build/plugins)
    std::string adk_library;    // libskarv-adk-emulator.so, loaded by the visma plugin as Adk.dll would be
    std::string work_dir;       // config, state database, log and the Visma company go here
    bool keep = false;          // keep work_dir afterwards (it is also kept when the demo fails)
    std::ostream* out = &std::cout;
};

// 0 when every released order arrived in its ERP exactly once and the totals agree on
// both sides; 1 (with the reason printed) otherwise, or when something could not start.
int run_demo(const DemoOptions& options);

}  // namespace skarv::demo
