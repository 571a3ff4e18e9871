#include "cluster_stack.hpp"

#include <netinet/in.h>
#include <sys/socket.h>

#include <stdexcept>
#include <thread>

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include "skarv/sandbox/seed_data.hpp"

namespace skarv::test::cluster {

namespace json = boost::json;
using kill::ChildProcess;
using kill::Clock;
using std::chrono::milliseconds;

namespace {

// Norce's push reaches the workers by port, so each keeps its port across restarts.
uint16_t free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0)
        throw std::runtime_error("no free port");
    ::close(fd);
    return ntohs(a.sin_port);
}

constexpr uint64_t kSeed = 31;

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

// Catalogue passes never come round within a test: only orders move, and the order pass
// picks up what a push did not deliver.
constexpr int64_t kNever = 31622400;

// Specter's stock sites by the seed's warehouse names, as the shop has them.
json::object erp_block(const std::string& base_url) {
    auto block = kill::specter_block(base_url);
    block["stock_sites"] = json::array{"LAGER1", "LAGER2"};
    return block;
}

}  // namespace

MerchantEmulators::MerchantEmulators(std::vector<std::string> args, int tenants, const fs::path& log)
    : process_([&] {
          args.insert(args.begin(), SKARV_SANDBOX_BIN);
          args.insert(args.end(), {"--port", "0", "--tenants", std::to_string(tenants)});
          return args;
      }(),
               log, true) {
    for (int i = 1; i <= tenants; ++i) {
        const std::string line = process_.read_line(milliseconds(60000));
        const auto colon = line.rfind(':');
        if (line.find("tenant " + std::to_string(i) + " listening on") == std::string::npos ||
            colon == std::string::npos)
            throw std::runtime_error("skarv-sandbox " + args.front() + " did not start tenant " + std::to_string(i) +
                                     ": '" + line + "' (see " + log.string() + ")");
        ports_.push_back(static_cast<uint16_t>(std::stoi(line.substr(colon + 1))));
    }
}

std::string MerchantEmulators::base_url(int merchant) const {
    return "http://127.0.0.1:" + std::to_string(ports_.at(static_cast<size_t>(merchant - 1)));
}

json::value MerchantEmulators::state(int merchant) const {
    return kill::http_get(ports_.at(static_cast<size_t>(merchant - 1)), "/_control/state");
}

json::value MerchantEmulators::post(int merchant, const std::string& path, const json::value& body) const {
    Poco::Net::HTTPClientSession session("127.0.0.1", ports_.at(static_cast<size_t>(merchant - 1)));
    session.setTimeout(Poco::Timespan(30, 0));
    Poco::Net::HTTPRequest req("POST", path, Poco::Net::HTTPMessage::HTTP_1_1);
    const std::string text = json::serialize(body);
    req.setContentType("application/json");
    req.setContentLength(static_cast<std::streamsize>(text.size()));
    session.sendRequest(req) << text;
    Poco::Net::HTTPResponse resp;
    std::string answer;
    Poco::StreamCopier::copyToString(session.receiveResponse(resp), answer);
    if (resp.getStatus() >= 300)
        throw std::runtime_error("POST " + path + " answered " + std::to_string(resp.getStatus()) + ": " + answer);
    return json::parse(answer);
}

ClusterStack::ClusterStack(const fs::path& dir, std::string state_url, ClusterOptions options)
    : dir_(dir), state_url_(std::move(state_url)), options_(std::move(options)) {
    for (int i = 0; i < options_.workers; ++i) worker_ports_.push_back(free_port());
    for (int m = 1; m <= options_.merchants; ++m) {
        std::vector<std::string> skus;
        for (const auto& p : sandbox::generate_seed_data(seed_of(m)).products) {
            if (p.variants.empty()) skus.push_back(p.article_number);
            for (const auto& v : p.variants) skus.push_back(v.sku);
        }
        skus_.push_back(std::move(skus));
    }
    std::vector<std::string> norce_args{"jetshop", "--erp-push-user", "norce", "--erp-push-password", "push-secret"};
    for (auto port : worker_ports_)
        norce_args.insert(norce_args.end(),
                          {"--erp-push-url", "http://127.0.0.1:" + std::to_string(port) + "/push/m{tenant}/1"});
    for (const auto& a : seed_args()) norce_args.push_back(a);
    norce_ = std::make_unique<MerchantEmulators>(norce_args, options_.merchants, dir_ / "norce.log");
    std::vector<std::string> specter_args{"specter"};
    for (const auto& f : options_.specter_faults) specter_args.insert(specter_args.end(), {"--fault", f});
    for (const auto& a : seed_args()) specter_args.push_back(a);
    specter_ = std::make_unique<MerchantEmulators>(specter_args, options_.merchants, dir_ / "specter.log");
    write_config();
    workers_.resize(static_cast<size_t>(options_.workers));
}

ClusterStack::~ClusterStack() {
    for (auto& w : workers_)
        if (w) w->kill_now();
}

