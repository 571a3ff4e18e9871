#pragma once
// What the kill -9 tests against the emulators share: child processes the test owns
// (emulators, skarv), the config for Norce and an ERP, and the kill loop with its
// final count. See crash_emulator_test.cpp (Specter) and crash_visma_test.cpp (Visma).

#include <gtest/gtest.h>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <boost/json.hpp>

#include "skarv/host/store/store.hpp"

namespace skarv::test::kill {

namespace fs = std::filesystem;
namespace json = boost::json;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// A child process the test owns: killed and reaped when the test ends, pass or fail.
class ChildProcess {
public:
    // stdout goes to a pipe the test reads (read_line) or, with a log file, to that file;
    // stderr always goes to the log file when one is given, else to /dev/null.
    ChildProcess(const std::vector<std::string>& argv, const fs::path& log, bool pipe_stdout) {
        // Everything the child needs is made before fork: only exec-safe calls after it.
        std::vector<char*> args;
        for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        const std::string log_path = log.empty() ? "/dev/null" : log.string();
        int fds[2] = {-1, -1};
        // Close-on-exec: other children (the next skarv) must not hold this pipe open.
        if (pipe_stdout && ::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
        pid_ = ::fork();
        if (pid_ < 0) throw std::runtime_error("fork failed");
        if (pid_ == 0) {
            // Dies with the test even when the test itself crashes before its destructors run.
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);
            int logfd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
            if (pipe_stdout) {
                ::dup2(fds[1], STDOUT_FILENO);
                ::close(fds[0]);
                ::close(fds[1]);
            } else {
                ::dup2(logfd, STDOUT_FILENO);
            }
            ::dup2(logfd, STDERR_FILENO);
            ::execv(args[0], args.data());
            ::_exit(127);
        }
        if (pipe_stdout) {
            ::close(fds[1]);
            out_ = fds[0];
        }
    }
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;
    ~ChildProcess() {
        kill_now();
        if (out_ >= 0) ::close(out_);
    }

    // The first line the child prints, or "" when none comes within the timeout.
    std::string read_line(milliseconds timeout) {
        std::string line;
        const auto until = Clock::now() + timeout;
        while (Clock::now() < until) {
            pollfd p{out_, POLLIN, 0};
            const auto left = std::chrono::duration_cast<milliseconds>(until - Clock::now()).count();
            if (::poll(&p, 1, static_cast<int>(std::max<long long>(left, 1))) <= 0) continue;
            char c = 0;
            if (::read(out_, &c, 1) != 1) break;
            if (c == '\n') return line;
            line += c;
        }
        return "";
    }

    pid_t pid() const { return pid_; }

    bool running() {
        if (exited_) return false;
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            exited_ = true;
            status_ = status;
        }
        return !exited_;
    }

    // Waits for the child to end by itself; kills it when it takes longer than `limit`.
    int wait_exit_code(milliseconds limit) {
        const auto until = Clock::now() + limit;
        while (running() && Clock::now() < until) std::this_thread::sleep_for(milliseconds(20));
        if (running()) {
            kill_now();
            return -1;
        }
        return WIFEXITED(status_) ? WEXITSTATUS(status_) : -1;
    }

    // SIGKILL; true when the child was still alive to receive it.
    bool kill_now() {
        if (!running()) return false;
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status_, 0);
        exited_ = true;
        return true;
    }

private:
    pid_t pid_ = -1;
    int out_ = -1;
    bool exited_ = false;
    int status_ = 0;
};

inline json::value http_get(uint16_t port, const std::string& path) {
    Poco::Net::HTTPClientSession session("127.0.0.1", port);
    session.setTimeout(Poco::Timespan(30, 0));
    Poco::Net::HTTPRequest req("GET", path, Poco::Net::HTTPMessage::HTTP_1_1);
    session.sendRequest(req);
    Poco::Net::HTTPResponse resp;
    std::string answer;
    Poco::StreamCopier::copyToString(session.receiveResponse(resp), answer);
    if (resp.getStatus() >= 300)
        throw std::runtime_error("GET " + path + " answered " + std::to_string(resp.getStatus()) + ": " + answer);
    return json::parse(answer);
}

