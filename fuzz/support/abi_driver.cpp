#include "abi_driver.hpp"

#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>

#include <boost/json.hpp>

namespace skarv::fuzz {

void fail(const std::string& why) {
    std::fprintf(stderr, "fuzz harness: %s\n", why.c_str());
    std::abort();
}

namespace {

AbiDriver& self(void* host) { return *static_cast<AbiDriver*>(host); }

void append(void* ctx, const char* data, std::size_t size) { static_cast<std::string*>(ctx)->append(data, size); }

void log_line(void* host, skarv_log_level, const char* message, std::size_t size) {
    self(host).check_no_secret(std::string(message, size), "a log line");
}

int64_t clock_ms(void* host) { return self(host).now_ms; }

int never_cancelled(void*) { return 0; }

int state_get(void* host, const char* key, std::size_t key_size, const skarv_sink* out) {
    auto& state = self(host).state;
    auto it = state.find(std::string(key, key_size));
    if (it == state.end()) return 0;
    out->write(out->ctx, it->second.data(), it->second.size());
    return 1;
}

int state_set(void* host, const char* key, std::size_t key_size, const char* value, std::size_t value_size) {
    auto& state = self(host).state;
    if (value) state[std::string(key, key_size)] = std::string(value, value_size);
    else state.erase(std::string(key, key_size));
    return 0;
}

int state_write_many(void* host, const skarv_state_write* writes, std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) state_set(host, writes[i].key, writes[i].key_size, writes[i].value, writes[i].value_size);
    return 0;
}

int state_scan(void* host, const char* prefix, std::size_t prefix_size, const char* after, std::size_t after_size,
               std::size_t limit, const skarv_sink* out) {
    const auto& state = self(host).state;
    const std::string p(prefix, prefix_size), a(after ? std::string(after, after_size) : std::string());
    boost::json::array rows;
    for (auto it = state.lower_bound(p); it != state.end() && rows.size() < limit; ++it) {
        if (it->first.compare(0, p.size(), p) != 0) break;
        if (it->first <= a) continue;
        rows.push_back(boost::json::array{boost::json::string(it->first), boost::json::string(it->second)});
    }
    auto text = boost::json::serialize(rows);
    out->write(out->ctx, text.data(), text.size());
    return static_cast<int>(rows.size());
}

void check_error_document(const std::string& reply, skarv_status status) {
    boost::system::error_code ec;
    auto doc = boost::json::parse(reply, ec);
    if (ec) fail("status " + std::to_string(status) + " with a reply that is not JSON: " + reply);
    const auto* o = doc.if_object();
    const auto* code = o ? o->if_contains("code") : nullptr;
    const auto* message = o ? o->if_contains("message") : nullptr;
    if (!code || !code->is_string() || !message || !message->is_string())
        fail("status " + std::to_string(status) + " without a string code and message: " + reply);
}

}  // namespace

AbiDriver::AbiDriver(const std::string& plugin_path) {
    library_ = dlopen(plugin_path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!library_) fail("cannot load " + plugin_path + ": " + dlerror());
    auto entry = reinterpret_cast<skarv_plugin_entry_fn>(dlsym(library_, SKARV_PLUGIN_ENTRY_NAME));
    if (!entry) fail(plugin_path + " exports no " SKARV_PLUGIN_ENTRY_NAME);
    descriptor_ = entry(SKARV_ABI_MAJOR, SKARV_ABI_MINOR);
    if (!descriptor_) fail(plugin_path + " refused ABI " + std::to_string(SKARV_ABI_MAJOR));
    services_.struct_size = sizeof(services_);
    services_.abi_major = SKARV_ABI_MAJOR;
    services_.abi_minor = SKARV_ABI_MINOR;
    services_.host = this;
    services_.log = &log_line;
    services_.now_ms = &clock_ms;
    services_.is_cancelled = &never_cancelled;
    services_.state_get = &state_get;
    services_.state_set = &state_set;
    services_.state_write_many = &state_write_many;
    services_.state_scan = &state_scan;
}

AbiDriver::~AbiDriver() {
    destroy();
    // The library stays loaded: unloading it would drop the fuzzer's coverage counters.
}

void AbiDriver::create(const std::string& config_json) {
    destroy();
    state.clear();
    std::string error;
    skarv_sink sink{&error, &append};
    auto status = descriptor_->create(&services_, config_json.data(), config_json.size(), &instance_, &sink);
    if (status != SKARV_OK || !instance_) fail("the harness's config was refused: " + error);
}

void AbiDriver::destroy() {
    if (instance_) descriptor_->destroy(instance_);
    instance_ = nullptr;
}

CallOutcome AbiDriver::call(const std::string& request_json) {
    if (!instance_) fail("call without an instance");
    CallOutcome out;
    skarv_sink sink{&out.reply, &append};
    out.status = descriptor_->call(instance_, request_json.data(), request_json.size(), &sink);
    if (std::getenv("SKARV_FUZZ_VERBOSE"))
        std::fprintf(stderr, "call %s\n  -> status %d: %s\n", request_json.c_str(), out.status, out.reply.c_str());
    check_no_secret(out.reply, "a reply");
    if (out.status < SKARV_OK || out.status > SKARV_ERR_INTERNAL)
        fail("status " + std::to_string(out.status) + " is not a skarv_status");
    if (out.status == SKARV_ERR_INTERNAL) fail("SKARV_ERR_INTERNAL (an exception nobody classified): " + out.reply);
    if (out.status != SKARV_OK) {
        check_error_document(out.reply, out.status);
    } else {
        boost::system::error_code ec;
        auto doc = boost::json::parse(out.reply, ec);
        if (ec || !doc.is_object()) fail("SKARV_OK with a reply that is not a JSON object: " + out.reply);
    }
    return out;
}

void AbiDriver::check_no_secret(const std::string& text, const char* where) const {
    for (const auto& secret : secrets_)
        if (!secret.empty() && text.find(secret) != std::string::npos && input_.find(secret) == std::string::npos) fail(std::string("a secret appears in ") + where + ": " + text);
}

}  // namespace skarv::fuzz
