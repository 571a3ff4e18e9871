#include <iostream>

#include <boost/json.hpp>

#include "commands.hpp"
#include "skarv/host/config/host_config.hpp"
#include "skarv/host/store/store.hpp"
#include "skarv/host/store/store_json.hpp"

namespace skarv::cli {

// The store named by a config file, without loading any plugin: reading reports and
// dead letters must work even when a plugin is broken.
std::unique_ptr<host::Store> open_store(const std::string& config_file) {
    auto loaded = host::load_host_config(config_file);
    if (!loaded.config || loaded.config->state_db.empty()) {
        std::string text = config_file + " is not valid:";
        for (const auto& p : loaded.problems) text += "\n  " + p.to_string();
        throw std::runtime_error(text);
    }
    return std::make_unique<host::Store>(loaded.config->state_db);
}

int run_reports(const ReportsOptions& options) {
    auto store = open_store(options.config_file);
    auto reports = store->reports(options.limit);
    if (options.json) {
        boost::json::array list;
        for (const auto& r : reports) list.push_back(host::to_json(r));
        std::cout << boost::json::serialize(boost::json::object{{"reports", list}}) << "\n";
        return 0;
    }
    if (reports.empty()) std::cout << "No transfer reports yet.\n";
    for (const auto& r : reports) {
        std::cout << "#" << r.id << " " << r.connection << "/" << r.entity << ": considered " << r.considered
                  << ", created " << r.created << ", updated " << r.updated << ", unchanged " << r.unchanged
                  << ", skipped " << r.skipped << ", failed " << r.failed
                  << (r.read_failures ? ", read failures " + std::to_string(r.read_failures) : "") << " (" << (r.ended_at ? *r.ended_at - r.started_at : 0)
                  << " ms)\n";
        auto errors = boost::json::parse(r.errors_json);
        for (const auto& e : errors.as_array())
            std::cout << "    " << e.at("message").as_string().c_str() << "\n";
    }
    return 0;
}

}  // namespace skarv::cli
