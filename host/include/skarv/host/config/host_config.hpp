#pragma once
// The host's configuration: one JSON file (comments and trailing commas allowed) naming
// the plugin directories, the state database and the connections. See docs/config.md.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "skarv/host/config/schema_validator.hpp"
#include "skarv/host/loader/plugin_instance.hpp"
#include "skarv/host/loader/plugin_loader.hpp"

namespace skarv::host {

// One side of a connection: which plugin, and the settings handed to its create().
struct ConnectorConfig {
    std::string plugin;
    boost::json::object settings;   // the block minus the host's keys "plugin" and "channel"
    std::optional<int> channel;     // shops: the channel number (default: position, from 1)
    Isolation isolation;            // "isolation", "runner": in process unless asked
    std::string path;               // where it sits in the file, e.g. "connections[0].erp"
    std::string name;               // payment providers: "klarna" (default: the plugin's name)
};

// A transform in a connection's chain: which plugin, at which hooks, with which settings.
struct TransformConfig {
    std::string plugin;
    std::vector<std::string> hooks;   // e.g. "order.before_write"
    boost::json::object settings;     // the block minus "plugin", "hooks" and "timeout_ms"
    int64_t timeout_ms = 5000;        // a call that takes longer fails its records
    Isolation isolation;              // "isolation", "runner": in a runner unless asked otherwise
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
    std::vector<ConnectorConfig> payment_providers;   // settlements: payouts booked in the ERP
    boost::json::object reconciliation;      // sie_dir, company, book_in_erp, accounts (docs/reconciliation.md)
    std::string path;                        // "connections[0]", or "acme.json#connections[0]" from connections_dir
    std::filesystem::path source;            // the merchant's file in connections_dir; empty: the main file
    std::string fingerprint;                 // the block as written (secrets resolved): a reload keeps it running if equal
};

// A bearer token of the admin API, kept only as the SHA-256 of the token (`skarv token new`).
struct AdminToken {
    std::string name;          // who holds it: shown in the log when it signs in
    std::string sha256_hex;    // 64 lowercase hex digits
};

// The HTTP listener: who may use the admin API, TLS, and the limits that keep slow or
// large requests from starving the service. See docs/operating.md#the-http-listener.
struct HttpSettings {
    std::vector<AdminToken> admin_tokens;       // from "admin.tokens" and "admin.tokens_file"
    std::vector<std::string> extra_hosts;       // Host names accepted besides loopback and the bind address
    int session_hours = 12;                     // a dashboard sign-in lasts this long
    std::filesystem::path tls_certificate;      // PEM, leaf first then intermediates; empty: plain HTTP
    std::filesystem::path tls_key;              // PEM
    bool allow_plain_http = false;              // plain HTTP on a non-loopback bind (behind a TLS proxy)
    int workers = 128;                          // connections served at once
    int queue = 512;                            // accepted connections waiting for a worker
    int64_t header_timeout_ms = 10000;          // from accept to the end of the headers (TLS handshake included)
    int64_t crowded_header_timeout_ms = 1000;   // the same while 3/4 of the workers wait for headers
    int64_t body_timeout_ms = 30000;            // to read the whole body
    int64_t max_push_bytes = 4 << 20;           // an order push body
    int64_t max_admin_bytes = 1 << 20;          // an admin API body (a corrected dead letter)
};

// How long the store keeps what only grows (docs/operating.md, "Retention"). Days.
struct RetentionSettings {
    int reports_days = 90;        // transfer reports (their sums stay in /metrics)
    int events_days = 30;         // the event log
    int dead_letters_days = 30;   // dead letters already replayed (open ones are kept)
    int order_state_days = 180;   // plugin state under "order/" not written since
};

// Several `skarv run` workers on one PostgreSQL database (docs/operating.md, "Several
// workers"). Ignored on SQLite, where one process owns the file.
struct WorkerSettings {
    int64_t lease_ms = 30000;   // a connection's lease: how long a dead worker keeps it
    int64_t poll_ms = 500;      // how often a worker looks for work another worker queued
};

struct HostConfig {
    std::filesystem::path file;
    std::vector<std::filesystem::path> plugin_dirs;   // resolved against the file's folder
    std::filesystem::path state_db;
    std::filesystem::path connections_dir;   // one file a merchant (docs/config.md); empty: none
    RetentionSettings retention;
    WorkerSettings workers;
    std::string timezone;   // cron schedules' zone, e.g. "Europe/Stockholm"; "" is the machine's
    std::vector<ConnectionConfig> connections;
    HttpSettings http;
    std::vector<std::string> resolved_secrets;   // values of {"$env"} / {"$file"} references: register with the logger
};

// A merchant's file in connections_dir that has a problem: its connections are left out,
// the other merchants run.
struct SkippedMerchant {
    std::filesystem::path file;
    std::vector<SchemaProblem> problems;
};

struct ConfigLoad {
    std::optional<HostConfig> config;       // what could be read, even when there are problems
    std::vector<SchemaProblem> problems;    // the main file's: the configuration cannot run
    std::vector<SkippedMerchant> skipped;   // merchant files left out (their connections are not in config)
};

// The JSON Schema of the file's own structure (not of the plugins' settings).
const boost::json::value& host_config_schema();

ConfigLoad load_host_config(const std::filesystem::path& file);

// The plugins of the plugin directories, plus those plugin blocks name by "file" (loaded
// only in a runner, which reports their descriptors). Refusals are results, never throws.
std::vector<PluginLoadResult> load_plugins(const HostConfig& config);

// The module a plugin block runs: the one its "file" names, else the one of that name
// from the plugin directories. Null when there is none.
PluginModulePtr find_plugin(const std::vector<PluginLoadResult>& plugins, const std::string& name, const Isolation& isolation);

// Every connector names a loaded connector plugin and its settings satisfy that
// plugin's config schema. Problems carry their full path in the file.
std::vector<SchemaProblem> check_connectors(const HostConfig& config, const std::vector<PluginLoadResult>& plugins);

// Moves the problems of merchant files (paths "acme.json#...") from `problems` to
// `skipped`, and drops those merchants' connections from `config`.
void skip_broken_merchants(HostConfig& config, std::vector<SchemaProblem>& problems, std::vector<SkippedMerchant>& skipped);

}  // namespace skarv::host
