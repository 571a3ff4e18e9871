#pragma once
// PluginInstance: one configured instance of a plugin (e.g. "the Specter ERP of
// connection main"). It owns the plugin's opaque handle and the services the host lends
// it, and turns the C calls back into C++ results. It keeps its module loaded.

#include <atomic>
#include <memory>
#include <mutex>
#include <string>

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

class PluginInstance {
public:
    // Creates the instance; throws PluginCreateError (with the plugin's message) on refusal.
    PluginInstance(PluginModulePtr module, std::string instance_name, const boost::json::value& config,
                   std::shared_ptr<HostContext> context);
    ~PluginInstance();
    PluginInstance(const PluginInstance&) = delete;
    PluginInstance& operator=(const PluginInstance&) = delete;

    CallResult check();
    CallResult call(const boost::json::value& request);

    const PluginModule& module() const { return *module_; }
    const std::string& name() const { return name_; }

private:
    PluginModulePtr module_;               // keeps the code mapped until after destroy()
    std::shared_ptr<HostContext> context_;
    skarv_host_services services_{};
    std::string name_;
    void* handle_ = nullptr;
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
