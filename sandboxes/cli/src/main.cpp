// skarv-sandbox: run one emulator standalone in the foreground until SIGINT/SIGTERM.
//
//   skarv-sandbox jetshop|specter|blank --port N --seed S --products P --orders O
//                 [--variants V] [--channels C] [--fault RULE]...
//   jetshop also: --erp-push-url URL, --erp-push-user U, --erp-push-password P (the Basic
//   credentials of the push), --contradict-guesses (answer the probed guesses of
//   docs/guesses.md the other way), --job-item-ms N (an import job runs N ms per item),
//   --job-workers N (import jobs that run at once)
//   skarv-sandbox klarna|nets|svea ... [--today YYYY-MM-DD]: a payment provider's
//   settlement interface with payouts for the seed's orders, dated before --today
//   (sandboxes/payments/README.md)
//   specter also: GET /_control/order?externalOrderNo=X answers one order by the shop's
//   number without the whole state (which grows with the square of the catalogue)
//
// Prints exactly one line to stdout once listening, so scripts can read the port
// when --port 0 picks a free one:
//   skarv-sandbox: <name> listening on http://127.0.0.1:<port>
//
// jetshop and specter also take --tenants N: N merchants' emulators in one process, each
// with its own data on its own port (tenant i seeded with seed + i - 1, "{tenant}" in
// --erp-push-url replaced by i), one line each once all listen:
//   skarv-sandbox: <name> tenant <i> listening on http://127.0.0.1:<port>

#include <cstdint>
#include <cstdio>
#include <exception>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "skarv/sandbox/fault_plan.hpp"
#include "skarv/sandbox/http_emulator.hpp"
#include "skarv/sandbox/seed_data.hpp"

#ifdef SKARV_SANDBOX_HAVE_JETSHOP
#include "skarv/sandbox/jetshop_emulator.hpp"
#endif
#ifdef SKARV_SANDBOX_HAVE_SPECTER
#include "skarv/sandbox/specter_emulator.hpp"
#endif
#ifdef SKARV_SANDBOX_HAVE_PAYMENTS
#include "skarv/sandbox/klarna_emulator.hpp"
#include "skarv/sandbox/nets_emulator.hpp"
#include "skarv/sandbox/svea_emulator.hpp"
#endif

#ifdef _WIN32
#include <atomic>
#include <chrono>
#include <csignal>
#include <thread>
#else
#include <pthread.h>
#include <signal.h>
#endif

namespace {

using namespace skarv::sandbox;

struct CommonArgs {
    int port = 0;
    uint64_t seed = 1;
    int products = 20;
    int orders = 10;
    int variants = 3;
    int channels = 2;
    int tenants = 1;
    std::vector<std::string> faults;
};

void add_common_options(CLI::App& sub, CommonArgs& a) {
    sub.add_option("--port", a.port, "Port on 127.0.0.1; 0 picks a free one")->check(CLI::Range(0, 65535));
    sub.add_option("--seed", a.seed, "Seed of the generated data (same seed, same data)");
    sub.add_option("--products", a.products, "Number of products")->check(CLI::Range(0, 100000));
    sub.add_option("--orders", a.orders, "Number of orders")->check(CLI::Range(0, 1000000));
    sub.add_option("--variants", a.variants, "Variants per product (0 = none)")->check(CLI::Range(0, 99));
    sub.add_option("--channels", a.channels, "Channels / shops (first SEK, others NOK or EUR)")
        ->check(CLI::Range(1, 50));
    sub.add_option("--fault", a.faults,
                   "Fault rule, repeatable: 500:/path, 429:*:2, latency:/path:300, drop:/path, "
                   "malformed:/path; suffixes :times=N :skip=N :method=POST :after");
}

SeedOptions seed_options(const CommonArgs& a) {
    SeedOptions s;
    s.seed = a.seed;
    s.products = a.products;
    s.orders = a.orders;
    s.variants_per_product = a.variants;
    s.channels = a.channels;
    return s;
}

std::vector<FaultRule> parse_faults(const CommonArgs& a) {
    std::vector<FaultRule> rules;
    for (const auto& f : a.faults) rules.push_back(parse_fault_flag(f));
    return rules;
}

#ifndef _WIN32
// Signals are blocked in every thread (the emulator's threads inherit the mask from
// main) and taken synchronously here, so no handler and no global flag are needed.
sigset_t termination_signals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    return set;
}