// One skarv-sandbox emulator on a free port.
class Emulator {
public:
    Emulator(const std::vector<std::string>& args, const fs::path& log) : process_(command(args), log, true) {
        const std::string line = process_.read_line(milliseconds(60000));
        const auto colon = line.rfind(':');
        if (line.find("listening on") == std::string::npos || colon == std::string::npos)
            throw std::runtime_error("skarv-sandbox " + args.front() + " did not start: '" + line + "'");
        port_ = static_cast<uint16_t>(std::stoi(line.substr(colon + 1)));
    }
    std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    json::value state() const { return http_get(port_, "/_control/state"); }

private:
    static std::vector<std::string> command(std::vector<std::string> args) {
        args.insert(args.begin(), SKARV_SANDBOX_BIN);
        args.insert(args.end(), {"--port", "0"});
        return args;
    }
    ChildProcess process_;
    uint16_t port_ = 0;
};

// The same catalogue, customers and orders in every emulator (sandboxes/README.md).
inline std::vector<std::string> seed_args() {
    return {"--seed", "11", "--products", "8", "--variants", "2", "--channels", "1"};
}

inline int64_t ore_of(const json::value& v) {
    if (v.is_double()) return static_cast<int64_t>(std::llround(v.get_double() * 100.0));
    return v.to_number<int64_t>() * 100;
}

// The orders Norce lets go to the ERP (release_statuses Created, Confirmed): id -> total in öre.
inline std::map<std::string, int64_t> released_orders(const json::value& norce) {
    std::map<std::string, int64_t> out;
    for (const auto& [ref, v] : norce.at("orders").as_object()) {
        const auto status = v.at("StatusId").to_number<int64_t>();
        if (status == 0 || status == 2) out[std::string(ref)] = ore_of(v.at("TotalIncVat"));
    }
    return out;
}

// An order as the ERP books it.
struct ErpOrder {
    std::string target_id;   // what the host records as its mapping
    int64_t total_inc_vat = 0;   // öre
};
// What the ERP holds, by the shop's order id; more than one is a duplicate.
using ErpBooks = std::map<std::string, std::vector<ErpOrder>>;

inline size_t count(const ErpBooks& books) {
    size_t n = 0;
    for (const auto& [id, copies] : books) n += copies.size();
    return n;
}

// The Norce connector block an integrator would write for this emulator (docs/config.md,
// sandboxes/demo/src/demo_config.cpp); `state` is what its /_control/state answers.
inline json::object norce_block(const std::string& base_url, const json::value& state) {
    json::array apps;
    for (const auto& a : state.at("applications").as_array())
        apps.push_back(json::object{{"channel", a.at("ApplicationId")},
                                    {"application_id", a.at("ApplicationId")},
                                    {"application_key", a.at("ApplicationKey")},
                                    {"price_list", a.at("PriceListCode")},
                                    {"currency", a.at("CurrencyCode")},
                                    {"culture", a.at("CultureCode")},
                                    {"sales_area_id", a.at("SalesAreaId")}});
    return {{"plugin", "jetshop"},
            {"base_url", base_url},
            {"client_id", "skarv"},
            {"client_secret", "skarv-secret"},
            {"account_id", 1},
            {"applications", std::move(apps)},
            {"push", json::object{{"user", "norce"}, {"password", "push-secret"}}},
            {"release_statuses", json::array{"Created", "Confirmed"}},
            {"payment_methods", json::object{{"1", "klarna"}, {"2", "nets"}, {"3", "svea"}}},
            {"manufacturer_code", "SKARV"}};
}
inline json::object norce_block(const Emulator& norce) { return norce_block(norce.base_url(), norce.state()); }

