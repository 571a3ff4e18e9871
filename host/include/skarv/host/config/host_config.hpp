#pragma once
// The host's configuration: one JSON file (comments and trailing commas allowed) naming
// the plugin directories, the state database and the connections. See docs/config.md.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "skarv/host/config/schema_validator.hpp"
#include "skarv/host/loader/plugin_loader.hpp"

namespace skarv::host {

// One side of a connection: which plugin, and the settings handed to its create().
struct ConnectorConfig {
    std::string plugin;
    boost::json::object settings;   // the block minus the host's keys "plugin" and "channel"
    std::optional<int> channel;     // shops: the channel number (default: position, from 1)
    std::string path;               // where it sits in the file, e.g. "connections[0].erp"
};

// A transform in a connection's chain: which plugin, at which hooks, with which settings.
struct TransformConfig {
    std::string plugin;
    std::vector<std::string> hooks;   // e.g. "order.before_write"
    boost::json::object settings;     // the block minus "plugin", "hooks" and "timeout_ms"
    int64_t timeout_ms = 5000;        // a call that takes longer fails its records
    std::string path;
};

struct ConnectionConfig {
    std::string name;
    std::string flow;                        // "ecom", "erp" or "combo"; "" when masters are given
    std::optional<boost::json::object> masters;
    std::vector<ConnectorConfig> shops;      // one per channel (multishop)
    ConnectorConfig erp;
    boost::json::object options;
    boost::json::value schedule;             // {"orders": 60, "stock": "*/5 * * * *"} or null
    std::vector<TransformConfig> transforms; // run in order at their hooks
    std::string path;
};

struct HostConfig {
    std::filesystem::path file;
    std::vector<std::filesystem::path> plugin_dirs;   // resolved against the file's folder
    std::filesystem::path state_db;
    std::string timezone;   // cron schedules' zone, e.g. "Europe/Stockholm"; "" is the machine's
    std::vector<ConnectionConfig> connections;
};

struct ConfigLoad {
    std::optional<HostConfig> config;       // what could be read, even when there are problems
    std::vector<SchemaProblem> problems;
};

// The JSON Schema of the file's own structure (not of the plugins' settings).
const boost::json::value& host_config_schema();

ConfigLoad load_host_config(const std::filesystem::path& file);

// Every connector names a loaded connector plugin and its settings satisfy that
// plugin's config schema. Problems carry their full path in the file.
std::vector<SchemaProblem> check_connectors(const HostConfig& config, const std::vector<PluginLoadResult>& plugins);

}  // namespace skarv::host
