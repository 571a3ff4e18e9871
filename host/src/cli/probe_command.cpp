// skarv probe: the go-live check. Sends {"op":"probe"} to every connector endpoint of the
// chosen connections and prints each guess of the register (docs/guesses.md) as the
// remote system answered it. Contract: docs/protocol.md, "Go-live checks: probe".

#include <iomanip>
#include <iostream>
#include <sstream>

#include <boost/json.hpp>

#include "commands.hpp"
#include "skarv/host/config/host_config.hpp"
#include "skarv/host/flow/connection_runtime.hpp"

namespace skarv::cli {

namespace {

struct Check {
    std::string guess;
    std::string verdict;   // confirmed, contradicted, not_checked
    std::string seen;
};

// One endpoint's answer: its checks, "no probe" (the plugin has none) or an error.
struct EndpointProbe {
    std::string connection;
    std::string endpoint;   // "shop#1", "erp"
    std::string plugin;
    std::string outcome;    // "checked", "no_probe", "error"
    std::string error;
    std::vector<Check> checks;
};

std::string text_of(const boost::json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

// A plugin's answer is checked as strictly as a config: a check without a guess id or
// with a verdict outside the contract makes the endpoint's probe an error, not a pass.
EndpointProbe read_answer(EndpointProbe p, const host::CallResult& r, const host::Logger& logger) {
    if (r.status == SKARV_ERR_UNSUPPORTED) {
        p.outcome = "no_probe";
        return p;
    }
    if (!r.ok()) {
        p.outcome = "error";
        p.error = logger.scrub(r.message());
        return p;
    }
    const auto* checks = r.document.is_object() ? r.document.as_object().if_contains("checks") : nullptr;
    if (!checks || !checks->is_array()) {
        p.outcome = "error";
        p.error = "the probe answer has no \"checks\" array";
        return p;
    }
    p.outcome = "checked";
    for (std::size_t i = 0; i < checks->as_array().size(); ++i) {
        const auto& v = checks->as_array()[i];
        const std::string where = "checks[" + std::to_string(i) + "]";
        if (!v.is_object()) {
            p.outcome = "error";
            p.error = where + " is not an object";
            return p;
        }
        Check c{text_of(v.as_object(), "guess"), text_of(v.as_object(), "verdict"), logger.scrub(text_of(v.as_object(), "seen"))};
        if (c.guess.empty() || (c.verdict != "confirmed" && c.verdict != "contradicted" && c.verdict != "not_checked")) {
            p.outcome = "error";
            p.error = where + ": expected a \"guess\" id and a verdict confirmed, contradicted or not_checked";
            return p;
        }
        p.checks.push_back(std::move(c));
    }
    return p;
}

const char* verdict_label(const std::string& verdict) {
    if (verdict == "confirmed") return "confirmed";
    if (verdict == "contradicted") return "CONTRADICTED";
    return "not checked";
}

void print_text(const std::vector<EndpointProbe>& probes) {
    for (const auto& p : probes) {
        std::cout << p.connection << " " << p.endpoint << " (" << p.plugin << "): ";
        if (p.outcome == "no_probe") {
            std::cout << "no probe\n";
            continue;
        }
        if (p.outcome == "error") {
            std::cout << "probe failed: " << p.error << "\n";
            continue;
        }
        std::cout << p.checks.size() << " guess(es)\n";
        std::size_t width = 0;
        for (const auto& c : p.checks) width = std::max(width, c.guess.size());
        for (const auto& c : p.checks)
            std::cout << "  " << std::left << std::setw(13) << verdict_label(c.verdict) << std::setw(static_cast<int>(width) + 2)
                      << c.guess << c.seen << "\n";
    }
}

boost::json::value to_json(const std::vector<EndpointProbe>& probes) {
    boost::json::array out;
    for (const auto& p : probes) {
        boost::json::array checks;
        for (const auto& c : p.checks) checks.push_back({{"guess", c.guess}, {"verdict", c.verdict}, {"seen", c.seen}});
        boost::json::object o{{"connection", p.connection}, {"endpoint", p.endpoint}, {"plugin", p.plugin},
                              {"outcome", p.outcome}, {"checks", std::move(checks)}};
        if (!p.error.empty()) o["error"] = p.error;
        out.push_back(std::move(o));
    }
    return out;
}

}  // namespace

int run_probe(const ProbeOptions& options) {
    auto loaded = host::load_host_config(options.config_file);
    std::vector<host::SchemaProblem> problems = loaded.problems;
    std::vector<host::PluginLoadResult> plugins;
    if (loaded.config) {
        plugins = host::load_plugins(*loaded.config);
        auto found = host::check_connectors(*loaded.config, plugins);
        problems.insert(problems.end(), found.begin(), found.end());
    }
    if (!problems.empty() || !loaded.config) {
        for (const auto& p : problems) std::cerr << options.config_file << ": " << p.to_string() << "\n";
        std::cerr << "skarv probe: the configuration has problems; 'skarv check --config " << options.config_file
                  << "' lists them\n";
        return 2;
    }
    std::vector<const host::ConnectionConfig*> chosen;
    for (const auto& c : loaded.config->connections)
        if (options.connection.empty() || c.name == options.connection) chosen.push_back(&c);
    if (chosen.empty()) {
        std::cerr << "skarv probe: no connection named '" << options.connection << "' in " << options.config_file << "\n";
        return 2;
    }

    // A throwaway in-memory store: probing must not touch the real state.
    host::Store scratch(":memory:");
    std::ostringstream quiet;
    host::Logger logger(quiet, SKARV_LOG_ERROR);
    // Values from {"$env"} / {"$file"} are secrets whatever their key (docs/config.md).
    for (const auto& secret : loaded.config->resolved_secrets) logger.add_secret(secret);
    auto cancelled = std::make_shared<std::atomic<bool>>(false);
    std::vector<EndpointProbe> probes;
    for (const auto* c : chosen) {
        try {
            host::ConnectionRuntime runtime(*c, plugins, scratch, logger, cancelled);
            auto probe = [&](host::Endpoint& e, const host::ConnectorConfig& config) {
                EndpointProbe p{c->name, e.label, config.plugin, "", "", {}};
                probes.push_back(read_answer(std::move(p), e.instance->call(boost::json::object{{"op", "probe"}}), logger));
            };
            for (std::size_t i = 0; i < runtime.shops().size(); ++i) probe(runtime.shops()[i], c->shops[i]);
            probe(runtime.erp(), c->erp);
        } catch (const std::exception& e) {
            probes.push_back({c->name, "", "", "error", logger.scrub(e.what()), {}});
        }
    }

    std::size_t confirmed = 0, not_checked = 0, errors = 0;
    std::vector<std::string> contradicted;
    for (const auto& p : probes) {
        if (p.outcome == "error") ++errors;
        for (const auto& c : p.checks) {
            if (c.verdict == "confirmed") ++confirmed;
            else if (c.verdict == "not_checked") ++not_checked;
            else contradicted.push_back(p.connection + " " + p.endpoint + " " + c.guess);
        }
    }
    if (options.json) {
        std::cout << boost::json::serialize(boost::json::object{{"endpoints", to_json(probes)},
                                                                {"confirmed", confirmed},
                                                                {"contradicted", contradicted.size()},
                                                                {"not_checked", not_checked},
                                                                {"errors", errors}})
                  << "\n";
    } else {
        print_text(probes);
        std::cout << confirmed << " confirmed, " << contradicted.size() << " contradicted, " << not_checked
                  << " not checked";
        if (errors) std::cout << ", " << errors << " endpoint(s) could not be probed";
        std::cout << "\n";
    }
    if (!contradicted.empty()) {
        std::cerr << "skarv probe: contradicted (see docs/guesses.md for each and what to change):\n";
        for (const auto& c : contradicted) std::cerr << "  " << c << "\n";
    }
    if (errors) std::cerr << "skarv probe: " << errors << " endpoint(s) could not be probed; see above\n";
    // 1: a guess is contradicted (fix that first); 3: only that some endpoint answered no probe.
    if (!contradicted.empty()) return 1;
    return errors ? 3 : 0;
}

}  // namespace skarv::cli
