// The demo's running order: start the emulators with seeded data, write the config,
// let the real host run a pass, act at the ERPs as their users would, run again, then
// let the emulators' books tell what moved (demo_report.cpp).

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <thread>

#include "demo_parts.hpp"
#include "skarv/host/flow/sync_runner.hpp"
#include "skarv/host/service/service.hpp"
#include "skarv/sandbox/visma_adk_seed.hpp"

namespace skarv::demo {

namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

// Wait for Norce's pushes of its new orders (StatusId 0) to be accepted by the host.
bool pushes_delivered(const std::vector<DemoConnection>& connections, int timeout_ms) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    for (;;) {
        bool all = true;
        for (const auto& c : connections) {
            const auto state = c.shop->state();   // a value: the loop below walks it
            for (const auto& [ref, v] : state.at("orders").as_object())
                if (v.at("StatusId").to_number<int64_t>() == 0 && !c.shop->push_delivered(std::string(ref))) all = false;
        }
        if (all) return true;
        if (std::chrono::steady_clock::now() > until) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

sandbox::SeedOptions seed_options(const DemoOptions& o) {
    sandbox::SeedOptions s;
    s.seed = o.seed;
    s.products = o.products;
    s.variants_per_product = o.variants;
    s.orders = o.orders;
    // One channel (Butiken SE, SEK), so every total compares in one currency.
    s.channels = 1;
    return s;
}

// Norce pushes each new order to the host, as a merchant's "ERP endpoint" is set up;
// orders it already holds in a release status are read through Query 2.0 as well.
std::unique_ptr<sandbox::JetshopEmulator> start_shop(const DemoOptions& o, const std::string& push_url) {
    sandbox::JetshopEmulator::Options options;
    options.seed = seed_options(o);
    options.erp_push_url = push_url;
    options.erp_push_user = kPushUser;
    options.erp_push_password = kPushPassword;
    options.push_retry_ms = 100;
    options.push_seed_orders = true;
    auto shop = std::make_unique<sandbox::JetshopEmulator>(options);
    shop->start();
    return shop;
}

std::unique_ptr<sandbox::SpecterEmulator> start_specter(const DemoOptions& o) {
    sandbox::SpecterEmulator::Options options;
    options.seed = seed_options(o);   // the same articles as the shop
    auto erp = std::make_unique<sandbox::SpecterEmulator>(options);
    erp->start();
    return erp;
}

// The orders Norce lets go to the ERP (Created, Confirmed), before Skarv touches them.
std::map<std::string, int64_t> released_orders(const sandbox::JetshopEmulator& shop) {
    std::map<std::string, int64_t> out;
    const auto state = shop.state();
    for (const auto& [ref, v] : state.at("orders").as_object()) {
        const auto& o = v.as_object();
        const auto status = o.at("StatusId").to_number<int64_t>();
        if (status != 0 && status != 2) continue;
        const auto& t = o.at("TotalIncVat");
        out[std::string(ref)] = t.is_double() ? static_cast<int64_t>(std::llround(t.get_double() * 100.0))
                                              : t.to_number<int64_t>() * 100;
    }
    return out;
}

// A consignment number that looks like a PostNord one and names the order.
std::string tracking_for(const std::string& order) { return "00370712" + order; }

// At Specter: every other transferred order is delivered with a tracking number, the
// rest invoiced, as Specter's users would do in its own screens.
void act_at_specter(DemoConnection& c) {
    auto orders = c.specter->orders();
    std::sort(orders.begin(), orders.end(), [](const auto& a, const auto& b) { return a.external_order_no < b.external_order_no; });
    for (size_t i = 0; i < orders.size(); ++i) {
        const auto& o = orders[i];
        if (i % 2 == 0) {
            c.specter->deliver(o.order_no, tracking_for(o.external_order_no));
            c.erp_actions[o.external_order_no] = "delivered";
        } else {
            c.specter->invoice(o.order_no);
            c.erp_actions[o.external_order_no] = "invoiced";
        }
    }
    // Specter calls Skarv back on each invoice from its own thread; wait until it has.
    c.specter->callbacks_sent(10000);
}

// At Visma, the same through the ADK: delivered with the consignment number in TEXT3,
// or invoiced from the order.
void act_at_visma(DemoConnection& c, const DemoOptions& options) {
    VismaDesk desk(options.adk_library, c.visma_company);
    auto orders = desk.orders();
    std::sort(orders.begin(), orders.end(), [](const auto& a, const auto& b) { return a.shop_order < b.shop_order; });
    for (size_t i = 0; i < orders.size(); ++i) {
        const auto& o = orders[i];
        if (i % 2 == 0) {
            desk.deliver(o.number, tracking_for(o.shop_order));
            c.erp_actions[o.shop_order] = "delivered";
        } else {
            desk.invoice(o.number);
            c.erp_actions[o.shop_order] = "invoiced";
        }
    }
}

// Only the three connectors go into the demo's own plugin folder: build/plugins also
// holds transforms and whatever else was built, which this config does not need.
fs::path gather_plugins(const DemoOptions& o, const fs::path& work, bool& with_visma) {
    const fs::path from = o.plugin_dir;
    const fs::path to = work / "plugins";
    fs::create_directories(to);
    for (const char* name : {"jetshop", "specter", "visma"}) {
        const fs::path so = from / (std::string(name) + ".so");
        if (!fs::exists(so)) {
            if (std::string(name) == "visma") {
                with_visma = false;
                continue;
            }
            throw std::runtime_error("no " + so.string() + " (build the connector plugins first)");
        }
        fs::copy_file(so, to / so.filename(), fs::copy_options::overwrite_existing);
    }
    return to;
}

// Leftovers of an earlier run in the same folder would be counted as this run's.
void clear_work_dir(const fs::path& work) {
    for (const char* name : {"skarv.json", "skarv-state.db", "skarv-state.db-wal", "skarv-state.db-shm", "skarv-demo.log"})
        fs::remove(work / name);
    fs::remove_all(work / "visma");
    fs::remove_all(work / "plugins");
}

int run(const DemoOptions& options, std::ostream& out) {
    if (options.work_dir.empty()) throw std::runtime_error("no work directory given");
    const fs::path work = options.work_dir;
    fs::create_directories(work);
    clear_work_dir(work);
    bool with_visma = !options.adk_library.empty() && fs::exists(options.adk_library);
    const auto plugin_dir = gather_plugins(options, work, with_visma);

    out << "Skarv demo: three shops (Norce Commerce emulators) and their ERPs (Specter, Visma ADK emulators),\n"
        << "seed " << options.seed << ", " << options.products << " products x " << options.variants << " variants, "
        << options.orders << " orders per shop. Work folder: " << work.string() << "\n";

    PushGate gate;   // before the shops: Norce needs the URL when it starts
    std::vector<DemoConnection> connections;
    auto add = [&](const std::string& name, const std::string& flow, const std::string& erp) -> DemoConnection& {
        DemoConnection c;
        c.name = name;
        c.flow = flow;
        c.erp_name = erp;
        c.shop = start_shop(options, gate.url(name, 1));
        c.released = released_orders(*c.shop);
        connections.push_back(std::move(c));
        return connections.back();
    };
    {
        auto& c = add("butik-erp", "erp", "Specter");
        c.specter = start_specter(options);
        c.erp_callback_url = gate.callback_url("butik-erp", "demo-callback-secret-butik-erp");
        c.notes.push_back("Specter's price lists are tried only against the emulator: they go through guessed Specter "
                          "calls (\"price_lists\": true, plugins/specter/README.md) that a real Specter may not have.");
    }
    {
        auto& c = add("butik-ecom", "ecom", "Specter");
        c.specter = start_specter(options);
        c.erp_callback_url = gate.callback_url("butik-ecom", "demo-callback-secret-butik-ecom");
    }
    if (with_visma) {
        auto& c = add("butik-combo", "combo", "Visma");
        c.visma_company = work / "visma" / "Ftg1";
        sandbox::visma_adk::CompanySeedOptions seed;
        seed.data = seed_options(options);
        sandbox::visma_adk::seed_company(c.visma_company.string(), seed);
        c.notes.push_back("Visma keeps one stock figure per article; it goes to Norce's warehouse LAGER1.");
        c.notes.push_back("Visma marks an invoiced order delivered too; that delivery has no tracking number.");
    } else {
        out << "not yet: butik-combo left out: visma.so or the ADK emulator library is missing.\n";
    }

    const auto config = write_config(options, plugin_dir, connections);
    std::ofstream log_file(work / "skarv-demo.log");
    host::Logger logger(log_file, SKARV_LOG_INFO);
    std::vector<PassReport> reports;
    {
        host::SyncRunner runner(config, logger);
        host::ServiceOptions service_options;
        service_options.port = 0;
        host::Service service(runner, logger, service_options);   // not started: only its push handling
        gate.attach(&service);
        struct Detach {
            PushGate& gate;
            ~Detach() { gate.attach(nullptr); }
        } detach{gate};
        out << "\nNorce pushes its new orders to Skarv (" << gate.url("<connection>", 1) << ") ...\n";
        if (!pushes_delivered(connections, 20000)) throw std::runtime_error("Norce's order pushes were not accepted within 20 s");
        out << "  " << gate.pushes() << " orders pushed and queued by the host\n";
        host::TransferOptions transfer;
        out << "\nPass 1: every entity of every connection once ...\n";
        for (auto& r : runner.pass({}, transfer)) reports.push_back({1, std::move(r)});

        out << "At the ERPs: half the transferred orders delivered with a tracking number, the others invoiced.\n";
        for (auto& c : connections) {
            if (c.specter) act_at_specter(c);
            else act_at_visma(c, options);
        }
        // Every entity again: the status the ERPs now have, and the stock the orders and
        // deliveries moved there.
        out << "Pass 2: every entity again (status back to the shops) ...\n";
        for (auto& r : runner.pass({}, transfer)) reports.push_back({2, std::move(r)});

        std::vector<std::string> problems;
        const auto letters = runner.store().dead_letters();
        for (auto& c : connections) {
            auto p = report_connection(out, c, options, reports, letters);
            problems.insert(problems.end(), p.begin(), p.end());
        }
        if (options.keep) out << "\nSkarv's log: " << (work / "skarv-demo.log").string() << "\n";
        if (!problems.empty()) {
            out << "\nRESULT: FAILED\n";
            for (const auto& p : problems) out << "  - " << p << "\n";
            out << "(work folder kept: " << work.string() << ")\n";
            return 1;
        }
        size_t released = 0;
        for (const auto& c : connections) released += c.released.size();
        out << "\nRESULT: OK: all " << released << " released orders arrived in their ERP exactly once, "
            << "totals agree to the öre.\n";
    }
    log_file.close();
    connections.clear();
    if (!options.keep) {
        // Only what the demo made: the folder may be one the user gave us.
        clear_work_dir(work);
        std::error_code ec;
        fs::remove(work, ec);   // only when empty
    }
    return 0;
}

}  // namespace

int run_demo(const DemoOptions& options) {
    std::ostream& out = options.out ? *options.out : std::cout;
    try {
        return run(options, out);
    } catch (const std::exception& e) {
        out << "\nRESULT: FAILED: " << e.what() << "\n";
        if (!options.work_dir.empty()) out << "(work folder kept: " << options.work_dir << ")\n";
        return 1;
    }
}

}  // namespace skarv::demo
