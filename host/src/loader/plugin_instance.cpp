#include "skarv/host/loader/plugin_instance.hpp"

#include "skarv/host/loader/plugin_process.hpp"
#include "skarv/host/runtime/crash_trace.hpp"

namespace skarv::host {
namespace {

struct Buffer {
    std::string bytes;
    skarv_sink sink() {
        return {this, [](void* ctx, const char* data, size_t size) { static_cast<Buffer*>(ctx)->bytes.append(data, size); }};
    }
};

}  // namespace

// Garbage is itself reported as an error, so a broken plugin shows up as a clear message
// rather than as a parse failure later.
CallResult to_call_result(skarv_status status, const std::string& plugin, const std::string& bytes) {
    boost::system::error_code ec;
    auto doc = bytes.empty() ? boost::json::value(nullptr) : boost::json::parse(bytes, ec);
    if (status == SKARV_OK) {
        if (ec)
            return {SKARV_ERR_INTERNAL, boost::json::object{{"code", "malformed_response"},
                                                            {"message", "plugin '" + plugin + "' answered with malformed JSON: " + ec.message()},
                                                            {"retryable", false}, {"items", boost::json::array{}}}};
        return {status, std::move(doc)};
    }
    if (ec || !doc.is_object() || !doc.get_object().contains("message"))
        return {status, boost::json::object{{"code", "malformed_error"},
                                            {"message", "plugin '" + plugin + "' failed with status " + status_name(status) +
                                                            " and no readable error document"},
                                            {"retryable", status == SKARV_ERR_RETRYABLE}, {"items", boost::json::array{}}}};
    return {status, std::move(doc)};
}

const char* status_name(skarv_status status) {
    switch (status) {
        case SKARV_OK: return "ok";
        case SKARV_ERR_RETRYABLE: return "retryable";
        case SKARV_ERR_ITEMS: return "items";
        case SKARV_ERR_INVALID: return "invalid";
        case SKARV_ERR_AUTH: return "auth";
        case SKARV_ERR_UNSUPPORTED: return "unsupported";
        case SKARV_ERR_INTERNAL: return "internal";
    }
    return "unknown";
}

bool CallResult::retryable() const {
    if (status == SKARV_ERR_RETRYABLE) return true;
    if (!document.is_object()) return false;
    auto* r = document.get_object().if_contains("retryable");
    return r && r->is_bool() && r->get_bool();
}

std::string CallResult::message() const {
    if (ok() || !document.is_object()) return "";
    auto* m = document.get_object().if_contains("message");
    return m && m->is_string() ? std::string(m->get_string()) : std::string(status_name(status));
}

PluginInstance::PluginInstance(PluginModulePtr module, std::string instance_name, const boost::json::value& config,
                               std::shared_ptr<HostContext> context, const Isolation& isolation)
    : module_(std::move(module)), context_(std::move(context)), name_(std::move(instance_name)) {
    services_ = context_->services();
    auto text = boost::json::serialize(config);
    if (isolation.process || !module_->mapped()) {
        process_ = std::make_unique<PluginProcess>(isolation.runner_command, module_->file(), module_->name(), text, services_);
        try {
            process_->start();
        } catch (const PluginCreateError& e) {
            throw PluginCreateError("plugin '" + module_->name() + "' refused config of '" + name_ + "': " + e.result().message(),
                                    e.result());
        } catch (const std::exception& e) {
            throw PluginCreateError(e.what(), CallResult{SKARV_ERR_INTERNAL, boost::json::object{{"code", "runner_failed"},
                                                                                                {"message", e.what()},
                                                                                                {"retryable", false}}});
        }
        return;
    }
    Buffer error;
    auto sink = error.sink();
    void* handle = nullptr;
    auto status = module_->descriptor().create(&services_, text.data(), text.size(), &handle, &sink);
    if (status != SKARV_OK || !handle) {
        auto result = to_call_result(status == SKARV_OK ? SKARV_ERR_INTERNAL : status, module_->name(), error.bytes);
        auto message = "plugin '" + module_->name() + "' refused config of '" + name_ + "': " + result.message();
        throw PluginCreateError(message, std::move(result));
    }
    handle_ = handle;
}

PluginInstance::~PluginInstance() {
    if (handle_) module_->descriptor().destroy(handle_);
}

CallResult PluginInstance::check() {
    std::lock_guard lock(call_mutex_);
    if (process_) {
        auto tried = process_->exchange("check", {}, std::chrono::minutes(2));
        if (tried.answer) return std::move(*tried.answer);
        return {SKARV_ERR_INTERNAL, boost::json::object{{"code", "plugin_crashed"},
                                                        {"message", "plugin '" + module_->name() + "' crashed during 'check': " + tried.failure},
                                                        {"retryable", false}}};
    }
    Buffer reply;
    auto sink = reply.sink();
    CallTrace trace(module_->name(), name_, "check");
    auto status = module_->descriptor().check(handle_, &sink);
    return to_call_result(status, module_->name(), reply.bytes);
}

CallResult PluginInstance::call(const boost::json::value& request, std::chrono::milliseconds timeout) {
    std::lock_guard lock(call_mutex_);
    if (process_) {
        auto attempt = [&](const boost::json::object& r) {
            auto* op = r.if_contains("op");
            return process_->exchange("call", boost::json::serialize(r), timeout,
                                      op && op->is_string() ? std::string(op->get_string()) : "call");
        };
        if (!request.is_object()) return to_call_result(SKARV_ERR_INVALID, module_->name(), "");
        return call_bisecting_crashes(request.get_object(), attempt, "plugin '" + module_->name() + "'");
    }
    auto text = boost::json::serialize(request);
    Buffer reply;
    auto sink = reply.sink();
    const auto* op = request.is_object() ? request.get_object().if_contains("op") : nullptr;
    CallTrace trace(module_->name(), name_, op && op->is_string() ? std::string(op->get_string()) : "call");
    auto status = module_->descriptor().call(handle_, text.data(), text.size(), &sink);
    return to_call_result(status, module_->name(), reply.bytes);
}

}  // namespace skarv::host
