#include "merchant_cluster.hpp"

#include <fstream>
#include <stdexcept>

#include <boost/json.hpp>

#include "../scale/http_client.hpp"
#include "skarv/sandbox/seed_data.hpp"

namespace skarv::bench {

namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

constexpr uint64_t kSeed = 19;
constexpr const char* kPushUser = "norce";
constexpr const char* kPushPassword = "cluster-bench-push";
// Catalogue passes run once at start-up, then never within a run: orders are measured.
constexpr int64_t kNever = 31622400;

sandbox::SeedOptions seed_of(int merchant) {
    sandbox::SeedOptions s;
    s.seed = kSeed + static_cast<uint64_t>(merchant - 1);   // what --tenants gives merchant i
    s.products = 4;
    s.variants_per_product = 1;
    s.channels = 1;
    s.orders = 0;
    return s;
}

std::vector<std::string> seed_args() {
    const auto s = seed_of(1);
    return {"--seed",     std::to_string(s.seed), "--products", std::to_string(s.products),
            "--variants", std::to_string(s.variants_per_product), "--channels", "1", "--orders", "0"};
}

}  // namespace

TenantProcess::TenantProcess(const ClusterBinaries& bin, std::vector<std::string> args, int tenants, const fs::path& log) {
    const std::string kind = args.front();
    args.insert(args.begin(), bin.sandbox.string());
    args.insert(args.end(), {"--port", "0", "--tenants", std::to_string(tenants)});
    process_ = std::make_unique<ChildProcess>(args, log, true);
    for (int i = 1; i <= tenants; ++i) {
        const auto line = process_->read_line(std::chrono::minutes(2));
        const auto colon = line ? line->rfind(':') : std::string::npos;
        if (!line || line->find("tenant " + std::to_string(i) + " listening on") == std::string::npos ||
            colon == std::string::npos)
            throw std::runtime_error("skarv-sandbox " + kind + " did not start tenant " + std::to_string(i) + " (see " +
                                     log.string() + "): '" + line.value_or("") + "'");
        ports_.push_back(static_cast<uint16_t>(std::stoi(line->substr(colon + 1))));
    }
}

std::string TenantProcess::base_url(int merchant) const { return loopback_url(ports_.at(static_cast<size_t>(merchant - 1))); }

MerchantCluster::MerchantCluster(const ClusterBinaries& bin, const fs::path& dir, std::string state_url, ClusterShape shape)
    : bin_(bin), dir_(dir), state_url_(std::move(state_url)), shape_(shape) {
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "merchants");
    for (int i = 0; i < shape_.workers; ++i) ports_.push_back(free_port());
    for (int m = 1; m <= shape_.merchants; ++m) {
        std::vector<std::string> skus;
        for (const auto& p : sandbox::generate_seed_data(seed_of(m)).products) {
            if (p.variants.empty()) skus.push_back(p.article_number);
            for (const auto& v : p.variants) skus.push_back(v.sku);
        }
        skus_.push_back(std::move(skus));
    }
    std::vector<std::string> norce_args{"jetshop", "--erp-push-user", kPushUser, "--erp-push-password", kPushPassword};
    for (auto port : ports_) norce_args.insert(norce_args.end(), {"--erp-push-url", loopback_url(port) + "/push/m{tenant}/1"});
    for (const auto& a : seed_args()) norce_args.push_back(a);
    norce_ = std::make_unique<TenantProcess>(bin_, norce_args, shape_.merchants, dir_ / "norce.log");
    std::vector<std::string> specter_args{"specter"};
    for (const auto& a : seed_args()) specter_args.push_back(a);
    specter_ = std::make_unique<TenantProcess>(bin_, specter_args, shape_.merchants, dir_ / "specter.log");
    write_config();
}

MerchantCluster::~MerchantCluster() {
    for (auto& w : workers_) w->stop(std::chrono::milliseconds(2000));
}

