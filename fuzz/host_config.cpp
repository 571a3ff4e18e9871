// Fuzzes the host's configuration file as `skarv check` and `skarv run` read it:
// load_host_config (JSON with comments, the file's own schema, stock profiles, price
// lists, duplicate names), check_connectors against the real plugins' config schemas
// and the flow presets, then the schedule each connection's flows get in the service.
// The input is the file's text. Promises checked: loading and checking never throw
// (bad files are problems naming a path), every problem has a message, and a bad
// schedule is refused with std::invalid_argument, the one exception the service
// expects from it.

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <typeinfo>

#include "skarv/host/config/host_config.hpp"
#include "skarv/host/flow/flow_plan.hpp"
#include "skarv/host/service/scheduler.hpp"
#include "support/abi_driver.hpp"

namespace {

namespace host = skarv::host;
using skarv::fuzz::fail;

std::filesystem::path scratch_dir() {
    return std::filesystem::temp_directory_path() / ("skarv-fuzz-config-" + std::to_string(::getpid()));
}

// The file the input is written to: load_host_config reads a path, as the CLI does.
// Removed at exit, so the replay tests leave nothing behind.
std::filesystem::path scratch_file() {
    std::filesystem::create_directories(scratch_dir());
    std::atexit([] {
        std::error_code ec;
        std::filesystem::remove_all(scratch_dir(), ec);
    });
    return scratch_dir() / "skarv.json";
}

void check_problems(const std::vector<host::SchemaProblem>& problems, const char* where) {
    for (const auto& p : problems)
        if (p.message.empty()) fail(std::string(where) + ": a problem without a message at '" + p.path + "'");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    static const std::filesystem::path file = scratch_file();
    // The built plugins, loaded once: a fuzzed plugin_dirs must never choose what is dlopen'd.
    static const auto plugins = host::PluginLoader::load_directories({SKARV_FUZZ_PLUGIN_DIR});
    {
        std::ofstream out(file, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    try {
        auto loaded = host::load_host_config(file);
        check_problems(loaded.problems, "load_host_config");
        if (!loaded.config) return 0;
        check_problems(host::check_connectors(*loaded.config, plugins), "check_connectors");
        for (const auto& c : loaded.config->connections) {
            std::vector<host::EntityFlow> flows;
            try {
                flows = host::plan_for(c.flow, c.masters ? &*c.masters : nullptr);
            } catch (const std::invalid_argument&) {
                continue;   // reported by check_connectors
            }
            host::Scheduler scheduler;
            for (const auto& flow : flows) {
                try {
                    scheduler.add(c.name, flow.entity, c.schedule.is_null() ? nullptr : &c.schedule, 1'800'000'000'000);
                } catch (const std::invalid_argument&) {
                }
            }
        }
    } catch (const std::exception& e) {
        fail(std::string("the config reader threw ") + typeid(e).name() + ": " + e.what());
    }
    return 0;
}
