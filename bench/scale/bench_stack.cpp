#include "bench_stack.hpp"

#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

#include <boost/json.hpp>

#include "http_client.hpp"
#include "proc_stats.hpp"
#include "skarv/sandbox/jetshop_emulator.hpp"
#include "skarv/sandbox/specter_emulator.hpp"

namespace skarv::bench {

namespace fs = std::filesystem;
namespace json = boost::json;
using Clock = std::chrono::steady_clock;

namespace {

// The Basic credentials Norce's push carries and the Norce block expects: a loopback
// emulator's, nothing real.
constexpr const char* kPushUser = "norce";
constexpr const char* kPushPassword = "scale-bench-push";
// A schedule that never comes round within a run: the service's catalogue passes run at
// start-up and when the benchmark triggers them, never behind its back.
constexpr int64_t kNever = 31622400;

std::vector<std::string> seed_args(const sandbox::SeedOptions& s) {
    return {"--seed",     std::to_string(s.seed),     "--products", std::to_string(s.products),
            "--variants", std::to_string(s.variants_per_product), "--orders", std::to_string(s.orders),
            "--channels", std::to_string(s.channels)};
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

Emulator::Emulator(const Binaries& bin, const std::vector<std::string>& args, const fs::path& log) {
    std::vector<std::string> argv{bin.sandbox.string()};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {"--port", "0"});
    process_ = std::make_unique<ChildProcess>(argv, log, true);
    // Seeding 50k products takes a few seconds before the emulator listens.
    const auto line = process_->read_line(std::chrono::minutes(3));
    const auto colon = line ? line->rfind(':') : std::string::npos;
    if (!line || line->find("listening on") == std::string::npos || colon == std::string::npos)
        throw std::runtime_error("skarv-sandbox " + args.front() + " did not start (see " + log.string() +
                                 "): '" + line.value_or("") + "'");
    port_ = static_cast<uint16_t>(std::stoi(line->substr(colon + 1)));
}

std::string Emulator::base_url() const { return loopback_url(port_); }

BenchStack::BenchStack(const Binaries& bin, const fs::path& dir, const sandbox::SeedOptions& seed,
                       uint16_t service_port, int job_poll_ms)
    : bin_(bin),
      dir_(dir),
      seed_data_(sandbox::generate_seed_data(seed)),
      service_port_(service_port),
      job_poll_ms_(job_poll_ms) {
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "plugins");
    for (const auto& p : seed_data_.products) {
        if (p.variants.empty()) skus_.emplace_back(p.article_number, p.price_ex_vat);
        for (const auto& v : p.variants) skus_.emplace_back(v.sku, v.price_ex_vat);
    }
    auto norce_args = seed_args(seed);
    norce_args.insert(norce_args.begin(), "jetshop");
    norce_args.insert(norce_args.end(),
                      {"--erp-push-url", service_url() + "/push/" + kConnection + "/1", "--erp-push-user", kPushUser,
                       "--erp-push-password", kPushPassword});
    norce_ = std::make_unique<Emulator>(bin_, norce_args, dir_ / "norce.log");
    auto specter_args = seed_args(seed);
    specter_args.insert(specter_args.begin(), "specter");
    specter_ = std::make_unique<Emulator>(bin_, specter_args, dir_ / "specter.log");
    make_admin_token();
    write_config();
}

std::string BenchStack::service_url() const { return loopback_url(service_port_); }

void BenchStack::make_admin_token() {
    const fs::path out = dir_ / "token.txt";
    ChildProcess token({bin_.skarv.string(), "token", "new", "--name", "scale-bench"}, out, false);
    auto exit = token.wait(std::chrono::seconds(30));
    if (!exit || exit->code != 0) throw std::runtime_error("skarv token new failed; see " + out.string());
    // The token alone on the first line, then "<sha256> <name>" as sha256sum prints it.
    std::istringstream lines(slurp(out));
    std::string line;
    std::getline(lines, token_);
    const std::regex hash_line("^([0-9a-f]{64}) scale-bench$");
    std::smatch m;
    while (std::getline(lines, line))
        if (std::regex_match(line, m, hash_line)) token_sha256_ = m[1];
    fs::remove(out);
    if (token_.empty() || token_sha256_.empty()) throw std::runtime_error("skarv token new printed no token and hash");
}

void BenchStack::write_config() {
    for (const char* so : {"jetshop.so", "specter.so"})
        fs::copy_file(bin_.plugin_dir / so, dir_ / "plugins" / so, fs::copy_options::overwrite_existing);

    // Norce's applications as its emulator made them (keys included), as demo_config does.
    HttpClient norce(norce_->base_url());
    const auto state = norce.get_json("/_control/state");
    json::array apps;
    for (const auto& a : state.at("applications").as_array())
        apps.push_back(json::object{{"channel", a.at("ApplicationId")},
                                    {"application_id", a.at("ApplicationId")},
                                    {"application_key", a.at("ApplicationKey")},
                                    {"price_list", a.at("PriceListCode")},
                                    {"currency", a.at("CurrencyCode")},
                                    {"culture", a.at("CultureCode")},
                                    {"sales_area_id", a.at("SalesAreaId")}});
    const sandbox::JetshopEmulator::Options norce_defaults;
    json::object shop{{"plugin", "jetshop"},
                      {"base_url", norce_->base_url()},
                      {"client_id", norce_defaults.client_id},
                      {"client_secret", norce_defaults.client_secret},
                      {"account_id", 1},
                      {"applications", std::move(apps)},
                      {"push", json::object{{"user", kPushUser}, {"password", kPushPassword}}},
                      {"release_statuses", json::array{"Created", "Confirmed"}},
                      {"payment_methods", json::object{{"1", "klarna"}, {"2", "nets"}, {"3", "svea"}}},
                      {"manufacturer_code", "SKARV"},
                      {"timeouts", json::object{{"job_poll_ms", job_poll_ms_}}}};
    const sandbox::SpecterEmulator::Options specter_defaults;
    json::array sites;
    for (const auto& w : seed_data_.warehouses) sites.push_back(json::string(w));
    json::object erp{{"plugin", "specter"},
                     {"base_url", specter_->base_url()},
                     {"sbm_id", specter_defaults.sbm_id},
                     {"api_user_id", specter_defaults.api_user_id},
                     {"api_user_key", specter_defaults.api_user_key},
                     {"integration_key", specter_defaults.integration_key},
                     {"webshops", json::object{{"1", "1"}}},
                     // Each Specter site to the Norce warehouse of its name (the seed's).
                     {"stock_sites", std::move(sites)}};
    json::object schedule{{"products", kNever}, {"prices", kNever}, {"stock", kNever}, {"status", kNever}};
    json::object doc{
        {"plugin_dirs", json::array{json::value((dir_ / "plugins").string())}},
        {"state_db", state_db().string()},
        {"admin", json::object{{"tokens", json::array{json::object{{"name", "scale-bench"}, {"sha256", token_sha256_}}}}}},
        {"connections", json::array{json::object{{"name", kConnection},
                                                 {"flow", "erp"},
                                                 {"shop", std::move(shop)},
                                                 {"erp", std::move(erp)},
                                                 {"schedule", std::move(schedule)},
                                                 {"options", json::object{{"orders_as", "order"}}}}}}};
    std::ofstream(dir_ / "skarv.json") << json::serialize(doc) << "\n";
}

SyncRun BenchStack::sync(const std::string& entity, bool initial, std::chrono::seconds limit) {
    SyncRun run;
    run.entity = entity;
    run.log = dir_ / ("sync-" + (entity.empty() ? std::string("all") : entity) + (initial ? "-initial" : "") + ".log");
    fs::remove(run.log);
    std::vector<std::string> argv{bin_.skarv.string(), "sync", "--config", (dir_ / "skarv.json").string()};
    if (initial) argv.push_back("--initial");
    if (!entity.empty()) argv.insert(argv.end(), {"--entity", entity});

    CpuMeter emulators({norce_->pid(), specter_->pid()});
    const auto start = Clock::now();
    ChildProcess sync(argv, run.log, false);
    const auto exit = sync.wait(limit);
    run.wall_s = std::chrono::duration<double>(Clock::now() - start).count();
    const auto emu = emulators.used();
    run.norce_cpu_s = emu[0];
    run.specter_cpu_s = emu[1];
    if (!exit)
        throw std::runtime_error("skarv sync " + entity + " did not end within " + std::to_string(limit.count()) +
                                 " s; see " + run.log.string());
    run.exit_code = exit->code;
    run.skarv_cpu = exit->cpu;

    // "bench/products: considered 1000, created 1000, updated 0, unchanged 0, skipped 0, failed 0"
    const std::regex summary(std::string("^") + kConnection + "/([a-z]+): (.*)$");
    const std::regex figure("([a-z ]+) ([0-9]+)");
    std::istringstream lines(slurp(run.log));
    std::string line;
    std::smatch m;
    while (std::getline(lines, line)) {
        if (std::regex_match(line, m, summary)) {
            auto& counts = run.counts[m[1]];
            const std::string rest = m[2];
            if (rest.find("stopped at") != std::string::npos) run.stopped_at_limit.push_back(m[1]);
            for (std::sregex_iterator it(rest.begin(), rest.end(), figure), end; it != end; ++it) {
                std::string name = (*it)[1];
                name.erase(0, name.find_first_not_of(' '));
                counts[name] = std::stoll((*it)[2]);
            }
        } else if (line.rfind("  error: ", 0) == 0 && run.errors.size() < 5) {
            run.errors.push_back(line.substr(9));
        }
    }
    return run;
}

std::unique_ptr<ChildProcess> BenchStack::start_service() {
    auto service = std::make_unique<ChildProcess>(
        std::vector<std::string>{bin_.skarv.string(), "run", "--config", (dir_ / "skarv.json").string(), "--port",
                                 std::to_string(service_port_)},
        dir_ / "service.log", true);
    for (;;) {
        const auto line = service->read_line(std::chrono::seconds(60));
        if (!line) throw std::runtime_error("skarv run did not start; see " + (dir_ / "service.log").string());
        if (line->rfind("skarv: running", 0) == 0) return service;
    }
}

}  // namespace skarv::bench