void ClusterStack::write_config() {
    const fs::path plugins = dir_ / "plugins";
    fs::create_directories(plugins);
    for (const char* so : {"jetshop.so", "specter.so"})
        fs::copy_file(fs::path(SKARV_PLUGIN_DIR) / so, plugins / so, fs::copy_options::overwrite_existing);
    fs::create_directories(dir_ / "merchants");
    const json::object schedule{{"orders", options_.orders_every_s}, {"status", kNever},     {"products", kNever},
                                {"prices", kNever},                  {"pricelists", kNever}, {"stock", kNever}};
    for (int m = 1; m <= options_.merchants; ++m) {
        json::object c{{"name", connection(m)},
                       {"flow", "erp"},
                       {"shop", kill::norce_block(norce_->base_url(m), norce_->state(m))},
                       {"erp", erp_block(specter_->base_url(m))},
                       {"schedule", schedule},
                       {"options", json::object{{"orders_as", "order"}}}};
        std::ofstream(dir_ / "merchants" / (connection(m) + ".json"))
            << json::serialize(json::object{{"connections", json::array{std::move(c)}}});
    }
    json::object doc{{"plugin_dirs", json::array{json::value(plugins.string())}},
                     {"state_db", state_url_},
                     {"connections_dir", "merchants"},
                     {"connections", json::array{}},
                     {"workers", json::object{{"lease_seconds", options_.lease_seconds}, {"poll_ms", options_.poll_ms}}}};
    std::ofstream(dir_ / "skarv.json") << json::serialize(doc);
}

fs::path ClusterStack::worker_log(int i) const { return dir_ / ("worker-" + std::to_string(i + 1) + ".log"); }

void ClusterStack::start_worker(int i) {
    auto& w = workers_.at(static_cast<size_t>(i));
    if (w && w->running()) throw std::logic_error("worker " + std::to_string(i + 1) + " is running already");
    w = std::make_unique<ChildProcess>(std::vector<std::string>{SKARV_BIN, "run", "--config", (dir_ / "skarv.json").string(),
                                                                "--port", std::to_string(worker_ports_.at(static_cast<size_t>(i)))},
                                       worker_log(i), true);
    const std::string line = w->read_line(milliseconds(60000));
    if (line.rfind("skarv: running", 0) != 0)
        throw std::runtime_error("worker " + std::to_string(i + 1) + " did not start: '" + line + "'; see " +
                                 worker_log(i).string());
}

pid_t ClusterStack::kill_worker(int i) {
    auto& w = workers_.at(static_cast<size_t>(i));
    const pid_t pid = w->pid();
    w->kill_now();
    return pid;
}

pid_t ClusterStack::worker_pid(int i) const { return workers_.at(static_cast<size_t>(i))->pid(); }

bool ClusterStack::worker_running(int i) {
    auto& w = workers_.at(static_cast<size_t>(i));
    return w && w->running();
}

std::string ClusterStack::make_order(int merchant, std::mt19937& random) {
    const auto& skus = skus_.at(static_cast<size_t>(merchant - 1));
    json::array items;
    const int lines = std::uniform_int_distribution<int>(1, 2)(random);
    for (int l = 0; l < lines; ++l)
        items.push_back(json::object{{"PartNo", skus[std::uniform_int_distribution<size_t>(0, skus.size() - 1)(random)]},
                                     {"Quantity", std::uniform_int_distribution<int>(1, 3)(random)}});
    const auto order = norce_->post(merchant, "/_control/orders", json::object{{"Items", std::move(items)}});
    return std::string(order.at("ClientOrderRef").as_string());
}

std::map<std::string, int64_t> ClusterStack::released(int merchant) const {
    return kill::released_orders(norce_->state(merchant));
}

kill::ErpBooks ClusterStack::books(int merchant) const { return kill::specter_books(specter_->state(merchant)); }

bool ClusterStack::wait_until_delivered(std::chrono::seconds limit) const {
    const auto until = Clock::now() + limit;
    for (;;) {
        bool all = true;
        for (int m = 1; m <= merchants() && all; ++m) all = kill::count(books(m)) >= released(m).size();
        if (all) return true;
        if (Clock::now() > until) return false;
        std::this_thread::sleep_for(milliseconds(250));
    }
}

void ClusterStack::expect_each_released_once() const {
    size_t total = 0;
    for (int m = 1; m <= merchants(); ++m) {
        const auto wanted = released(m);
        const auto held = books(m);
        total += wanted.size();
        for (const auto& [ref, copies] : held) {
            EXPECT_EQ(copies.size(), 1u) << connection(m) << ": Specter holds order " << ref << " " << copies.size()
                                         << " times";
            EXPECT_TRUE(wanted.count(ref)) << connection(m) << ": Specter holds order " << ref
                                           << " that this merchant's Norce never released";
        }
        for (const auto& [ref, total_inc_vat] : wanted) {
            const auto it = held.find(ref);
            if (it == held.end()) {
                ADD_FAILURE() << connection(m) << ": released order " << ref << " never reached Specter";
                continue;
            }
            EXPECT_EQ(it->second.front().total_inc_vat, total_inc_vat)
                << connection(m) << ": order " << ref << " has another total in Specter than in Norce";
        }
    }
    std::cout << "[          ] " << total << " orders released over " << merchants() << " merchants\n";
}

}  // namespace skarv::test::cluster
