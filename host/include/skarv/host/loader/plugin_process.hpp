#pragma once
// PluginProcess: one plugin instance living in a skarv-plugin-runner child. It starts the
// runner, has it load the plugin's file and create the instance, then relays calls and
// serves the plugin's host services (log, clock, cancellation, state) from the host's
// own table while a call runs. A runner that crashes, hangs past the call's deadline or
// answers garbage is killed; the call reports why, and the next call starts a new runner.

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "skarv/abi.h"
#include "skarv/host/loader/child_process.hpp"
#include "skarv/host/loader/crash_bisect.hpp"
#include "skarv/host/loader/plugin_instance.hpp"

namespace skarv::host {

// $SKARV_PLUGIN_RUNNER, else skarv-plugin-runner beside the running executable, else the
// one this build made, else "skarv-plugin-runner" on PATH.
std::vector<std::string> default_runner_command();

// What a runner reports of the plugin it loaded.
struct RemoteDescriptor {
    uint32_t struct_size = 0;
    uint16_t abi_major = 0;
    uint16_t abi_minor = 0;
    uint32_t kind = 0;
    std::string name, version, capabilities_json;
};

class PluginProcess {
public:
    static constexpr std::chrono::milliseconds kStartTimeout{15000};

    PluginProcess(std::vector<std::string> command, std::filesystem::path file, std::string plugin,
                  std::string config_json, skarv_host_services services);
    ~PluginProcess();

    // Starts the runner and creates the instance. On refusal throws PluginCreateError; when
    // the runner cannot be started or dies, std::runtime_error naming why.
    void start();
    // One request ("check" or "call") with its payload; an empty answer when the runner died.
    // `what` names it in messages: the call's op.
    Attempt exchange(const std::string& type, std::string_view payload, std::chrono::milliseconds timeout,
                     const std::string& what = "");

    // Loads `file` in a throwaway runner and reports its descriptor (the host never maps
    // the file itself: it may be built for another architecture). Throws std::runtime_error.
    static RemoteDescriptor describe(const std::vector<std::string>& command, const std::filesystem::path& file);

private:
    Attempt relay(std::chrono::milliseconds timeout, const std::string& what);
    std::string who() const { return "plugin '" + plugin_ + "'"; }

    std::vector<std::string> command_;
    std::filesystem::path file_;
    std::string plugin_;
    std::string config_json_;
    skarv_host_services services_;
    std::unique_ptr<ChildProcess> child_;
};

}  // namespace skarv::host
