// skarv-abi-call.exe PLUGIN.dll CONFIG.json REQUEST.json: loads one plugin DLL through
// the C ABI (sdk/include/skarv/abi.h) the way the host does, creates an instance from
// CONFIG, runs `check` and then the one REQUEST, and prints the reply document on
// stdout. The smallest Windows host there is, for testing a plugin's Windows build
// under Wine (tests/windows/) without the Linux host; plugin state lives in memory.
#include <windows.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>

#include <boost/json.hpp>

#include <skarv/abi.h>

namespace {

std::string read_file(const char* path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(std::string("cannot read ") + path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void append(void* ctx, const char* data, size_t size) { static_cast<std::string*>(ctx)->append(data, size); }

std::map<std::string, std::string> state;

void log_line(void*, skarv_log_level level, const char* message, size_t size) {
    std::cerr << "plugin log " << level << ": " << std::string(message, size) << "\n";
}
int64_t now_ms(void*) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}
int is_cancelled(void*) { return 0; }
int state_get(void*, const char* key, size_t key_size, const skarv_sink* out) {
    auto it = state.find(std::string(key, key_size));
    if (it == state.end()) return 0;
    out->write(out->ctx, it->second.data(), it->second.size());
    return 1;
}
int state_set(void*, const char* key, size_t key_size, const char* value, size_t value_size) {
    if (value) state[std::string(key, key_size)] = std::string(value, value_size);
    else state.erase(std::string(key, key_size));
    return 0;
}
int state_write_many(void* host, const skarv_state_write* writes, size_t count) {
    for (size_t i = 0; i < count; ++i) state_set(host, writes[i].key, writes[i].key_size, writes[i].value, writes[i].value_size);
    return 0;
}
int state_scan(void*, const char* prefix, size_t prefix_size, const char* after, size_t after_size, size_t limit,
               const skarv_sink* out) {
    const std::string p(prefix, prefix_size), a(after ? std::string(after, after_size) : std::string());
    boost::json::array page;
    for (auto it = state.lower_bound(p); it != state.end() && page.size() < limit; ++it) {
        if (it->first.compare(0, p.size(), p) != 0) break;
        if (!a.empty() && it->first <= a) continue;
        page.push_back(boost::json::array{boost::json::string(it->first), boost::json::string(it->second)});
    }
    const std::string text = boost::json::serialize(page);
    out->write(out->ctx, text.data(), text.size());
    return static_cast<int>(page.size());
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::cerr << "usage: skarv-abi-call PLUGIN.dll CONFIG.json REQUEST.json\n";
        return 2;
    }
    try {
        HMODULE module = LoadLibraryA(argv[1]);
        if (!module) {
            std::cerr << "cannot load " << argv[1] << ": Windows error " << GetLastError() << "\n";
            return 3;
        }
        auto entry = reinterpret_cast<skarv_plugin_entry_fn>(
            reinterpret_cast<void*>(GetProcAddress(module, SKARV_PLUGIN_ENTRY_NAME)));
        if (!entry) {
            std::cerr << argv[1] << " exports no " SKARV_PLUGIN_ENTRY_NAME "\n";
            return 3;
        }
        const skarv_plugin_descriptor* plugin = entry(SKARV_ABI_MAJOR, SKARV_ABI_MINOR);
        if (!plugin) {
            std::cerr << argv[1] << " refused ABI " << SKARV_ABI_MAJOR << "." << SKARV_ABI_MINOR << "\n";
            return 3;
        }
        skarv_host_services services{};
        services.struct_size = sizeof services;
        services.abi_major = SKARV_ABI_MAJOR;
        services.abi_minor = SKARV_ABI_MINOR;
        services.log = log_line;
        services.now_ms = now_ms;
        services.is_cancelled = is_cancelled;
        services.state_get = state_get;
        services.state_set = state_set;
        services.state_write_many = state_write_many;
        services.state_scan = state_scan;

        const std::string config = read_file(argv[2]), request = read_file(argv[3]);
        std::string error;
        skarv_sink error_sink{&error, append};
        void* instance = nullptr;
        if (plugin->create(&services, config.data(), config.size(), &instance, &error_sink) != SKARV_OK) {
            std::cerr << "create failed: " << error << "\n";
            return 4;
        }
        std::string check;
        skarv_sink check_sink{&check, append};
        const skarv_status checked = plugin->check(instance, &check_sink);
        std::cerr << "check: " << check << "\n";
        std::string reply;
        skarv_sink reply_sink{&reply, append};
        const skarv_status status = checked == SKARV_OK ? plugin->call(instance, request.data(), request.size(), &reply_sink) : checked;
        plugin->destroy(instance);
        std::cout << (checked == SKARV_OK ? reply : check) << std::endl;
        return status == SKARV_OK ? 0 : 10 + static_cast<int>(status);
    } catch (const std::exception& e) {
        std::cerr << "skarv-abi-call: " << e.what() << "\n";
        return 5;
    }
}
