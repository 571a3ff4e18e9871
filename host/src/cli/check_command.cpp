#include <iostream>

#include <boost/json.hpp>

#include "commands.hpp"
#include "skarv/host/config/host_config.hpp"

namespace skarv::cli {

int run_check(const CheckOptions& options) {
    auto loaded = host::load_host_config(options.config_file);
    std::vector<host::SchemaProblem> problems = loaded.problems;
    std::vector<host::PluginLoadResult> plugins;
    if (loaded.config) {
        plugins = host::PluginLoader::load_directories(loaded.config->plugin_dirs);
        auto found = host::check_connectors(*loaded.config, plugins);
        problems.insert(problems.end(), found.begin(), found.end());
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