void block_termination_signals() {
    sigset_t set = termination_signals();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

int wait_for_termination() {
    sigset_t set = termination_signals();
    int sig = 0;
    while (sigwait(&set, &sig) != 0) {
    }
    return sig;
}
#else
std::atomic<int> g_signal{0};   // Windows only: a console handler has nowhere else to write.
void on_signal(int sig) { g_signal = sig; }
void block_termination_signals() {
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
}
int wait_for_termination() {
    while (g_signal == 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    return g_signal;
}
#endif

// "blank": the bare frame with no remote system behind it -- only the control
// endpoints, with a summary of the seed data as its state. For trying fault flags and
// for testing this binary without any emulator library.
class BlankEmulator {
public:
    explicit BlankEmulator(const SeedOptions& seed) : http_("blank") {
        SeedData data = generate_seed_data(seed);
        boost::json::object o;
        o["name"] = "blank";
        o["seed"] = seed.seed;
        o["channels"] = data.channels.size();
        o["products"] = data.products.size();
        o["customers"] = data.customers.size();
        o["orders"] = data.orders.size();
        int64_t total = 0;
        for (const auto& ord : data.orders) total += ord.total_inc_vat;
        o["orders_total_inc_vat"] = total;
        boost::json::value state = o;
        http_.set_state_reporter([state] { return state; });
    }
    uint16_t start(uint16_t port) { return http_.start(port); }
    void stop() { http_.stop(); }
    std::string base_url() const { return http_.base_url(); }
    HttpEmulator& http() { return http_; }

private:
    HttpEmulator http_;
};

#ifdef SKARV_SANDBOX_HAVE_SPECTER
// A process outside the emulator (scale_bench) asks whether an order has arrived many
// times a second; /_control/state would answer with every article, which at 50k
// articles takes seconds. This answers one order by the shop's number instead.
void add_order_lookup(SpecterEmulator& emu) {
    emu.http().route("GET", "/_control/order", [&emu](const HttpRequest& req) {
        const std::string external = req.param("externalOrderNo");
        if (external.empty())
            return HttpReply::json(boost::json::object{{"error", "missing externalOrderNo"}}, 400);
        const auto order = emu.order_by_external_no(external);
        if (!order)
            return HttpReply::json(boost::json::object{{"error", "no order with externalOrderNo '" + external + "'"}},
                                   404);
        return HttpReply::json(boost::json::object{{"orderNo", order->order_no},
                                                   {"externalOrderNo", order->external_order_no},
                                                   {"totalIncVat", order->total_inc_vat}});
    });
}
#endif

// Many merchants (tests/cluster, bench/cluster) in one process instead of one process
// each: the real Norce is one API that tells merchants apart by their application and
// credentials, and Specter one service with a company (sbmId) per customer; here each
// tenant is a whole emulator on its own port, which a connector cannot tell from that
// (its settings name the URL and the credentials alike). The seed differs per tenant so
// that an order booked for the wrong merchant shows in the totals.
void add_tenants_option(CLI::App& sub, CommonArgs& a) {
    sub.add_option("--tenants", a.tenants, "Merchants served by this process, each on its own port (--port 0)")
        ->check(CLI::Range(1, 1000));
}

std::string for_tenant(std::string text, int tenant) {
    const std::string mark = "{tenant}";
    for (auto at = text.find(mark); at != std::string::npos; at = text.find(mark, at))
        text.replace(at, mark.size(), std::to_string(tenant));
    return text;
}

template <class Emulator>
int run_tenants(const std::string& name, std::vector<std::unique_ptr<Emulator>>& tenants, const CommonArgs& args,
                const std::vector<FaultRule>& faults) {
    if (args.port != 0) {
        std::cerr << "skarv-sandbox: --tenants needs --port 0 (each tenant takes a free port)\n";
        return 2;
    }
    for (auto& emu : tenants) {
        for (const auto& r : faults) emu->http().faults().add(r);
        try {
            emu->start(0);
        } catch (const std::exception& e) {
            std::cerr << "skarv-sandbox: " << name << " could not listen on 127.0.0.1: " << e.what() << "\n";
            return 1;
        }
    }
    for (size_t i = 0; i < tenants.size(); ++i)
        std::cout << "skarv-sandbox: " << name << " tenant " << i + 1 << " listening on " << tenants[i]->base_url()
                  << "\n";
    std::cout.flush();
    int sig = wait_for_termination();
    std::cerr << "skarv-sandbox: " << name << " stopping (signal " << sig << ")\n";
    for (auto& emu : tenants) emu->stop();
    return 0;
}

template <class Emulator>
int run(const std::string& name, Emulator& emu, const CommonArgs& args, const std::vector<FaultRule>& faults) {
    for (const auto& r : faults) emu.http().faults().add(r);
    try {
        emu.start(static_cast<uint16_t>(args.port));
    } catch (const std::exception& e) {
        std::cerr << "skarv-sandbox: " << name << " could not listen on 127.0.0.1:" << args.port << ": "
                  << e.what() << "\n";
        return 1;
    }
    std::cout << "skarv-sandbox: " << name << " listening on " << emu.base_url() << std::endl;
    int sig = wait_for_termination();
    std::cerr << "skarv-sandbox: " << name << " stopping (signal " << sig << ")\n";
    emu.stop();
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    // Before any thread exists, so every thread inherits the blocked mask.
    block_termination_signals();

    CLI::App app{"skarv-sandbox: run one local emulator of a remote system (see sandboxes/README.md)"};
    app.require_subcommand(1);

    CommonArgs jetshop_args;
    auto* jetshop = app.add_subcommand("jetshop", "Norce Commerce (Jetshop) emulator");
    add_common_options(*jetshop, jetshop_args);
    add_tenants_option(*jetshop, jetshop_args);
    std::vector<std::string> erp_push_urls;
    jetshop->add_option("--erp-push-url", erp_push_urls,
                        "Where the emulator pushes new orders (the merchant's ERP endpoint); empty = no push. "
                        "Repeated: addresses of one endpoint (several workers), each attempt to one at random");
    std::string erp_push_user, erp_push_password;
    jetshop->add_option("--erp-push-user", erp_push_user, "Basic user the push sends (the connector's push.user)");
    jetshop->add_option("--erp-push-password", erp_push_password,
                        "Basic password the push sends (the connector's push.password)");
    bool jetshop_contradict = false;
    jetshop->add_flag("--contradict-guesses", jetshop_contradict,
                      "Answer the guesses `probe` checks (docs/guesses.md, Norce Commerce) the other way");
    int job_item_ms = 0;
    jetshop->add_option("--job-item-ms", job_item_ms, "How long a running import job takes per item, in ms")
        ->check(CLI::NonNegativeNumber);
    int job_workers = 0;   // 0: the emulator's default
    jetshop->add_option("--job-workers", job_workers, "How many import jobs run at once (more wait Queued; default 4)")
        ->check(CLI::PositiveNumber);

    CommonArgs specter_args;
    auto* specter = app.add_subcommand("specter", "Specter emulator");
    add_common_options(*specter, specter_args);
    add_tenants_option(*specter, specter_args);
    bool specter_contradict = false;
    specter->add_flag("--contradict-guesses", specter_contradict,
                      "Answer the guesses the connector's probe checks the other way (docs/guesses.md)");

    // The three payment providers share their options: the seed and the day payouts are dated before.
    struct ProviderCommand {
        const char* name;
        const char* title;
        CommonArgs args;
        std::string today = "2026-11-23";
        CLI::App* sub = nullptr;
    };
    ProviderCommand providers[] = {{"klarna", "Klarna Settlements API emulator", {}},
                                   {"nets", "Nets Easy reporting API emulator", {}},
                                   {"svea", "Svea reconciliation report emulator", {}}};
    for (auto& p : providers) {
        p.sub = app.add_subcommand(p.name, p.title);
        add_common_options(*p.sub, p.args);
        p.sub->add_option("--today", p.today, "The day the seeded payouts are dated before (YYYY-MM-DD)");
    }

    CommonArgs blank_args;
    auto* blank = app.add_subcommand("blank", "Only the control endpoints and fault plan (for trying flags)");
    add_common_options(*blank, blank_args);

    CLI11_PARSE(app, argc, argv);

    try {
        if (jetshop->parsed()) {
            auto faults = parse_faults(jetshop_args);
#ifdef SKARV_SANDBOX_HAVE_JETSHOP
            auto options_for = [&](int tenant) {
                JetshopEmulator::Options opts;
                opts.seed = seed_options(jetshop_args);
                opts.seed.seed += static_cast<uint64_t>(tenant - 1);
                for (const auto& url : erp_push_urls) {
                    if (opts.erp_push_url.empty())
                        opts.erp_push_url = for_tenant(url, tenant);
                    else
                        opts.erp_push_more_urls.push_back(for_tenant(url, tenant));
                }
                opts.erp_push_user = erp_push_user;
                opts.erp_push_password = erp_push_password;
                opts.contradict_guesses = jetshop_contradict;
                opts.job_item_ms = job_item_ms;
                if (job_workers > 0) opts.job_workers = job_workers;
                return opts;
            };
            if (jetshop_args.tenants > 1) {
                std::vector<std::unique_ptr<JetshopEmulator>> tenants;
                for (int t = 1; t <= jetshop_args.tenants; ++t)
                    tenants.push_back(std::make_unique<JetshopEmulator>(options_for(t)));
                return run_tenants("jetshop", tenants, jetshop_args, faults);
            }
            JetshopEmulator emu(options_for(1));
            return run("jetshop", emu, jetshop_args, faults);
#else
            std::cerr << "skarv-sandbox: the jetshop emulator is not built into this binary\n";
            return 3;
#endif
        }
        if (specter->parsed()) {
            auto faults = parse_faults(specter_args);
#ifdef SKARV_SANDBOX_HAVE_SPECTER
            auto options_for = [&](int tenant) {
                SpecterEmulator::Options opts;
                opts.seed = seed_options(specter_args);
                opts.seed.seed += static_cast<uint64_t>(tenant - 1);
                opts.contradict_guesses = specter_contradict;
                return opts;
            };
            if (specter_args.tenants > 1) {
                std::vector<std::unique_ptr<SpecterEmulator>> tenants;
                for (int t = 1; t <= specter_args.tenants; ++t) {
                    tenants.push_back(std::make_unique<SpecterEmulator>(options_for(t)));
                    add_order_lookup(*tenants.back());
                }
                return run_tenants("specter", tenants, specter_args, faults);
            }
            SpecterEmulator emu(options_for(1));
            add_order_lookup(emu);
            return run("specter", emu, specter_args, faults);
#else
            std::cerr << "skarv-sandbox: the specter emulator is not built into this binary\n";
            return 3;
#endif
        }
        for (auto& p : providers) {
            if (!p.sub->parsed()) continue;
            auto faults = parse_faults(p.args);
#ifdef SKARV_SANDBOX_HAVE_PAYMENTS
            const std::string name = p.name;
            if (name == "klarna") {
                KlarnaEmulator emu({seed_options(p.args), p.today});
                return run(name, emu, p.args, faults);
            }
            if (name == "nets") {
                NetsEmulator emu({seed_options(p.args), p.today});
                return run(name, emu, p.args, faults);
            }
            SveaEmulator emu({seed_options(p.args), p.today});
            return run(name, emu, p.args, faults);
#else
            std::cerr << "skarv-sandbox: the payment emulators are not built into this binary\n";
            return 3;
#endif
        }
        if (blank->parsed()) {
            auto faults = parse_faults(blank_args);
            BlankEmulator emu(seed_options(blank_args));
            return run("blank", emu, blank_args, faults);
        }
    } catch (const std::invalid_argument& e) {
        std::cerr << "skarv-sandbox: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "skarv-sandbox: " << e.what() << "\n";
        return 1;
    }
    return 2;
}