void MerchantCluster::write_config() {
    fs::create_directories(dir_ / "plugins");
    for (const char* so : {"jetshop.so", "specter.so"})
        fs::copy_file(bin_.plugin_dir / so, dir_ / "plugins" / so, fs::copy_options::overwrite_existing);
    const json::object schedule{{"orders", 60},       {"status", kNever},     {"products", kNever},
                                {"prices", kNever},   {"pricelists", kNever}, {"stock", kNever}};
    for (int m = 1; m <= shape_.merchants; ++m) {
        HttpClient norce(norce_->base_url(m));
        const auto state = norce.get_json("/_control/state");
        json::array apps;
        for (const auto& a : state.at("applications").as_array())
            apps.push_back(json::object{{"channel", a.at("ApplicationId")}, {"application_id", a.at("ApplicationId")},
                                        {"application_key", a.at("ApplicationKey")}, {"price_list", a.at("PriceListCode")},
                                        {"currency", a.at("CurrencyCode")}, {"culture", a.at("CultureCode")},
                                        {"sales_area_id", a.at("SalesAreaId")}});
        json::object shop{{"plugin", "jetshop"}, {"base_url", norce_->base_url(m)}, {"client_id", "skarv"},
                          {"client_secret", "skarv-secret"}, {"account_id", 1}, {"applications", std::move(apps)},
                          {"push", json::object{{"user", kPushUser}, {"password", kPushPassword}}},
                          {"release_statuses", json::array{"Created", "Confirmed"}},
                          {"payment_methods", json::object{{"1", "klarna"}, {"2", "nets"}, {"3", "svea"}}},
                          {"manufacturer_code", "SKARV"}, {"timeouts", json::object{{"job_poll_ms", 20}}}};
        json::object erp{{"plugin", "specter"}, {"base_url", specter_->base_url(m)}, {"sbm_id", "1001"},
                         {"api_user_id", "skarv"}, {"api_user_key", "skarv-api-user-key"},
                         {"integration_key", "skarv-integration-key"}, {"webshops", json::object{{"1", "1"}}},
                         {"stock_sites", json::array{"LAGER1", "LAGER2"}}};
        json::object c{{"name", connection(m)}, {"flow", "erp"}, {"shop", std::move(shop)}, {"erp", std::move(erp)},
                       {"schedule", schedule}, {"options", json::object{{"orders_as", "order"}}}};
        std::ofstream(dir_ / "merchants" / (connection(m) + ".json"))
            << json::serialize(json::object{{"connections", json::array{std::move(c)}}});
    }
    json::object doc{{"plugin_dirs", json::array{json::value((dir_ / "plugins").string())}},
                     {"state_db", state_url_},
                     {"connections", json::array{}},
                     {"connections_dir", "merchants"},
                     {"workers", json::object{{"lease_seconds", shape_.lease_seconds}, {"poll_ms", shape_.poll_ms}}}};
    std::ofstream(dir_ / "skarv.json") << json::serialize(doc) << "\n";
}

void MerchantCluster::start_workers() {
    for (int i = 0; i < shape_.workers; ++i) {
        const fs::path log = dir_ / ("worker-" + std::to_string(i + 1) + ".log");
        workers_.push_back(std::make_unique<ChildProcess>(
            std::vector<std::string>{bin_.skarv.string(), "run", "--config", (dir_ / "skarv.json").string(), "--port",
                                     std::to_string(ports_[static_cast<size_t>(i)])},
            log, true));
        for (;;) {
            const auto line = workers_.back()->read_line(std::chrono::minutes(2));
            if (!line) throw std::runtime_error("worker " + std::to_string(i + 1) + " did not start; see " + log.string());
            if (line->rfind("skarv: running", 0) == 0) break;
        }
    }
}

std::vector<pid_t> MerchantCluster::worker_pids() const {
    std::vector<pid_t> out;
    for (const auto& w : workers_) out.push_back(w->pid());
    return out;
}

}  // namespace skarv::bench
