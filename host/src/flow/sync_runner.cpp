#include "skarv/host/flow/sync_runner.hpp"

#include "skarv/host/runtime/crash_trace.hpp"

#include <map>
#include <optional>
#include <sstream>
#include <utility>

namespace skarv::host {

SyncRunner::SyncRunner(const std::filesystem::path& config_file, Logger& logger, ClockFunction clock)
    : config_file_(config_file), logger_(logger), clock_(std::move(clock)), rng_(static_cast<uint64_t>(system_clock_ms())) {
    config_ = load_checked(plugins_);
    state_lock_ = std::make_unique<StateLock>(config_.state_db);
    store_ = std::make_unique<Store>(config_.state_db);
    recover_from_plugin_crash();
    for (std::size_t i = 0; i < config_.connections.size();) {
        auto lanes = start_connection(config_.connections[i], plugins_);
        if (!lanes) {
            config_.connections.erase(config_.connections.begin() + static_cast<std::ptrdiff_t>(i));
            continue;
        }
        connections_.push_back(std::move(lanes->first));
        order_connections_.push_back(std::move(lanes->second));
        ++i;
    }
}

std::optional<std::pair<std::unique_ptr<ConnectionRuntime>, std::unique_ptr<ConnectionRuntime>>> SyncRunner::start_connection(
    const ConnectionConfig& c, const std::vector<PluginLoadResult>& plugins) const {
    try {
        return std::make_pair(std::make_unique<ConnectionRuntime>(c, plugins, *store_, logger_, cancelled_),
                              std::make_unique<ConnectionRuntime>(c, plugins, *store_, logger_, cancelled_));
    } catch (const std::exception& e) {
        // A merchant's own file: that merchant waits for a corrected file, the others run.
        if (c.source.empty()) throw;
        logger_.log(SKARV_LOG_ERROR, "config", c.source.string() + " skipped: " + logger_.scrub(e.what()));
        return std::nullopt;
    }
}

namespace {

// What a reload compares besides the block itself: the plugin files a connection runs.
std::string code_of(const ConnectionConfig& c, const std::vector<PluginLoadResult>& plugins) {
    std::string identity;
    auto add = [&](const std::string& plugin, const Isolation& isolation) {
        auto module = find_plugin(plugins, plugin, isolation);
        identity += plugin + (isolation.process ? "|process=" : "|in_process=");
        if (!module) {
            identity += "none;";
            return;
        }
        std::error_code ec;
        auto written = std::filesystem::last_write_time(module->file(), ec).time_since_epoch().count();
        auto size = std::filesystem::file_size(module->file(), ec);
        identity += module->file().string() + "@" + std::to_string(written) + "/" + std::to_string(size) + ";";
    };
    for (const auto& shop : c.shops) add(shop.plugin, shop.isolation);
    add(c.erp.plugin, c.erp.isolation);
    for (const auto& p : c.payment_providers) add(p.plugin, p.isolation);
    for (const auto& t : c.transforms) add(t.plugin, t.isolation);
    return identity;
}

}  // namespace

Lane lane_of(const std::string& entity) {
    return entity == "orders" || entity == "status" ? Lane::orders : Lane::catalogue;
}

HostConfig SyncRunner::load_checked(std::vector<PluginLoadResult>& plugins) const {
    auto loaded = load_host_config(config_file_);
    std::vector<SchemaProblem> problems = loaded.problems;
    if (loaded.config) {
        plugins = load_plugins(*loaded.config);
        auto found = check_connectors(*loaded.config, plugins);
        problems.insert(problems.end(), found.begin(), found.end());
    }
    // Secrets that came from {"$env"} or {"$file"} are scrubbed whatever key they sit under.
    if (loaded.config)
        for (const auto& secret : loaded.config->resolved_secrets) logger_.add_secret(secret);
    for (const auto& p : plugins)
        if (!p.loaded()) logger_.log(SKARV_LOG_WARN, "loader", p.file.string() + " refused: " + p.refusal);
    // A merchant's file with a problem costs that merchant only (docs/config.md, "connections_dir").
    if (loaded.config) skip_broken_merchants(*loaded.config, problems, loaded.skipped);
    for (const auto& m : loaded.skipped) {
        std::string text = m.file.string() + " skipped, its connections do not run until it is corrected:";
        for (const auto& p : m.problems) text += "\n  " + p.to_string();
        logger_.log(SKARV_LOG_ERROR, "config", logger_.scrub(text));
    }
    if (!problems.empty()) {
        std::string text = config_file_.string() + " is not valid:";
        for (const auto& p : problems) text += "\n  " + p.to_string();
        throw std::runtime_error(text);
    }
    return std::move(*loaded.config);
}

void SyncRunner::recover_from_plugin_crash() {
    if (config_.state_db == ":memory:") return;
    auto record_file = std::filesystem::path(config_.state_db.string() + ".crash");
    if (auto crash = take_crash_record(record_file)) {
        crashed_plugins_.insert(crash->plugin);
        logger_.log(SKARV_LOG_ERROR, "loader",
                    "the last run died of " + crash->signal + " in plugin '" + crash->plugin + "' (" + crash->instance +
                        ") during '" + crash->op + "'; it runs in skarv-plugin-runner until the next restart, so the "
                        "record that crashed it becomes a dead letter instead of crashing the service again");
        isolate_crashed_plugins(config_);
    }
    install_crash_trace(record_file);
}

void SyncRunner::isolate_crashed_plugins(HostConfig& config) const {
    for (auto& c : config.connections) {
        for (auto& shop : c.shops)
            if (crashed_plugins_.count(shop.plugin)) shop.isolation.process = true;
        if (crashed_plugins_.count(c.erp.plugin)) c.erp.isolation.process = true;
        for (auto& provider : c.payment_providers)
            if (crashed_plugins_.count(provider.plugin)) provider.isolation.process = true;
        for (auto& t : c.transforms)
            if (crashed_plugins_.count(t.plugin)) t.isolation.process = true;
    }
}

void SyncRunner::reload(const std::function<void(const HostConfig&)>& before_apply) {
    std::vector<PluginLoadResult> plugins;
    auto config = load_checked(plugins);
    isolate_crashed_plugins(config);
    if (config.state_db != config_.state_db)
        logger_.log(SKARV_LOG_WARN, "reload", "state_db changed; it takes effect at the next start, not on reload");
    // Build the new connections before touching the running ones: a failure leaves them be.
    // A connection whose block and plugin files are as they were keeps running as it is
    // (its instances, sessions and tokens), so editing one merchant restarts no other.
    std::map<std::string, std::string> running;   // name -> what it was built from
    for (const auto& c : config_.connections) running[c.name] = c.fingerprint + "\n" + code_of(c, plugins_);
    std::vector<std::unique_ptr<ConnectionRuntime>> fresh, fresh_orders;
    std::vector<bool> kept;
    for (std::size_t i = 0; i < config.connections.size();) {
        const auto& c = config.connections[i];
        auto it = running.find(c.name);
        if (it != running.end() && it->second == c.fingerprint + "\n" + code_of(c, plugins)) {
            fresh.push_back(nullptr);
            fresh_orders.push_back(nullptr);
            kept.push_back(true);
        } else if (auto lanes = start_connection(c, plugins)) {
            fresh.push_back(std::move(lanes->first));
            fresh_orders.push_back(std::move(lanes->second));
            kept.push_back(false);
        } else {
            config.connections.erase(config.connections.begin() + static_cast<std::ptrdiff_t>(i));
            continue;
        }
        ++i;
    }
    if (before_apply) before_apply(config);
    std::unique_lock lock(connections_mutex_);
    std::size_t kept_count = 0;
    for (std::size_t i = 0; i < fresh.size(); ++i) {
        if (!kept[i]) continue;
        for (std::size_t k = 0; k < connections_.size(); ++k)
            if (connections_[k] && connections_[k]->name() == config.connections[i].name) {
                fresh[i] = std::move(connections_[k]);
                fresh_orders[i] = std::move(order_connections_[k]);
                ++kept_count;
                break;
            }
    }
    connections_ = std::move(fresh);
    order_connections_ = std::move(fresh_orders);
    plugins_ = std::move(plugins);
    auto state_db = config_.state_db;
    config_ = std::move(config);
    config_.state_db = state_db;
    logger_.log(SKARV_LOG_INFO, "reload", "configuration and plugins reloaded (" + std::to_string(connections_.size()) +
                                              " connection(s), " + std::to_string(kept_count) + " kept running as they were)");
}

SyncRunner::~SyncRunner() {
    // Instances first (they call into modules), then the modules' last references.
    connections_.clear();
    order_connections_.clear();
}

std::vector<TransferReport> SyncRunner::pass(const PassSelection& selection, const TransferOptions& options,
                                             std::ostream* plan_out, ProgressFunction progress) {
    std::vector<TransferReport> reports;
    std::shared_lock lock(connections_mutex_);
    for (std::size_t i = 0; i < connections_.size(); ++i) {
        if (selection.connection && *selection.connection != connections_[i]->name()) continue;
        for (const auto& flow : connections_[i]->plan()) {
            if (selection.entity && *selection.entity != flow.entity) continue;
            if (cancelled_->load()) return reports;
            auto& connection = lane_of(flow.entity) == Lane::orders ? order_connections_[i] : connections_[i];
            std::mt19937_64 rng;
            {
                std::lock_guard lock(rng_mutex_);
                rng.seed(rng_());
            }
            PassContext pass{*store_, logger_, clock_, rng, options, plan_out, cancelled_.get(), progress};
            auto report = flow.entity == "orders"        ? transfer_orders(*connection, pass)
                          : flow.entity == "settlements" ? transfer_settlements(*connection, pass)
                                                         : transfer_entity(*connection, flow, pass);
            if (!options.dry_run) {
                report.id = store_->add_report(report);
                store_->log_event(clock_(), report.failed || report.read_failures ? "warn" : "info",
                                  connection->name() + "/" + flow.entity, summarize(report));
            }
            logger_.log(report.failed || report.read_failures ? SKARV_LOG_WARN : SKARV_LOG_INFO,
                        connection->name() + "/" + flow.entity, summarize(report));
            reports.push_back(std::move(report));
        }
    }
    return reports;
}

std::string summarize(const TransferReport& r) {
    std::ostringstream out;
    out << r.entity << ": considered " << r.considered << ", created " << r.created << ", updated " << r.updated
        << ", unchanged " << r.unchanged << ", skipped " << r.skipped << ", failed " << r.failed;
    if (r.read_failures) out << ", read failures " << r.read_failures;
    if (r.stopped_at_limit) out << "; stopped at the connection's max_records_per_pass, the next pass goes on from there";
    return out.str();
}

}  // namespace skarv::host
