#include "skarv/host/flow/sync_runner.hpp"

#include <sstream>

namespace skarv::host {

SyncRunner::SyncRunner(const std::filesystem::path& config_file, Logger& logger, ClockFunction clock)
    : logger_(logger), clock_(std::move(clock)), rng_(static_cast<uint64_t>(system_clock_ms())) {
    auto loaded = load_host_config(config_file);
    std::vector<SchemaProblem> problems = loaded.problems;
    if (loaded.config) {
        plugins_ = PluginLoader::load_directories(loaded.config->plugin_dirs);
        auto found = check_connectors(*loaded.config, plugins_);
        problems.insert(problems.end(), found.begin(), found.end());
    }
    if (!problems.empty()) {
        std::string text = config_file.string() + " is not valid:";
        for (const auto& p : problems) text += "\n  " + p.to_string();
        throw std::runtime_error(text);
    }
    config_ = std::move(*loaded.config);
    for (const auto& p : plugins_)
        if (!p.loaded()) logger_.log(SKARV_LOG_WARN, "loader", p.file.string() + " refused: " + p.refusal);
    store_ = std::make_unique<Store>(config_.state_db);
    for (const auto& c : config_.connections)
        connections_.push_back(std::make_unique<ConnectionRuntime>(c, plugins_, *store_, logger_, cancelled_));
}

SyncRunner::~SyncRunner() {
    // Instances first (they call into modules), then the modules' last references.
    connections_.clear();
}

std::vector<TransferReport> SyncRunner::pass(const PassSelection& selection, const TransferOptions& options,
                                             std::ostream* plan_out) {
    std::vector<TransferReport> reports;
    for (auto& connection : connections_) {
        if (selection.connection && *selection.connection != connection->name()) continue;
        for (const auto& flow : connection->plan()) {
            if (selection.entity && *selection.entity != flow.entity) continue;
            if (cancelled_->load()) return reports;
            PassContext pass{*store_, logger_, clock_, rng_, options, plan_out, cancelled_.get()};
            auto report = flow.entity == "orders" ? transfer_orders(*connection, pass) : transfer_entity(*connection, flow, pass);
            if (!options.dry_run) {
                report.id = store_->add_report(report);
                store_->log_event(clock_(), report.failed ? "warn" : "info", connection->name() + "/" + flow.entity,
                                  summarize(report));
            }
            logger_.log(report.failed ? SKARV_LOG_WARN : SKARV_LOG_INFO, connection->name() + "/" + flow.entity,
                        summarize(report));
            reports.push_back(std::move(report));
        }
    }
    return reports;
}

std::string summarize(const TransferReport& r) {
    std::ostringstream out;
    out << r.entity << ": considered " << r.considered << ", created " << r.created << ", updated " << r.updated
        << ", unchanged " << r.unchanged << ", skipped " << r.skipped << ", failed " << r.failed;
    return out.str();
}

}  // namespace skarv::host
