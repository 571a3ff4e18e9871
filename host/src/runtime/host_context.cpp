#include "skarv/host/runtime/host_context.hpp"

#include <algorithm>
#include <chrono>
#include <climits>

#include <boost/json.hpp>

namespace skarv::host {
namespace {

HostContext& ctx(void* host) { return *static_cast<HostContext*>(host); }

void log_service(void* host, skarv_log_level level, const char* message, size_t size) {
    try {
        auto& c = ctx(host);
        if (c.log) c.log(level, c.instance_name, std::string_view(message, size));
    } catch (...) {
        // A log line that cannot be written must not fail the plugin's work.
    }
}

int64_t now_service(void* host) {
    auto& c = ctx(host);
    return c.clock ? c.clock() : system_clock_ms();
}

int cancelled_service(void* host) {
    auto& c = ctx(host);
    return (c.cancelled && c.cancelled->load()) || (c.abandoned && c.abandoned->load()) ? 1 : 0;
}

int state_get_service(void* host, const char* key, size_t key_size, const skarv_sink* out) {
    try {
        auto& c = ctx(host);
        if (!c.state) return 0;
        auto value = c.state->get(c.instance_name, std::string(key, key_size));
        if (!value) return 0;
        if (out && out->write) out->write(out->ctx, value->data(), value->size());
        return 1;
    } catch (...) {
        return -1;
    }
}

int state_set_service(void* host, const char* key, size_t key_size, const char* value, size_t value_size) {
    try {
        auto& c = ctx(host);
        if (!c.state) return -1;
        c.state->set(c.instance_name, std::string(key, key_size),
                     value ? std::optional<std::string>(std::string(value, value_size)) : std::nullopt);
        return 0;
    } catch (...) {
        return -1;
    }
}

int state_write_many_service(void* host, const skarv_state_write* writes, size_t count) {
    try {
        auto& c = ctx(host);
        if (!c.state) return -1;
        std::vector<PluginStateBackend::StateWrite> batch;
        batch.reserve(count);
        for (size_t i = 0; i < count; ++i) {
            const auto& w = writes[i];
            batch.emplace_back(std::string(w.key, w.key_size),
                               w.value ? std::optional<std::string>(std::string(w.value, w.value_size)) : std::nullopt);
        }
        c.state->set_many(c.instance_name, batch);
        return 0;
    } catch (...) {
        return -1;
    }
}

int state_scan_service(void* host, const char* prefix, size_t prefix_size, const char* after, size_t after_size,
                       size_t limit, const skarv_sink* out) {
    try {
        auto& c = ctx(host);
        if (!c.state) return 0;
        auto rows = c.state->scan(c.instance_name, std::string(prefix, prefix_size),
                                  after ? std::string(after, after_size) : std::string(),
                                  std::min<size_t>(limit, INT_MAX));
        boost::json::array listing;
        listing.reserve(rows.size());
        for (auto& [key, value] : rows) listing.push_back(boost::json::array{boost::json::string(key), boost::json::string(value)});
        auto text = boost::json::serialize(listing);
        if (out && out->write) out->write(out->ctx, text.data(), text.size());
        return static_cast<int>(rows.size());
    } catch (...) {
        return -1;
    }
}

}  // namespace

skarv_host_services HostContext::services() {
    skarv_host_services s{};
    s.struct_size = sizeof(skarv_host_services);
    s.abi_major = SKARV_ABI_MAJOR;
    s.abi_minor = SKARV_ABI_MINOR;
    s.host = this;
    s.log = &log_service;
    s.now_ms = &now_service;
    s.is_cancelled = &cancelled_service;
    s.state_get = &state_get_service;
    s.state_set = &state_set_service;
    s.state_write_many = &state_write_many_service;
    s.state_scan = &state_scan_service;
    return s;
}

int64_t system_clock_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace skarv::host
