#pragma once
// PluginInstance: one configured instance of a plugin (e.g. "the Specter ERP of
// connection main"). It owns the plugin's opaque handle and the services the host lends
// it, and turns the C calls back into C++ results. It keeps its module loaded.

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "skarv/host/loader/plugin_module.hpp"
#include "skarv/host/runtime/host_context.hpp"

namespace skarv::host {

// The outcome of one call across the ABI: status plus the document the plugin wrote
// (the response when ok, the error document otherwise).
struct CallResult {
    skarv_status status = SKARV_OK;
    boost::json::value document;

    bool ok() const { return status == SKARV_OK; }
    bool retryable() const;
    // The error's message, or "" when ok.
    std::string message() const;
};

const char* status_name(skarv_status status);

// Whatever the plugin wrote becomes a document; garbage is itself reported as an error.
CallResult to_call_result(skarv_status status, const std::string& plugin, const std::string& bytes);

// How a plugin block asks to be run: its "isolation" and "runner" keys in the config.
struct Isolation {
    bool process = false;                      // in skarv-plugin-runner rather than in the host
    std::vector<std::string> runner_command;   // empty: default_runner_command()
    // A plugin file only the runner loads (never mapped into the host: it may be built for
    // another architecture, e.g. a 32-bit Windows DLL run under Wine). Empty: the plugin of
    // that name found in the plugin directories.
    std::filesystem::path file;
};

class PluginProcess;

class PluginInstance {
public:
    // Creates the instance; throws PluginCreateError (with the plugin's message) on refusal.
    // With process isolation the plugin runs in a runner started here, from the module's file.
    PluginInstance(PluginModulePtr module, std::string instance_name, const boost::json::value& config,
                   std::shared_ptr<HostContext> context, const Isolation& isolation = {});
    ~PluginInstance();
    PluginInstance(const PluginInstance&) = delete;
    PluginInstance& operator=(const PluginInstance&) = delete;

    CallResult check();
    // `timeout` bounds an isolated call (the runner is killed past it); an in-process call
    // cannot be interrupted, so there it is the caller's business (TransformChain's pool).
    CallResult call(const boost::json::value& request, std::chrono::milliseconds timeout = kNoTimeout);
    static constexpr std::chrono::milliseconds kNoTimeout{std::chrono::hours(24)};

    bool isolated() const { return process_ != nullptr; }
    // The host gave up waiting for the call in flight: the plugin's is_cancelled says so.
    void abandon() { context_->abandoned->store(true); }

    const PluginModule& module() const { return *module_; }
    const std::string& name() const { return name_; }

private:
    PluginModulePtr module_;               // keeps the code mapped until after destroy()
    std::shared_ptr<HostContext> context_;
    skarv_host_services services_{};
    std::string name_;
    void* handle_ = nullptr;
    std::unique_ptr<PluginProcess> process_;   // set when isolated; then handle_ stays null
    // The ABI promises a plugin that calls on one instance never overlap; the service's
    // HTTP threads and its scheduler may both reach one instance, so the host enforces it.
    std::mutex call_mutex_;
};

class PluginCreateError : public std::runtime_error {
public:
    PluginCreateError(const std::string& message, CallResult result)
        : std::runtime_error(message), result_(std::move(result)) {}
    const CallResult& result() const { return result_; }

private:
    CallResult result_;
};

}  // namespace skarv::host