// The Specter connector block for the emulator's default company (sandboxes/README.md).
inline json::object specter_block(const std::string& base_url) {
    return {{"plugin", "specter"},
            {"base_url", base_url},
            {"sbm_id", "1001"},
            {"api_user_id", "skarv"},
            {"api_user_key", "skarv-api-user-key"},
            {"integration_key", "skarv-integration-key"},
            {"webshops", json::object{{"1", "1"}}},
            {"timeout_ms", 20000}};
}

// Specter's own books, by externalOrderNo, from what its /_control/state answers.
inline ErpBooks specter_books(const json::value& state) {
    ErpBooks out;
    for (const auto& o : state.at("orders").as_array())
        out[std::string(o.at("externalOrderNo").as_string())].push_back(
            {std::string(o.at("orderNo").as_string()), o.at("totals").at("incVat").to_number<int64_t>()});
    return out;
}

constexpr const char* kConnection = "butik";

// The config file of one connection, with only the two connectors in its plugin folder.
inline fs::path write_config(const fs::path& dir, json::object shop, json::object erp) {
    const fs::path plugins = dir / "plugins";
    fs::create_directories(plugins);
    for (const auto* block : {&shop, &erp}) {
        const std::string so = std::string(block->at("plugin").as_string()) + ".so";
        fs::copy_file(fs::path(SKARV_PLUGIN_DIR) / so, plugins / so, fs::copy_options::overwrite_existing);
    }
    json::object doc{{"plugin_dirs", json::array{json::value(plugins.string())}},
                     {"state_db", (dir / "state.db").string()},
                     {"connections", json::array{json::object{{"name", kConnection},
                                                               {"flow", "erp"},
                                                               {"shop", std::move(shop)},
                                                               {"erp", std::move(erp)},
                                                               {"options", json::object{{"orders_as", "order"}}}}}}};
    const fs::path path = dir / "skarv.json";
    std::ofstream(path) << json::serialize(doc);
    return path;
}

struct TempDir {
    fs::path path;
    explicit TempDir(const std::string& name)
        : path(fs::temp_directory_path() / ("skarv-" + name + "-" + std::to_string(::getpid()))) {
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~TempDir() {
        if (!::testing::Test::HasFailure()) fs::remove_all(path);   // kept for a look when it failed
    }
};

// Where a round kills: once the ERP holds `creates` more orders than when the run
// started, wait `fraction` of the time one order takes, then SIGKILL. Measured from the
// ERP, so a slow (ASan, loaded) machine shifts the kills with it. With a batch of 3, one
// or two new orders is mid-batch: created in the ERP, not yet recorded by the host.
struct KillPoint {
    size_t creates;
    double fraction;
};

struct KillRun {
    fs::path dir, config;
    std::function<ErpBooks()> erp;        // reads the ERP's own books (while skarv is dead)
    // How many orders the ERP holds, read while skarv runs; empty: count(erp()).
    std::function<size_t()> erp_count;
    double first_period_ms = 50;          // a first guess of the time one order takes
    int settle_ms = 0;                    // after a kill: lets a write already inside the ERP land
    milliseconds poll = milliseconds(10);

