#pragma once
// Plugin state in memory, for tests and tools that need no durability. Keys are
// "<instance>/<key>" in `values`, so a test can look at what a plugin stored.

#include <map>
#include <mutex>

#include "skarv/host/runtime/host_context.hpp"

namespace skarv::host {

class MemoryPluginState : public PluginStateBackend {
public:
    std::optional<std::string> get(const std::string& instance, const std::string& key) override {
        std::lock_guard lock(mutex_);
        auto it = values.find(instance + "/" + key);
        return it == values.end() ? std::nullopt : std::optional<std::string>(it->second);
    }
    void set(const std::string& instance, const std::string& key, const std::optional<std::string>& value) override {
        std::lock_guard lock(mutex_);
        if (value) values[instance + "/" + key] = *value;
        else values.erase(instance + "/" + key);
    }
    std::vector<std::pair<std::string, std::string>> scan(const std::string& instance, const std::string& prefix,
                                                          const std::string& after, std::size_t limit) override {
        std::lock_guard lock(mutex_);
        const std::string base = instance + "/";
        std::vector<std::pair<std::string, std::string>> out;
        // Keys under the prefix are contiguous from its lower bound on.
        auto it = after >= prefix ? values.upper_bound(base + after) : values.lower_bound(base + prefix);
        for (; it != values.end() && out.size() < limit; ++it) {
            if (it->first.compare(0, base.size() + prefix.size(), base + prefix) != 0) break;
            out.emplace_back(it->first.substr(base.size()), it->second);
        }
        return out;
    }

    std::map<std::string, std::string> values;

private:
    std::mutex mutex_;
};

}  // namespace skarv::host
