#pragma once
// What a crash inside an in-process plugin leaves behind. The host notes which plugin,
// instance and operation each thread is running (a few bytes copied per call); a handler
// for the fatal signals writes that to stderr and to a file beside the state database
// before the process dies. On the next start the host reads the file and runs that plugin
// in a runner for this run, so the record that crashed it is bisected out and becomes a
// dead letter instead of crashing the service again (docs/operating.md, "Plugin crashes").

#include <filesystem>
#include <optional>
#include <string>

namespace skarv::host {

// Marks the calling thread as inside `plugin` (instance, op) for the scope's life.
class CallTrace {
public:
    CallTrace(const std::string& plugin, const std::string& instance, const std::string& op);
    ~CallTrace();
    CallTrace(const CallTrace&) = delete;
    CallTrace& operator=(const CallTrace&) = delete;
};

// Installs the handler for SIGSEGV, SIGBUS, SIGILL, SIGFPE and SIGABRT (once; later calls
// only change the file). `record_file`: where the handler writes what was running.
void install_crash_trace(const std::filesystem::path& record_file);

struct CrashRecord {
    std::string plugin, instance, op, signal;
};

// Reads and removes the record a crash left; empty when the last run did not crash in a plugin.
std::optional<CrashRecord> take_crash_record(const std::filesystem::path& record_file);

}  // namespace skarv::host
