// The fatal-signal half of crash_trace.hpp. Only async-signal-safe calls in the handler:
// open, write, close, sigaction, raise; the text is prepared before the call starts.
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "skarv/host/runtime/crash_trace.hpp"

namespace skarv::host {
namespace {

constexpr std::size_t kField = 200;

struct Trace {
    char text[3 * kField + 64];   // "plugin=...\ninstance=...\nop=...\n"
    std::size_t size = 0;
};
thread_local Trace t_trace;

char g_record_file[4096];
std::atomic<bool> g_installed{false};

void append(Trace& t, const char* key, const std::string& value) {
    auto put = [&](const char* s, std::size_t n) {
        n = std::min(n, sizeof t.text - t.size);
        std::memcpy(t.text + t.size, s, n);
        t.size += n;
    };
    put(key, std::strlen(key));
    std::string clean = value.substr(0, kField);
    for (auto& c : clean)
        if (c == '\n') c = ' ';
    put(clean.data(), clean.size());
    put("\n", 1);
}

void write_all(int fd, const char* data, std::size_t size) {
    while (size > 0) {
        auto n = ::write(fd, data, size);
        if (n <= 0) return;
        data += n;
        size -= static_cast<std::size_t>(n);
    }
}

void on_fatal_signal(int sig) {
    const Trace& t = t_trace;
    if (t.size > 0) {
        const char* name = sigabbrev_np(sig);
        char line[128];
        // snprintf is not on the async-signal-safe list; build the line by hand.
        std::size_t n = 0;
        auto put = [&](const char* s) {
            while (*s && n < sizeof line - 1) line[n++] = *s++;
        };
        put("skarv: fatal signal SIG");
        put(name ? name : "?");
        put(" in a plugin call; what was running:\n");
        write_all(STDERR_FILENO, line, n);
        write_all(STDERR_FILENO, t.text, t.size);
        int fd = ::open(g_record_file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (fd >= 0) {
            write_all(fd, t.text, t.size);
            const char* key = "signal=SIG";
            write_all(fd, key, strlen(key));
            if (name) write_all(fd, name, strlen(name));
            write_all(fd, "\n", 1);
            ::close(fd);
        }
    }
    // SA_RESETHAND restored the default action: die of the same signal (core, exit 139).
    ::raise(sig);
}

}  // namespace

CallTrace::CallTrace(const std::string& plugin, const std::string& instance, const std::string& op) {
    if (!g_installed.load(std::memory_order_relaxed)) return;
    Trace fresh;
    append(fresh, "plugin=", plugin);
    append(fresh, "instance=", instance);
    append(fresh, "op=", op);
    std::memcpy(t_trace.text, fresh.text, fresh.size);
    // Published last: a signal between the two lines sees either nothing or the whole text.
    std::atomic_signal_fence(std::memory_order_seq_cst);
    t_trace.size = fresh.size;
}

CallTrace::~CallTrace() {
    t_trace.size = 0;
    std::atomic_signal_fence(std::memory_order_seq_cst);
}

void install_crash_trace(const std::filesystem::path& record_file) {
    auto text = record_file.string();
    std::snprintf(g_record_file, sizeof g_record_file, "%s", text.c_str());
    if (g_installed.exchange(true)) return;
    struct sigaction action{};
    action.sa_handler = &on_fatal_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESETHAND | SA_NODEFER;
    for (int sig : {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT}) ::sigaction(sig, &action, nullptr);
}

std::optional<CrashRecord> take_crash_record(const std::filesystem::path& record_file) {
    std::ifstream in(record_file);
    if (!in) return std::nullopt;
    CrashRecord r;
    std::string line;
    while (std::getline(in, line)) {
        auto eq = line.find('=');
        if (eq == std::string::npos) continue;
        auto key = line.substr(0, eq), value = line.substr(eq + 1);
        if (key == "plugin") r.plugin = value;
        else if (key == "instance") r.instance = value;
        else if (key == "op") r.op = value;
        else if (key == "signal") r.signal = value;
    }
    in.close();
    std::error_code ec;
    std::filesystem::remove(record_file, ec);
    if (r.plugin.empty()) return std::nullopt;
    return r;
}

}  // namespace skarv::host