    fs::path log() const { return dir / "skarv.log"; }
    size_t orders_in_erp() const { return erp_count ? erp_count() : count(erp()); }
    std::unique_ptr<ChildProcess> start_sync() const {
        return std::make_unique<ChildProcess>(std::vector<std::string>{SKARV_BIN, "sync", "--config", config.string(),
                                                                       "--entity", "orders", "--batch-size", "3"},
                                              log(), false);
    }
};

struct KillOutcome {
    int kills = 0;
    size_t unrecorded = 0;   // orders in the ERP with no mapping in the host's store, summed over the kills
};

// Starts skarv sync again and again and kills it as the plan says; stops early when a run
// finishes by itself or the ERP already holds `wanted` orders.
inline KillOutcome kill_repeatedly(const KillRun& run, const std::vector<KillPoint>& plan, size_t wanted) {
    KillOutcome out;
    double period_ms = run.first_period_ms;
    for (const auto& point : plan) {
        const size_t before = run.orders_in_erp();
        if (before >= wanted) break;
        auto sync = run.start_sync();
        size_t seen = before;
        auto last_change = Clock::now();
        const auto give_up = Clock::now() + std::chrono::seconds(60);
        while (sync->running() && seen < before + point.creates && Clock::now() < give_up) {
            std::this_thread::sleep_for(run.poll);
            const size_t now = run.orders_in_erp();
            if (now != seen) {
                const auto at = Clock::now();
                if (seen != before)   // an interval inside one run, not the start-up
                    period_ms = 0.5 * period_ms +
                                0.5 * std::chrono::duration<double, std::milli>(at - last_change).count() /
                                    static_cast<double>(now - seen);
                seen = now;
                last_change = at;
            }
        }
        if (Clock::now() >= give_up) {
            ADD_FAILURE() << "no progress in the ERP within a minute; see " << run.log();
            return out;
        }
        std::this_thread::sleep_for(milliseconds(static_cast<int>(point.fraction * period_ms)));
        if (!sync->kill_now()) break;   // it finished first: nothing left to interrupt
        ++out.kills;
        std::this_thread::sleep_for(milliseconds(run.settle_ms));
        skarv::host::Store store(run.dir / "state.db");
        for (const auto& [id, copies] : run.erp())
            if (!store.mapping(kConnection, "orders", id)) out.unrecorded += copies.size();
    }
    std::cout << "[          ] " << out.kills << " kills, " << out.unrecorded
              << " orders in the ERP but not yet recorded by the host at those kills\n";
    return out;
}

// Lets skarv sync run to its end, again while work is left queued: an order whose write
// failed for a passing reason (the ERP busy, say, with a reader the test had open during
// the kills) waits in the queue for its retry time, and only a later pass delivers it.
inline void finish(const KillRun& run) {
    const auto give_up = Clock::now() + std::chrono::seconds(60);
    for (;;) {
        EXPECT_EQ(run.start_sync()->wait_exit_code(milliseconds(120000)), 0) << "see " << run.log();
        if (skarv::host::Store(run.dir / "state.db").queued(kConnection, "orders") == 0) return;
        if (Clock::now() > give_up) return;   // expect_each_released_once names what is missing
        std::this_thread::sleep_for(milliseconds(500));
    }
}

// The ERP's own books against what Norce released: each order once, with Norce's total
// to the öre, and the host's mapping pointing at it; nothing left queued or dead.
// number_may_be_unknown: an ERP with no look-up by the shop's number (Specter) refuses the
// retry of an order created while the host was dead, so its mapping has no ERP number
// (docs/flows.md); it must still exist.
inline void expect_each_released_once(const ErpBooks& erp, const std::map<std::string, int64_t>& released,
                                      const fs::path& dir, bool number_may_be_unknown = false) {
    for (const auto& [id, copies] : erp) {
        EXPECT_EQ(copies.size(), 1u) << "the ERP holds shop order " << id << " " << copies.size() << " times";
        EXPECT_TRUE(released.count(id)) << "the ERP holds order " << id << " that Norce never released";
    }
    EXPECT_EQ(count(erp), released.size()) << "the ERP holds " << count(erp) << " orders for " << released.size()
                                           << " released in Norce";
    skarv::host::Store store(dir / "state.db");
    for (const auto& [id, total] : released) {
        auto it = erp.find(id);
        if (it == erp.end()) {
            ADD_FAILURE() << "released order " << id << " is not in the ERP";
            continue;
        }
        EXPECT_EQ(it->second.front().total_inc_vat, total) << "order " << id << ": the ERP's total differs from Norce's";
        auto mapping = store.mapping(kConnection, "orders", id);
        if (!mapping) {
            ADD_FAILURE() << "order " << id << " has no id mapping";
            continue;
        }
        if (number_may_be_unknown && mapping->target_id.empty()) continue;
        EXPECT_EQ(mapping->target_id, it->second.front().target_id) << "order " << id;
    }
    EXPECT_EQ(store.queued(kConnection, "orders"), 0);
    EXPECT_TRUE(store.dead_letters().empty());
}

}  // namespace skarv::test::kill
