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
    } catch (const std::exception& e) {
        std::cerr << "skarv: " << e.what() << "\n";
        return 1;
    }
    return 2;
}
