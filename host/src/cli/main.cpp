// skarv: one binary, one subcommand per job. Exit status: 0 success, 1 the job found
// problems (a refused plugin, an invalid config), 2 the command line itself was wrong.

#include <iostream>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "skarv/abi.h"
#include "skarv/host/version.hpp"

int main(int argc, char** argv) {
    CLI::App app{"Skarv keeps a web shop and an ERP in step, through connector and transform plugins.", "skarv"};
    app.set_version_flag("--version", std::string("skarv ") + skarv::host::kVersion + " (plugin ABI " +
                                          std::to_string(SKARV_ABI_MAJOR) + "." + std::to_string(SKARV_ABI_MINOR) + ")");
    app.require_subcommand(1);
    app.footer("Run 'skarv <command> --help' for a command's options.");

    skarv::cli::PluginsOptions plugins;
    auto* plugins_cmd = app.add_subcommand("plugins", "List the plugins in the plugin directories and whether they load");
    plugins_cmd->add_option("--plugin-dir", plugins.plugin_dirs, "Directory to load plugins from (repeatable)")
        ->check(CLI::ExistingDirectory);
    plugins_cmd->add_flag("--json", plugins.json, "Print JSON instead of a table");

    skarv::cli::CheckOptions check;
    auto* check_cmd = app.add_subcommand("check", "Validate a configuration file against each plugin's config schema");
    check_cmd->add_option("--config", check.config_file, "Configuration file")->required();
    check_cmd->add_flag("--json", check.json, "Print the problems as JSON");
    check_cmd->add_flag("--connect", check.connect,
                        "Also create each connector and test its connection and credentials");

    skarv::cli::SyncOptions sync;
    auto* sync_cmd = app.add_subcommand("sync", "Run one pass of every flow now");
    sync_cmd->add_option("--config", sync.config_file, "Configuration file")->required();
    sync_cmd->add_option("--connection", sync.connection, "Only this connection");
    sync_cmd->add_option("--entity", sync.entity, "Only this entity")
        ->check(CLI::IsMember({"orders", "status", "products", "prices", "pricelists", "stock", "settlements"}));
    sync_cmd->add_flag("--initial", sync.initial, "Read everything, not only changes (first sync; matches on article number)");
    sync_cmd->add_flag("--dry-run", sync.dry_run, "Print what would be created, updated or left; write nothing");
    sync_cmd->add_option("--batch-size", sync.batch_size, "Records per write")->check(CLI::Range(1, 10000));
    sync_cmd->add_flag("-v,--verbose", sync.verbose, "Log every step to stderr");

    skarv::cli::ProbeOptions probe;
    auto* probe_cmd = app.add_subcommand(
        "probe", "Go-live check: ask each connector's test account about Skarv's guesses (docs/guesses.md)");
    probe_cmd->add_option("--config", probe.config_file, "Configuration file")->required();
    probe_cmd->add_option("--connection", probe.connection, "Only this connection");
    probe_cmd->add_flag("--json", probe.json, "Print the verdicts as JSON");

    skarv::cli::ReconcileOptions reconcile;
    auto* reconcile_cmd = app.add_subcommand("reconcile", "Show each payment provider payout: what matched, what did not and why");
    reconcile_cmd->add_option("--config", reconcile.config_file, "Configuration file")->required();
    reconcile_cmd->add_option("--connection", reconcile.connection, "Only this connection");
    reconcile_cmd->add_option("--payout", reconcile.payout, "Only this payout (provider:settlement_id or settlement_id)");
    reconcile_cmd->add_option("--limit", reconcile.limit, "How many, newest payout date first")->check(CLI::Range(1, 100000));
    reconcile_cmd->add_flag("--json", reconcile.json, "Print JSON");
    skarv::cli::ReportsOptions reports;
    auto* reports_cmd = app.add_subcommand("reports", "Show the latest transfer reports");
    reports_cmd->add_option("--config", reports.config_file, "Configuration file")->required();
    reports_cmd->add_option("--limit", reports.limit, "How many")->check(CLI::Range(1, 100000));
    reports_cmd->add_flag("--json", reports.json, "Print JSON");

    skarv::cli::UsageOptions usage;
    auto* usage_cmd = app.add_subcommand("usage", "Orders transferred and active SKUs per connection in a calendar month");
    usage_cmd->add_option("--config", usage.config_file, "Configuration file")->required();
    usage_cmd->add_option("--month", usage.month, "YYYY-MM (default: this month, UTC)");
    usage_cmd->add_flag("--json", usage.json, "Print JSON");

    skarv::cli::InitOptions init;
    auto* init_cmd = app.add_subcommand("init", "Write a commented configuration for a shop and an ERP (asks on a terminal)");
    init_cmd->add_option("--output,-o", init.output, "The file to write (default skarv.json)");
    init_cmd->add_option("--shop", init.shop, "The web shop: norce");
    init_cmd->add_option("--erp", init.erp, "The ERP: specter or visma");
    init_cmd->add_option("--flow", init.flow, "erp, ecom or combo (docs/config.md)");
    init_cmd->add_option("--credentials", init.credentials, "Where secrets come from: env or file");
    init_cmd->add_option("--secrets-dir", init.secrets_dir, "With --credentials file: the folder of the secret files (default /etc/skarv/secrets)");
    init_cmd->add_option("--name", init.name, "The connection's name (default main)");
    init_cmd->add_option("--plugin-dir", init.plugin_dir, "Where the plugins are (default: next to skarv)");
    init_cmd->add_option("--state-db", init.state_db, "The state database (default skarv.db beside the file)");
    init_cmd->add_option("--norce-url", init.norce_url, "Norce API base URL");
    init_cmd->add_option("--norce-client-id", init.norce_client_id, "Norce OAuth client id");
    init_cmd->add_option("--norce-account-id", init.norce_account_id, "Norce AccountId");
    init_cmd->add_option("--norce-application-id", init.norce_application_id, "Norce application id of channel 1");
    init_cmd->add_option("--specter-sbm-id", init.specter_sbm_id, "Specter sbmId");
    init_cmd->add_option("--specter-api-user-id", init.specter_api_user_id, "Specter apiUserId");
    init_cmd->add_option("--visma-adk-library", init.visma_adk_library, "Path of Visma's Adk.dll");
    init_cmd->add_option("--visma-system-path", init.visma_system_path, "Visma's 'Gemensamma filer' folder");
    init_cmd->add_option("--visma-company-path", init.visma_company_path, "The Visma company folder");
    init_cmd->add_flag("--force", init.force, "Overwrite an existing file");

    skarv::cli::DeadLettersOptions dead;
    auto* dead_cmd = app.add_subcommand("deadletters", "Inspect and replay records that could not be transferred");
    dead_cmd->require_subcommand(1);
    auto* dead_list = dead_cmd->add_subcommand("list", "List dead letters");
    dead_list->add_option("--config", dead.config_file, "Configuration file")->required();
    dead_list->add_flag("--all", dead.all, "Include ones already replayed");
    dead_list->add_flag("--json", dead.json, "Print JSON");
    auto* dead_show = dead_cmd->add_subcommand("show", "Show one dead letter with its record");
    dead_show->add_option("--config", dead.config_file, "Configuration file")->required();
    dead_show->add_option("id", dead.id, "Dead letter number")->required();
    auto* dead_retry = dead_cmd->add_subcommand("retry", "Queue a dead letter again, optionally corrected");
    dead_retry->add_option("--config", dead.config_file, "Configuration file")->required();
    dead_retry->add_option("id", dead.id, "Dead letter number")->required();
    dead_retry->add_option("--payload", dead.payload_file, "File with a corrected payload (as 'show' prints it)");

    skarv::cli::TraceOptions trace;
    auto* trace_cmd = app.add_subcommand("trace", "Show a record's journey: skarv trace order 100012 (or product, sku)");
    trace_cmd->add_option("--config", trace.config_file, "Configuration file")->required();
    trace_cmd->add_option("kind", trace.kind, "order, product or sku")->required();
    trace_cmd->add_option("key", trace.key, "Its number; an order also by ERP number, e-mail or payment reference")->required();
    trace_cmd->add_flag("--json", trace.json, "Print JSON");

    skarv::cli::RunOptions run;
    auto* run_cmd = app.add_subcommand("run", "Run as a service: scheduler, order push, admin API, dashboard, metrics");
    run_cmd->add_option("--config", run.config_file, "Configuration file")->required();
    run_cmd->add_option("--bind", run.bind, "Address to listen on (default 127.0.0.1)");
    run_cmd->add_option("--port", run.port, "Port for the admin API and the order push (0: any free port)")
        ->check(CLI::Range(0, 65535));
    run_cmd->add_flag("-v,--verbose", run.verbose, "Debug logging");

    skarv::cli::TokenOptions token;
    auto* token_cmd = app.add_subcommand("token", "Admin API tokens");
    token_cmd->require_subcommand(1);
    auto* token_new = token_cmd->add_subcommand("new", "Make an admin token; print it once, and the hash the configuration keeps");
    token_new->add_option("--name", token.name, "Who holds it (shown in the log when it signs in)");

    // The demo's options are skarv-demo's own (`skarv demo --help` shows them): every
    // argument after `demo` is handed to it unparsed.
    auto* demo_cmd = app.add_subcommand("demo", "Run Skarv against emulators of Norce, Specter and Visma and show what moved (needs the skarv-sandbox package)");
    demo_cmd->set_help_flag();
    demo_cmd->prefix_command();

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::cerr << "skarv: " << e.what() << "\nRun 'skarv --help' for usage.\n";
        return 2;
    }
    try {
        if (*plugins_cmd) return skarv::cli::run_plugins(plugins);
        if (*check_cmd) return skarv::cli::run_check(check);
        if (*sync_cmd) return skarv::cli::run_sync(sync);
        if (*probe_cmd) return skarv::cli::run_probe(probe);
        if (*run_cmd) return skarv::cli::run_service(run);
        if (*demo_cmd) return skarv::cli::run_demo_command(demo_cmd->remaining());
        if (*reports_cmd) return skarv::cli::run_reports(reports);
        if (*trace_cmd) return skarv::cli::run_trace(trace);
        if (*usage_cmd) return skarv::cli::run_usage(usage);
        if (*init_cmd) return skarv::cli::run_init(init);
        if (*reconcile_cmd) return skarv::cli::run_reconcile(reconcile);
        if (*token_new) return skarv::cli::run_token_new(token);
        if (*dead_cmd) {
            dead.action = *dead_list ? "list" : *dead_show ? "show" : "retry";
            return skarv::cli::run_deadletters(dead);
        }
    } catch (const std::exception& e) {
        std::cerr << "skarv: " << e.what() << "\n";
        return 1;
    }
    return 2;
}
