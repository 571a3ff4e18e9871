#pragma once
// Drives a plugin through its C ABI the way the host does: dlopen the built .so, make
// an instance from a JSON config, hand it {"op": ...} requests. Harnesses go through
// this contract rather than the plugin's internal functions, so they keep working while
// the plugins' insides are rearranged.
//
// Every call is checked against the ABI's promises, and a broken promise aborts (which
// the fuzzer reports as a crash):
//  - the status is one of skarv_status, the reply is JSON; an error reply is an object
//    with a string "code" and "message";
//  - SKARV_ERR_INTERNAL never comes back: it means a parser let an unclassified
//    exception out ("plugin threw: stoi"), where bad input deserves a clear error;
//  - no configured secret appears in a reply or a log line.
// SKARV_FUZZ_VERBOSE=1 prints each request and reply (for writing seeds).

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <skarv/abi.h>

namespace skarv::fuzz {

// Aborts with the message on stderr: the fuzzer's crash report then says why.
[[noreturn]] void fail(const std::string& why);

struct CallOutcome {
    skarv_status status = SKARV_OK;
    std::string reply;
};

class AbiDriver {
public:
    // Loads the plugin once; aborts when it cannot (a broken build, not an input).
    explicit AbiDriver(const std::string& plugin_path);
    ~AbiDriver();
    AbiDriver(const AbiDriver&) = delete;
    AbiDriver& operator=(const AbiDriver&) = delete;

    // Strings that must never leave the plugin (passwords, keys, tokens).
    void set_secrets(std::vector<std::string> secrets) { secrets_ = std::move(secrets); }
    // The fuzz input of the coming calls: a secret it contains itself may be echoed
    // (the fuzzer learns the secrets from the comparisons here), so it is not a leak.
    void set_input(std::string input) { input_ = std::move(input); }

    // A fresh instance per input, with empty host state, so inputs do not depend on
    // each other. Aborts if the config is refused: configs are the harness's, not fuzzed.
    void create(const std::string& config_json);
    CallOutcome call(const std::string& request_json);
    void destroy();

    // Host services, public for the C callbacks.
    std::map<std::string, std::string> state;
    int64_t now_ms = 1'800'000'000'000;
    void check_no_secret(const std::string& text, const char* where) const;

private:
    void* library_ = nullptr;
    const skarv_plugin_descriptor* descriptor_ = nullptr;
    skarv_host_services services_{};
    void* instance_ = nullptr;
    std::vector<std::string> secrets_;
    std::string input_;
};

}  // namespace skarv::fuzz
