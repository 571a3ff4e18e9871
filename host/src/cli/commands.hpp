#pragma once
// The subcommands of the `skarv` binary, each in its own file.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace skarv::cli {

struct PluginsOptions {
    std::vector<std::string> plugin_dirs;   // empty: the default directory
    bool json = false;
};
int run_plugins(const PluginsOptions& options);

struct CheckOptions {
    std::string config_file;
    bool json = false;
    bool connect = false;   // also create every connector and test its connection
};
int run_check(const CheckOptions& options);

struct SyncOptions {
    std::string config_file;
    std::string connection;
    std::string entity;
    bool initial = false;
    bool dry_run = false;
    bool verbose = false;
    int batch_size = 50;
};
int run_sync(const SyncOptions& options);

struct ProbeOptions {
    std::string config_file;
    std::string connection;   // empty: every connection
    bool json = false;
};
// Exit code: 0 nothing contradicted, 1 a guess contradicted, 2 a config problem,
// 3 an endpoint could not be probed (e.g. its login failed).
int run_probe(const ProbeOptions& options);

struct ReportsOptions {
    std::string config_file;
    int limit = 20;
    bool json = false;
};
int run_reports(const ReportsOptions& options);

struct ReconcileOptions {
    std::string config_file;
    std::string connection;      // "" for all
    std::string payout;          // "klarna:K1" or "K1": only that payout
    int limit = 50;
    bool json = false;
};
// Exit code: 0 every payout shown is booked with every row matched; 1 one needs a person
// (refused, failed, waiting, or booked with unmatched rows on the suspense account).
int run_reconcile(const ReconcileOptions& options);

struct DeadLettersOptions {
    std::string config_file;
    std::string action;          // list, show, retry
    int64_t id = 0;
    std::string payload_file;    // retry: a corrected payload
    bool all = false;            // list: include replayed ones
    bool json = false;
};
int run_deadletters(const DeadLettersOptions& options);

struct TraceOptions {
    std::string config_file;
    std::string kind;   // order, product, sku
    std::string key;    // orders: also an ERP number, an e-mail or a payment reference
    bool json = false;
};
// Exit code: 0 shown, 1 nothing known by that key, 2 not a kind of record.
int run_trace(const TraceOptions& options);

struct RunOptions {
    std::string config_file;
    std::string bind = "127.0.0.1";
    int port = 8710;
    bool verbose = false;
};
int run_service(const RunOptions& options);

struct TokenOptions {
    std::string name = "admin";
};
// `skarv token new`: a new admin token, and what to put in the configuration.
int run_token_new(const TokenOptions& options);

// `skarv demo ARGS...`: runs skarv-demo ARGS... (the skarv-sandbox package), which
// holds the emulators; skarv itself holds the host only. Returns only on failure.
int run_demo_command(const std::vector<std::string>& args);

struct UsageOptions {
    std::string config_file;
    std::string month;   // YYYY-MM; "" for this month (UTC)
    bool json = false;
};
// `skarv usage`: orders transferred and active SKUs per connection in a calendar month.
int run_usage(const UsageOptions& options);

struct InitOptions {
    std::string output = "skarv.json";
    std::string shop, erp, flow, credentials;   // "" asks (on a terminal) or takes the default
    std::string name = "main";
    std::string plugin_dir;                     // "" for host::default_plugin_dir()
    std::string state_db = "skarv.db";
    std::string secrets_dir;                    // credentials "file": where the files go
    // The systems' own settings, asked on a terminal; placeholders otherwise.
    std::string norce_url, norce_client_id, norce_account_id, norce_application_id;
    std::string specter_sbm_id, specter_api_user_id;
    std::string visma_adk_library, visma_system_path, visma_company_path;
    bool force = false;
};
// `skarv init`: a commented configuration for one shop and one ERP that `skarv check`
// accepts once the credentials it names exist.
int run_init(const InitOptions& options);

}  // namespace skarv::cli
