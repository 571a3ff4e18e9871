// skarv-plugin-runner: loads one plugin and serves its C ABI calls to the host over
// stdin/stdout, so a plugin that crashes takes down this process and one call, not the
// host. It also lets a plugin of another architecture (the 32-bit Visma ADK) run beside
// a 64-bit host. The host starts one runner per plugin instance; messages are in
// runner/README.md.
#include <cstring>
#include <iostream>
#include <mutex>
#include <string>

#include "protocol_streams.hpp"
#include "skarv/abi.h"
#include "skarv/runner/frame.hpp"
#include "skarv/runner/plugin_library.hpp"

namespace skarv::runner {
namespace {

ByteChannel* g_channel = nullptr;
// A plugin may call a service from a thread of its own; one exchange at a time.
std::mutex g_exchange;

Frame exchange(const boost::json::object& header, std::string_view payload) {
    std::lock_guard lock(g_exchange);
    write_frame(*g_channel, header, payload);
    auto reply = read_frame(*g_channel);
    if (reply.type() != "ret") throw ChannelError(ChannelError::Kind::garbage, "expected a service reply");
    return reply;
}

int64_t int_value(const Frame& f) {
    auto* v = f.header.if_contains("value");
    return v && v->is_int64() ? v->get_int64() : -1;
}

// The host is gone or speaks nonsense: nothing the plugin does from here can reach it.
[[noreturn]] void lost_host(const std::exception& e) {
    std::cerr << "skarv-plugin-runner: lost the host: " << e.what() << "\n";
    std::_Exit(70);
}

void log_service(void*, skarv_log_level level, const char* message, size_t size) {
    try {
        std::lock_guard lock(g_exchange);
        write_frame(*g_channel, {{"t", "svc"}, {"fn", "log"}, {"level", static_cast<int>(level)}},
                    std::string_view(message, size));
    } catch (const std::exception& e) {
        lost_host(e);
    }
}

int64_t now_service(void*) {
    try {
        return int_value(exchange({{"t", "svc"}, {"fn", "now_ms"}}, {}));
    } catch (const std::exception& e) {
        lost_host(e);
    }
}

int cancelled_service(void*) {
    try {
        return static_cast<int>(int_value(exchange({{"t", "svc"}, {"fn", "is_cancelled"}}, {})));
    } catch (const std::exception& e) {
        lost_host(e);
    }
}

int state_get_service(void*, const char* key, size_t key_size, const skarv_sink* out) {
    try {
        auto reply = exchange({{"t", "svc"}, {"fn", "state_get"}}, std::string_view(key, key_size));
        auto found = int_value(reply);
        if (found == 1 && out && out->write) out->write(out->ctx, reply.payload.data(), reply.payload.size());
        return static_cast<int>(found);
    } catch (const std::exception& e) {
        lost_host(e);
    }
}

int state_set_service(void*, const char* key, size_t key_size, const char* value, size_t value_size) {
    try {
        std::string payload(key, key_size);
        if (value) payload.append(value, value_size);
        return static_cast<int>(int_value(exchange(
            {{"t", "svc"}, {"fn", "state_set"}, {"key_size", key_size}, {"delete", value == nullptr}}, payload)));
    } catch (const std::exception& e) {
        lost_host(e);
    }
}

int state_write_many_service(void*, const skarv_state_write* writes, size_t count) {
    try {
        boost::json::array sizes;
        std::string payload;
        for (size_t i = 0; i < count; ++i) {
            payload.append(writes[i].key, writes[i].key_size);
            if (writes[i].value) payload.append(writes[i].value, writes[i].value_size);
            sizes.push_back({writes[i].key_size, writes[i].value ? static_cast<int64_t>(writes[i].value_size) : -1});
        }
        return static_cast<int>(
            int_value(exchange({{"t", "svc"}, {"fn", "state_write_many"}, {"sizes", std::move(sizes)}}, payload)));
    } catch (const std::exception& e) {
        lost_host(e);
    }
}

int state_scan_service(void*, const char* prefix, size_t prefix_size, const char* after, size_t after_size,
                       size_t limit, const skarv_sink* out) {
    try {
        std::string payload(prefix, prefix_size);
        if (after) payload.append(after, after_size);
        auto reply = exchange({{"t", "svc"}, {"fn", "state_scan"}, {"prefix_size", prefix_size},
                               {"after_size", after ? after_size : 0}, {"limit", limit}},
                              payload);
        auto count = int_value(reply);
        if (count >= 0 && out && out->write) out->write(out->ctx, reply.payload.data(), reply.payload.size());
        return static_cast<int>(count);
    } catch (const std::exception& e) {
        lost_host(e);
    }
}

skarv_host_services piped_services() {
    skarv_host_services s{};
    s.struct_size = sizeof(skarv_host_services);
    s.abi_major = SKARV_ABI_MAJOR;
    s.abi_minor = SKARV_ABI_MINOR;
    s.host = nullptr;
    s.log = &log_service;
    s.now_ms = &now_service;
    s.is_cancelled = &cancelled_service;
    s.state_get = &state_get_service;
    s.state_set = &state_set_service;
    s.state_write_many = &state_write_many_service;
    s.state_scan = &state_scan_service;
    return s;
}

struct Buffer {
    std::string bytes;
    skarv_sink sink() {
        return {this, [](void* ctx, const char* data, size_t size) { static_cast<Buffer*>(ctx)->bytes.append(data, size); }};
    }
};

class Runner {
public:
    explicit Runner(ByteChannel& channel) : channel_(channel) {}

