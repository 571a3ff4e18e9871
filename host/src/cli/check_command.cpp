#include <iostream>
#include <sstream>

#include <boost/json.hpp>

#include "commands.hpp"
#include "skarv/host/config/host_config.hpp"
#include "skarv/host/flow/connection_runtime.hpp"

namespace skarv::cli {

int run_check(const CheckOptions& options) {
    auto loaded = host::load_host_config(options.config_file);
    std::vector<host::SchemaProblem> problems = loaded.problems;
    std::vector<host::PluginLoadResult> plugins;
    if (loaded.config) {
        plugins = host::load_plugins(*loaded.config);
        auto found = host::check_connectors(*loaded.config, plugins);
        problems.insert(problems.end(), found.begin(), found.end());
        host::skip_broken_merchants(*loaded.config, problems, loaded.skipped);
    }
    // A broken merchant file would only skip that merchant when running; check reports it.
    for (const auto& merchant : loaded.skipped)
        for (const auto& p : merchant.problems) problems.push_back(p);
    if (problems.empty() && options.connect && loaded.config) {
        // A throwaway in-memory store: checking must not touch the real state.
        host::Store scratch(":memory:");
        std::ostringstream quiet;
        host::Logger logger(quiet, SKARV_LOG_ERROR);
        for (const auto& secret : loaded.config->resolved_secrets) logger.add_secret(secret);
        auto cancelled = std::make_shared<std::atomic<bool>>(false);
        for (const auto& c : loaded.config->connections) {
            try {
                host::ConnectionRuntime runtime(c, plugins, scratch, logger, cancelled);
                auto test = [&](host::Endpoint& e, const std::string& path) {
                    auto result = e.instance->check();
                    if (!result.ok()) problems.push_back({path, "connection test failed: " + logger.scrub(result.message())});
                };
                for (std::size_t i = 0; i < runtime.shops().size(); ++i) test(runtime.shops()[i], c.shops[i].path);
                test(runtime.erp(), c.erp.path);
            } catch (const std::exception& e) {
                // "connections[0].erp: plugin 'visma' refused config ...: cannot load ADK library /x/Adk.dll"
                problems.push_back({"", logger.scrub(e.what())});
            }
        }
    }
    if (options.json) {
        boost::json::array list;
        for (const auto& p : problems) list.push_back({{"path", p.path}, {"message", p.message}});
        std::cout << boost::json::serialize(boost::json::object{{"valid", problems.empty()}, {"problems", std::move(list)}})
                  << "\n";
    } else if (problems.empty() && loaded.config) {
        std::cout << options.config_file << ": valid (" << loaded.config->connections.size() << " connection(s))\n";
    } else {
        for (const auto& p : problems) std::cerr << options.config_file << ": " << p.to_string() << "\n";
        std::cerr << problems.size() << " problem(s)\n";
    }
    // Refused plugins that the config does not use are not the config's problem; a used
    // one shows up above as "no loaded plugin named ...".
    return problems.empty() ? 0 : 1;
}

}  // namespace skarv::cli
