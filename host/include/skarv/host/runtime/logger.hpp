#pragma once
// Logger: structured log lines (one JSON object a line) with secrets scrubbed. The host
// registers every secret it hands a plugin (passwords, keys, tokens from the config), so
// a plugin or an error message that echoes one still never puts it in a log.

#include <mutex>
#include <ostream>
#include <set>
#include <string>
#include <string_view>

#include "skarv/abi.h"

namespace skarv::host {

class Logger {
public:
    Logger(std::ostream& out, skarv_log_level threshold) : out_(out), threshold_(threshold) {}

    void add_secret(const std::string& value);
    std::string scrub(std::string_view text) const;
    void log(skarv_log_level level, std::string_view source, std::string_view message);

private:
    mutable std::mutex mutex_;
    std::ostream& out_;
    skarv_log_level threshold_;
    std::set<std::string> secrets_;
};

const char* level_name(skarv_log_level level);

}  // namespace skarv::host
