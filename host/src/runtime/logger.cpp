#include "skarv/host/runtime/logger.hpp"

#include <boost/json.hpp>

#include "skarv/host/runtime/host_context.hpp"

namespace skarv::host {

const char* level_name(skarv_log_level level) {
    switch (level) {
        case SKARV_LOG_DEBUG: return "debug";
        case SKARV_LOG_INFO: return "info";
        case SKARV_LOG_WARN: return "warn";
        case SKARV_LOG_ERROR: return "error";
    }
    return "info";
}

void Logger::add_secret(const std::string& value) {
    // Very short values would scrub ordinary words; such secrets are weak anyway.
    if (value.size() < 4) return;
    std::lock_guard lock(mutex_);
    secrets_.insert(value);
}

std::string Logger::scrub(std::string_view text) const {
    std::string out(text);
    std::lock_guard lock(mutex_);
    for (const auto& secret : secrets_) {
        for (auto pos = out.find(secret); pos != std::string::npos; pos = out.find(secret, pos + 3))
            out.replace(pos, secret.size(), "***");
    }
    return out;
}

void Logger::log(skarv_log_level level, std::string_view source, std::string_view message) {
    if (level < threshold_) return;
    auto line = boost::json::serialize(boost::json::object{
        {"ts", system_clock_ms()}, {"level", level_name(level)}, {"source", source}, {"msg", scrub(message)}});
    std::lock_guard lock(mutex_);
    out_ << line << '\n';
    out_.flush();
}

}  // namespace skarv::host
