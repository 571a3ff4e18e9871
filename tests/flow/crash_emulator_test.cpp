// Exactly once under kill -9, against the emulators: the real skarv binary moves the
// orders Norce released into Specter through the real jetshop.so and specter.so, both
// emulators running as their own processes (skarv-sandbox), and is killed with SIGKILL
// in the middle of batches, again and again, then restarted; the test then counts what
// Specter itself holds.
//
// Every write to Specter is slowed down before the emulator handles it, so a kill often
// lands while a newOrderSubmit is in flight: the emulator creates that order after the
// host is dead and nobody hears the answer. Kills right after an order appears land
// after the create and before the host records the batch (it records a batch only when
// the whole batch has been written). The test measures both windows: it counts the
// orders Specter holds that the host's store has no mapping for at each kill, and
// requires some.
//
// Checked by hand against a patched specter.so (not committed): with every guard off --
// the host's orders.find answered "not found", no look-up in the plugin before create,
// and Specter's own externalOrderNo check switched off by ignoreExternalOrderNoControl=1
// -- Specter ended with 22 and 25 orders for the 13 released (9 and 12 duplicates) in
// two runs, and this test failed. The guards overlap: with only the host's look-up off,
// or only the plugin's look-up and Specter's check off, it still passed.

#include <gtest/gtest.h>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
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

namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// How long Specter sits on every write before handling it (the fault is applied before
// the emulator's handler, which then runs whether or not the caller is still there).
constexpr int kWriteLatencyMs = 150;