    int serve() {
        for (;;) {
            Frame request;
            try {
                request = read_frame(channel_);
            } catch (const ChannelError& e) {
                if (e.kind() != ChannelError::Kind::closed) lost_host(e);
                // The host is done with us: the instance goes as it would in process.
                if (instance_) descriptor_->destroy(instance_);
                return 0;
            }
            try {
                handle(request);
            } catch (const ChannelError& e) {
                lost_host(e);
            }
        }
    }

private:
    void done(skarv_status status, const std::string& bytes) {
        std::lock_guard lock(g_exchange);
        write_frame(channel_, {{"t", "done"}, {"status", static_cast<int>(status)}}, bytes);
    }

    void handle(const Frame& request) {
        auto type = request.type();
        if (type == "load") return load(request);
        if (!descriptor_) {
            std::lock_guard lock(g_exchange);
            return write_frame(channel_, {{"t", "refused"}, {"reason", "no plugin loaded yet"}});
        }
        Buffer reply;
        auto sink = reply.sink();
        if (type == "create") {
            if (instance_) return done(SKARV_ERR_INVALID, R"({"code":"runner","message":"instance exists already"})");
            services_ = piped_services();
            auto status = descriptor_->create(&services_, request.payload.data(), request.payload.size(), &instance_, &sink);
            if (status == SKARV_OK && !instance_) status = SKARV_ERR_INTERNAL;
            return done(status, reply.bytes);
        }
        if (!instance_) return done(SKARV_ERR_INVALID, R"({"code":"runner","message":"no instance created"})");
        if (type == "check") return done(descriptor_->check(instance_, &sink), reply.bytes);
        if (type == "call")
            return done(descriptor_->call(instance_, request.payload.data(), request.payload.size(), &sink), reply.bytes);
        done(SKARV_ERR_INVALID, R"({"code":"runner","message":"unknown request"})");
    }

    void load(const Frame& request) {
        auto refuse = [&](const std::string& why) {
            std::lock_guard lock(g_exchange);
            write_frame(channel_, {{"t", "refused"}, {"reason", why}});
        };
        auto* file = request.header.if_contains("file");
        if (!file || !file->is_string()) return refuse("no file named");
        auto opened = open_library(std::string(file->get_string()));
        if (!opened.handle) return refuse(opened.error);
        auto* entry = reinterpret_cast<skarv_plugin_entry_fn>(find_symbol(opened.handle, SKARV_PLUGIN_ENTRY_NAME));
        if (!entry) return refuse(std::string("no entry symbol ") + SKARV_PLUGIN_ENTRY_NAME + " (not a Skarv plugin)");
        const skarv_plugin_descriptor* raw = entry(SKARV_ABI_MAJOR, SKARV_ABI_MINOR);
        if (!raw) return refuse("the plugin refused to load into a host of ABI " + std::to_string(SKARV_ABI_MAJOR) + "." +
                                std::to_string(SKARV_ABI_MINOR));
        // Copy no more than both sides know, as the host's loader does; the host then
        // validates what we report with the same rules as for an in-process plugin.
        uint32_t plugin_size = raw->struct_size;
        std::memcpy(&copy_, raw, std::min<std::size_t>(plugin_size, sizeof copy_));
        if (plugin_size < SKARV_DESCRIPTOR_V1_0_SIZE || !copy_.create || !copy_.destroy || !copy_.check || !copy_.call) {
            return refuse("descriptor too small or leaves a required function empty");
        }
        descriptor_ = &copy_;
        auto text = [](const char* s) { return s ? boost::json::value(s) : boost::json::value(nullptr); };
        std::lock_guard lock(g_exchange);
        write_frame(channel_,
                    {{"t", "loaded"}, {"struct_size", plugin_size}, {"abi_major", copy_.abi_major},
                     {"abi_minor", copy_.abi_minor}, {"name", text(copy_.name)}, {"version", text(copy_.version)},
                     {"kind", copy_.kind}},
                    copy_.capabilities_json ? std::string_view(copy_.capabilities_json) : std::string_view());
    }

    ByteChannel& channel_;
    skarv_plugin_descriptor copy_{};
    const skarv_plugin_descriptor* descriptor_ = nullptr;
    skarv_host_services services_{};
    void* instance_ = nullptr;
};

}  // namespace
}  // namespace skarv::runner

int main(int argc, char** argv) {
    if (argc > 1 && (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0)) {
        std::cout << "skarv-plugin-runner: runs one Skarv plugin for the host over stdin/stdout.\n"
                     "It is started by skarv for plugin blocks with \"isolation\": \"process\"; not meant to be run by hand.\n";
        return 0;
    }
    auto channel = skarv::runner::take_protocol_streams();
    if (!channel) {
        std::cerr << "skarv-plugin-runner: cannot set up the pipe to the host\n";
        return 70;
    }
    skarv::runner::g_channel = channel.get();
    skarv::runner::Runner runner(*channel);
    return runner.serve();
}
