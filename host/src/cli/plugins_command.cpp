#include <iomanip>
#include <iostream>

#include <boost/json.hpp>

#include "commands.hpp"
#include "skarv/host/loader/plugin_loader.hpp"
#include "skarv/host/runtime/install_layout.hpp"

namespace skarv::cli {

int run_plugins(const PluginsOptions& options) {
    std::vector<std::filesystem::path> dirs(options.plugin_dirs.begin(), options.plugin_dirs.end());
    if (dirs.empty()) dirs.push_back(host::default_plugin_dir());
    auto results = host::PluginLoader::load_directories(dirs);

    bool any_refused = false;
    if (options.json) {
        boost::json::array list;
        for (const auto& r : results) {
            boost::json::object o{{"file", r.file.string()}, {"status", r.loaded() ? "loaded" : "refused"}};
            if (r.loaded()) {
                o["name"] = r.module->name();
                o["kind"] = r.module->kind_name();
                o["version"] = r.module->version();
                o["abi"] = r.module->abi_version();
                o["capabilities"] = r.module->capabilities();
            } else {
                o["reason"] = r.refusal;
            }
            any_refused = any_refused || !r.loaded();
            list.push_back(std::move(o));
        }
        std::cout << boost::json::serialize(boost::json::object{{"plugins", std::move(list)}}) << "\n";
    } else {
        std::cout << std::left << std::setw(20) << "NAME" << std::setw(11) << "KIND" << std::setw(10) << "VERSION"
                  << std::setw(5) << "ABI" << std::setw(9) << "STATUS" << "FILE\n";
        for (const auto& r : results) {
            if (r.loaded()) {
                std::cout << std::setw(20) << r.module->name() << std::setw(11) << r.module->kind_name() << std::setw(10)
                          << r.module->version() << std::setw(5) << r.module->abi_version() << std::setw(9) << "loaded"
                          << r.file.string() << "\n";
            } else {
                any_refused = true;
                std::cout << std::setw(20) << "-" << std::setw(11) << "-" << std::setw(10) << "-" << std::setw(5) << "-"
                          << std::setw(9) << "refused" << r.file.string() << ": " << r.refusal << "\n";
            }
        }
        if (results.empty()) std::cout << "(no plugins found)\n";
    }
    return any_refused ? 1 : 0;
}

}  // namespace skarv::cli
