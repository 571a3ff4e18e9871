#include "skarv/host/loader/plugin_instance.hpp"

namespace skarv::host {
namespace {

struct Buffer {
    std::string bytes;
    skarv_sink sink() {
        return {this, [](void* ctx, const char* data, size_t size) { static_cast<Buffer*>(ctx)->bytes.append(data, size); }};
    }
};

// Whatever the plugin wrote becomes a document; garbage is itself reported as an error,
// so a broken plugin shows up as a clear message rather than as a parse failure later.
CallResult to_result(skarv_status status, const std::string& plugin, const std::string& bytes) {
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

}  // namespace

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
                               std::shared_ptr<HostContext> context)
    : module_(std::move(module)), context_(std::move(context)), name_(std::move(instance_name)) {
    services_ = context_->services();
    auto text = boost::json::serialize(config);
    Buffer error;
    auto sink = error.sink();
    void* handle = nullptr;
    auto status = module_->descriptor().create(&services_, text.data(), text.size(), &handle, &sink);
    if (status != SKARV_OK || !handle) {
        auto result = to_result(status == SKARV_OK ? SKARV_ERR_INTERNAL : status, module_->name(), error.bytes);
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
    Buffer reply;
    auto sink = reply.sink();
    auto status = module_->descriptor().check(handle_, &sink);
    return to_result(status, module_->name(), reply.bytes);
}

CallResult PluginInstance::call(const boost::json::value& request) {
    std::lock_guard lock(call_mutex_);
    auto text = boost::json::serialize(request);
    Buffer reply;
    auto sink = reply.sink();
    auto status = module_->descriptor().call(handle_, text.data(), text.size(), &sink);
    return to_result(status, module_->name(), reply.bytes);
}

}  // namespace skarv::host