// A child process the test owns: killed and reaped when the test ends, pass or fail.
class ChildProcess {
public:
    // stdout goes to a pipe the test reads (read_line) or, with a log file, to that file;
    // stderr always goes to the log file when one is given, else to /dev/null.
    ChildProcess(const std::vector<std::string>& argv, const fs::path& log, bool pipe_stdout) {
        int fds[2] = {-1, -1};
        if (pipe_stdout && ::pipe(fds) != 0) throw std::runtime_error("pipe failed");
        pid_ = ::fork();
        if (pid_ < 0) throw std::runtime_error("fork failed");
        if (pid_ == 0) {
            // Dies with the test even when the test itself crashes before its destructors run.
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);
            int logfd = ::open(log.empty() ? "/dev/null" : log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
            if (pipe_stdout) {
                ::dup2(fds[1], STDOUT_FILENO);
                ::close(fds[0]);
                ::close(fds[1]);
            } else {
                ::dup2(logfd, STDOUT_FILENO);
            }
            ::dup2(logfd, STDERR_FILENO);
            std::vector<char*> args;
            for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
            args.push_back(nullptr);
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

json::value http(uint16_t port, const std::string& method, const std::string& path, const std::string& body = "") {
    Poco::Net::HTTPClientSession session("127.0.0.1", port);
    session.setTimeout(Poco::Timespan(30, 0));
    Poco::Net::HTTPRequest req(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    if (!body.empty()) {
        req.setContentType("application/json");
        req.setContentLength(static_cast<std::streamsize>(body.size()));
    }
    session.sendRequest(req) << body;
    Poco::Net::HTTPResponse resp;
    std::string answer;
    Poco::StreamCopier::copyToString(session.receiveResponse(resp), answer);
    if (resp.getStatus() >= 300)
        throw std::runtime_error(method + " " + path + " answered " + std::to_string(resp.getStatus()) + ": " + answer);
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
    uint16_t port() const { return port_; }
    std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    json::value state() const { return http(port_, "GET", "/_control/state"); }

private:
    static std::vector<std::string> command(std::vector<std::string> args) {
        args.insert(args.begin(), SKARV_SANDBOX_BIN);
        args.insert(args.end(), {"--port", "0"});
        return args;
    }
    ChildProcess process_;
    uint16_t port_ = 0;
};

int64_t ore_of(const json::value& v) {
    if (v.is_double()) return static_cast<int64_t>(std::llround(v.get_double() * 100.0));
    return v.to_number<int64_t>() * 100;
}

// The orders Norce lets go to the ERP (release_statuses Created, Confirmed): id -> total in öre.
std::map<std::string, int64_t> released_orders(const json::value& norce) {
    std::map<std::string, int64_t> out;
    for (const auto& [ref, v] : norce.at("orders").as_object()) {
        const auto status = v.at("StatusId").to_number<int64_t>();
        if (status == 0 || status == 2) out[std::string(ref)] = ore_of(v.at("TotalIncVat"));
    }
    return out;
}

struct SpecterOrder {
    std::string order_no;
    int64_t total_inc_vat = 0;   // öre
};
// What Specter holds, by the shop's order id (externalOrderNo); more than one is a duplicate.
std::map<std::string, std::vector<SpecterOrder>> specter_orders(const json::value& specter) {
    std::map<std::string, std::vector<SpecterOrder>> out;
    for (const auto& o : specter.at("orders").as_array())
        out[std::string(o.at("externalOrderNo").as_string())].push_back(
            {std::string(o.at("orderNo").as_string()), o.at("totals").at("incVat").to_number<int64_t>()});
    return out;
}
size_t order_count(const Emulator& specter) { return specter.state().at("orders").as_array().size(); }

// The config an integrator would write for these two emulators (see docs/config.md and
// sandboxes/demo/src/demo_config.cpp), with only the two connectors in its plugin folder.
fs::path write_config(const fs::path& dir, const Emulator& norce, const Emulator& specter) {
    json::array apps;
    const auto norce_state = norce.state();
    for (const auto& a : norce_state.at("applications").as_array())
        apps.push_back(json::object{{"channel", a.at("ApplicationId")},
                                    {"application_id", a.at("ApplicationId")},
                                    {"application_key", a.at("ApplicationKey")},
                                    {"price_list", a.at("PriceListCode")},
                                    {"currency", a.at("CurrencyCode")},
                                    {"culture", a.at("CultureCode")},
                                    {"sales_area_id", a.at("SalesAreaId")}});
    json::object shop{{"plugin", "jetshop"},
                      {"base_url", norce.base_url()},
                      {"client_id", "skarv"},
                      {"client_secret", "skarv-secret"},
                      {"applications", std::move(apps)},
                      {"push", json::object{{"user", "norce"}, {"password", "push-secret"}}},
                      {"release_statuses", json::array{"Created", "Confirmed"}},
                      {"payment_methods", json::object{{"1", "klarna"}, {"2", "nets"}, {"3", "svea"}}},
                      {"manufacturer_code", "SKARV"}};
    json::object erp{{"plugin", "specter"},
                     {"base_url", specter.base_url()},
                     {"sbm_id", "1001"},
                     {"api_user_id", "skarv"},
                     {"api_user_key", "skarv-api-user-key"},
                     {"integration_key", "skarv-integration-key"},
                     {"webshops", json::object{{"1", "1"}}},
                     {"timeout_ms", 20000}};
    const fs::path plugins = dir / "plugins";
    fs::create_directories(plugins);
    for (const char* name : {"jetshop.so", "specter.so"})
        fs::copy_file(fs::path(SKARV_PLUGIN_DIR) / name, plugins / name, fs::copy_options::overwrite_existing);
    json::object doc{{"plugin_dirs", json::array{json::value(plugins.string())}},
                     {"state_db", (dir / "state.db").string()},
                     {"connections", json::array{json::object{{"name", "butik"},
                                                               {"flow", "erp"},
                                                               {"shop", std::move(shop)},
                                                               {"erp", std::move(erp)},
                                                               {"options", json::object{{"orders_as", "order"}}}}}}};
    const fs::path path = dir / "skarv.json";
    std::ofstream(path) << json::serialize(doc);
    return path;
}

struct TempDir {
    fs::path path = fs::temp_directory_path() / ("skarv-crash-emulators-" + std::to_string(::getpid()));
    TempDir() {
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~TempDir() {
        if (!::testing::Test::HasFailure()) fs::remove_all(path);   // kept for a look when it failed
    }
};

// Where a round kills: once Specter holds `creates` more orders than when the run
// started, wait `fraction` of the time one order takes, then SIGKILL. Measured from the
// emulator, so a slow (ASan, loaded) machine shifts the kills with it. With a batch of
// 3, one or two new orders is mid-batch: created in Specter, not yet recorded by the host.
struct KillPoint {
    size_t creates;
    double fraction;
};

}  // namespace

TEST(FlowCrashEmulators, KilledMidBatchAgainstNorceAndSpecterEachOrderOnceWithItsTotal) {
    TempDir dir;
    const std::vector<std::string> seed{"--seed", "11", "--products", "8", "--variants", "2", "--channels", "1"};
    auto args = [&](std::vector<std::string> a) {
        a.insert(a.end(), seed.begin(), seed.end());
        return a;
    };
    Emulator norce(args({"jetshop", "--orders", "24"}), dir.path / "norce.log");
    Emulator specter(args({"specter", "--fault", "latency:/putInfo.asp:" + std::to_string(kWriteLatencyMs)}),
                     dir.path / "specter.log");

    const auto released = released_orders(norce.state());
    ASSERT_GE(released.size(), 12u) << "the seed should release at least 12 orders";
    const auto config = write_config(dir.path, norce, specter);
    const fs::path skarv_log = dir.path / "skarv.log";
    auto start_sync = [&] {
        return std::make_unique<ChildProcess>(std::vector<std::string>{SKARV_BIN, "sync", "--config", config.string(),
                                                                       "--entity", "orders", "--batch-size", "3"},
                                              skarv_log, false);
    };

    const std::vector<KillPoint> plan{{1, 0.0}, {2, 0.8}, {1, 0.5}, {2, 0.0}, {1, 0.9}, {2, 0.3}};
    // Time between two orders appearing in Specter: two slowed writes (customer, order)
    // and a look-up at least; refined from what is observed.
    double period_ms = 3.0 * kWriteLatencyMs;
    int kills = 0;
    size_t unrecorded_at_kills = 0;   // orders in Specter with no mapping in the host's store, summed over kills
    for (const auto& point : plan) {
        const size_t before = order_count(specter);
        if (before == released.size()) break;
        auto run = start_sync();
        size_t seen = before;
        auto last_change = Clock::now();
        const auto give_up = Clock::now() + std::chrono::seconds(60);
        while (run->running() && seen < before + point.creates && Clock::now() < give_up) {
            std::this_thread::sleep_for(milliseconds(10));
            const size_t now = order_count(specter);
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
        ASSERT_TRUE(Clock::now() < give_up) << "no progress in Specter within a minute; see " << skarv_log;
        std::this_thread::sleep_for(milliseconds(static_cast<int>(point.fraction * period_ms)));
        if (!run->kill_now()) break;   // it finished first: nothing left to interrupt
        ++kills;
        // A write already sitting in the emulator lands now, with nobody to hear the answer.
        std::this_thread::sleep_for(milliseconds(2 * kWriteLatencyMs));
        skarv::host::Store store(dir.path / "state.db");
        for (const auto& [id, copies] : specter_orders(specter.state()))
            if (!store.mapping("butik", "orders", id)) unrecorded_at_kills += copies.size();
    }
    std::cout << "[          ] " << kills << " kills, " << unrecorded_at_kills
              << " orders found in Specter but not yet recorded by the host at those kills, " << released.size()
              << " released orders\n";
    EXPECT_GE(kills, 4) << "too few kills landed before the transfer finished; see " << skarv_log;
    EXPECT_GE(unrecorded_at_kills, 1u) << "no kill landed between an ERP create and the host's record of it";

    // Then one run is let finish.
    EXPECT_EQ(start_sync()->wait_exit_code(milliseconds(120000)), 0) << "see " << skarv_log;

    // Specter's own books: each released order once, with Norce's total to the öre.
    const auto erp = specter_orders(specter.state());
    size_t erp_total_orders = 0;
    for (const auto& [id, copies] : erp) {
        erp_total_orders += copies.size();
        EXPECT_EQ(copies.size(), 1u) << "Specter holds shop order " << id << " " << copies.size() << " times";
        EXPECT_TRUE(released.count(id)) << "Specter holds order " << id << " that Norce never released";
    }
    EXPECT_EQ(erp_total_orders, released.size()) << "Specter holds " << erp_total_orders << " orders for "
                                                 << released.size() << " released in Norce";
    skarv::host::Store store(dir.path / "state.db");
    for (const auto& [id, total] : released) {
        auto it = erp.find(id);
        if (it == erp.end()) {
            ADD_FAILURE() << "released order " << id << " is not in Specter";
            continue;
        }
        EXPECT_EQ(it->second.front().total_inc_vat, total) << "order " << id << ": Specter's total differs from Norce's";
        auto mapping = store.mapping("butik", "orders", id);
        ASSERT_TRUE(mapping) << "order " << id << " has no id mapping";
        EXPECT_EQ(mapping->target_id, it->second.front().order_no) << "order " << id;
    }
    EXPECT_EQ(store.queued("butik", "orders"), 0);
    EXPECT_TRUE(store.dead_letters().empty());
}
