// The service under the failures of issue #13: a full disk or a held lock makes the push
// answer 503 and loses nothing, a reload with a bad schedule keeps every job, a second
// service on the same state or port is refused, a failing read is counted, and bad
// requests get a 4xx with their own reason phrase.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <SQLiteCpp/SQLiteCpp.h>

#include "../flow/flow_fixture.hpp"
#include "../host/faulty_vfs.hpp"
#include "../host/small_filesystem.hpp"
#include "service_http.hpp"
#include "skarv/host/service/service.hpp"

using namespace skarv;
using skarv::test::FlowFixture;
using skarv::test::swedish_order;

namespace {
struct Reply {
    int status;
    std::string reason, body;
};
// The admin routes with the test admin token (service_http.hpp); the push without: it
// takes the shop's own credentials.
Reply http(uint16_t port, const std::string& method, const std::string& path, const std::string& body = "") {
    Poco::Net::HTTPClientSession session("127.0.0.1", port);
    Poco::Net::HTTPRequest req(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    if (path.rfind("/push/", 0) != 0) {
        req.set("Authorization", skarv::test::bearer());
        if (method != "GET") req.setContentType("application/json");
    }
    req.setContentLength(static_cast<std::streamsize>(body.size()));
    session.sendRequest(req) << body;
    Poco::Net::HTTPResponse res;
    std::string out;
    Poco::StreamCopier::copyToString(session.receiveResponse(res), out);
    return {static_cast<int>(res.getStatus()), res.getReason(), out};
}
template <class Pred>
bool eventually(Pred pred) {
    for (int i = 0; i < 400; ++i) {
        if (pred()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    return false;
}
std::string push_of(const std::string& id) { return boost::json::serialize(boost::json::array{swedish_order(id)}); }

const char* kHourly = R"(, "schedule": {"orders": 3600, "status": 3600, "products": 3600, "pricelists": 3600,
                                         "prices": 3600, "stock": 3600})";

std::string read_text(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}
void replace_in(const std::filesystem::path& p, const std::string& from, const std::string& to) {
    auto text = read_text(p);
    auto at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
    std::ofstream(p) << text;
}
// Fills the filesystem under `dir` to the last byte; returns the filler file.
std::filesystem::path fill(const std::filesystem::path& dir) {
    auto filler = dir / "filler";
    int fd = ::open(filler.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    std::string chunk(4096, 'f');
    for (std::size_t size : {std::size_t{65536}, std::size_t{4096}, std::size_t{1}}) {
        std::string block(size, 'f');
        while (::write(fd, block.data(), block.size()) == static_cast<ssize_t>(block.size())) {}
    }
    ::close(fd);
    return filler;
}
std::multiset<std::string> erp_order_ids(const FlowFixture& f) {
    std::multiset<std::string> ids;
    for (const auto& o : f.written("erp", "orders")) ids.insert(std::string(o.at("order_id").as_string()));
    return ids;
}
}  // namespace

TEST(ServiceDurability, AFullDiskMakesThePushAnswer503AndNoOrderIsLost) {
    FlowFixture f("full-disk");
    // Room for the WAL to grow to SQLite's auto-checkpoint (1000 pages, 4 MB) before the
    // disk is filled: in 2 MB the WAL of the pushes and their journeys left so little
    // that removing the filler freed too little to queue the refused pushes again.
    skarv::test::SmallFilesystem disk(f.root / "small", "8m");
    if (!disk.mounted) GTEST_SKIP() << disk.why;
    auto config = f.config("erp", "", false, R"({"orders_as": "order"})", "", kHourly);
    replace_in(config, (f.root / "state.db").string(), (disk.dir / "state.db").string());
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    host::SyncRunner runner(config, logger);
    host::ServiceOptions options;
    options.port = 0;
    host::Service service(runner, logger, options);
    auto port = service.start();
    ASSERT_TRUE(eventually([&] { return service.passes_run() >= 6; }));

    std::map<std::string, int> answered;   // order id -> status of its last push
    auto push = [&](int first, int last) {
        for (int n = first; n <= last; ++n) {
            auto id = std::to_string(800000 + n);
            answered[id] = http(port, "POST", "/push/main/1", push_of(id)).status;
        }
    };
    push(1, 5);
    auto filler = fill(disk.dir);   // the disk fills mid-run
    push(6, 20);
    int refused = 0;
    for (const auto& [id, status] : answered) {
        EXPECT_TRUE(status == 200 || status == 503) << id << " answered " << status;
        refused += status == 503;
    }
    EXPECT_GT(refused, 0) << "no push met the full disk";
    EXPECT_NE(log.str().find((disk.dir / "state.db").string() + ": queueing work: database or disk is full"),
              std::string::npos);
    // Every order answered 200 is stored: it reaches the ERP even before room is made.
    std::set<std::string> acknowledged;
    for (const auto& [id, status] : answered)
        if (status == 200) acknowledged.insert(id);

    // Room again; the shop pushes the refused ones again, as a 503 tells it to.
    std::filesystem::remove(filler);
    for (const auto& [id, status] : std::map<std::string, int>(answered))
        if (status != 200) answered[id] = http(port, "POST", "/push/main/1", push_of(id)).status;
    for (const auto& [id, status] : answered) EXPECT_EQ(status, 200) << id;
    service.scheduler().trigger("main", std::string("orders"));
    ASSERT_TRUE(eventually([&] {
        service.scheduler().trigger("main", std::string("orders"));
        auto ids = erp_order_ids(f);
        return std::set<std::string>(ids.begin(), ids.end()).size() == 20;
    })) << log.str();
    auto in_erp = erp_order_ids(f);
    for (const auto& id : acknowledged) EXPECT_EQ(in_erp.count(id), 1u) << "order " << id << " was answered 200 and lost";
    EXPECT_EQ(in_erp.size(), 20u);   // and none twice
    service.stop();
    service.wait();
}

TEST(ServiceDurability, ALockHeldTooLongMakesThePushAnswer503) {
    FlowFixture f("push-busy");
    auto config = f.config("erp", "", false, R"({"orders_as": "order"})", "", kHourly);
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    host::SyncRunner runner(config, logger);
    host::ServiceOptions options;
    options.port = 0;
    host::Service service(runner, logger, options);
    auto port = service.start();
    ASSERT_TRUE(eventually([&] { return service.passes_run() >= 6; }));
    runner.store().set_busy_timeout(100);
    {
        // Another process (here: another connection) writing and not letting go.
        SQLite::Database other((f.root / "state.db").string(), SQLite::OPEN_READWRITE);
        SQLite::Transaction holding(other, SQLite::TransactionBehavior::IMMEDIATE);
        auto refused = http(port, "POST", "/push/main/1", push_of("810001"));
        EXPECT_EQ(refused.status, 503);
        EXPECT_EQ(refused.reason, "Service Unavailable");
        EXPECT_EQ(refused.body.find((f.root / "state.db").string()), std::string::npos);   // no path to the shop
    }
    EXPECT_NE(log.str().find("database is locked"), std::string::npos);
    EXPECT_EQ(http(port, "POST", "/push/main/1", push_of("810001")).status, 200);
    ASSERT_TRUE(eventually([&] { return f.written("erp", "orders").size() == 1; })) << log.str();
    service.stop();
    service.wait();
}

TEST(ServiceDurability, AnIoErrorOrAReadOnlyFileMakesThePushAnswer503) {
    using skarv::test::FaultyVfs;
    FaultyVfs::install();   // before the store opens its file
    FlowFixture f("push-io-error");
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    host::SyncRunner runner(f.config("erp", "", false, R"({"orders_as": "order"})", "", kHourly), logger);
    host::ServiceOptions options;
    options.port = 0;
    host::Service service(runner, logger, options);
    auto port = service.start();
    ASSERT_TRUE(eventually([&] { return service.passes_run() >= 6; }));
    FaultyVfs::fail_with = SQLITE_IOERR_WRITE;
    FaultyVfs::fault = FaultyVfs::Fault::write;
    EXPECT_EQ(http(port, "POST", "/push/main/1", push_of("830001")).status, 503);
    FaultyVfs::fail_with = SQLITE_IOERR_FSYNC;   // written, but not made durable
    FaultyVfs::fault = FaultyVfs::Fault::sync;
    EXPECT_EQ(http(port, "POST", "/push/main/1", push_of("830002")).status, 503);
    FaultyVfs::fail_with = SQLITE_READONLY;      // the file turned read-only under us
    FaultyVfs::fault = FaultyVfs::Fault::write;
    EXPECT_EQ(http(port, "POST", "/push/main/1", push_of("830003")).status, 503);
    FaultyVfs::fault = FaultyVfs::Fault::none;
    EXPECT_NE(log.str().find((f.root / "state.db").string() + ": queueing work: disk I/O error"), std::string::npos)
        << log.str();
    EXPECT_EQ(http(port, "POST", "/push/main/1", push_of("830001")).status, 200);
    EXPECT_EQ(http(port, "POST", "/push/main/1", push_of("830002")).status, 200);
    EXPECT_EQ(http(port, "POST", "/push/main/1", push_of("830003")).status, 200);
    ASSERT_TRUE(eventually([&] { return f.written("erp", "orders").size() == 3; })) << log.str();
    service.stop();
    service.wait();
}

TEST(ServiceRequests, EmptyPushAndBadNumbersAreRefusedWithTheirReason) {
    FlowFixture f("bad-requests");
    auto config = f.config("erp", "", false, R"({"orders_as": "order"})", "", kHourly);
    skarv::test::configure_admin(config);
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    host::SyncRunner runner(config, logger);
    host::ServiceOptions options;
    options.port = 0;
    host::Service service(runner, logger, options);
    auto port = service.start();
    auto empty = http(port, "POST", "/push/main/1", "[]");
    EXPECT_EQ(empty.status, 400);
    EXPECT_EQ(empty.reason, "Bad Request");
    EXPECT_EQ(empty.body, R"({"error":"the push holds no orders"})");
    auto channel = http(port, "POST", "/push/main/1abc", push_of("820001"));
    EXPECT_EQ(channel.status, 404);   // not read as channel 1
    EXPECT_EQ(channel.reason, "Not Found");
    EXPECT_EQ(http(port, "POST", "/push/main/99999999999999999999", push_of("820001")).status, 404);
    EXPECT_EQ(http(port, "GET", "/api/reports?limit=abc").status, 400);
    EXPECT_EQ(http(port, "GET", "/api/reports?limit=-1").status, 400);
    EXPECT_EQ(http(port, "GET", "/api/reports?limit=99999999999999999999").status, 400);
    EXPECT_EQ(http(port, "GET", "/api/reports?limit=5").status, 200);
    EXPECT_EQ(http(port, "GET", "/api/deadletters/1abc").status, 404);
    EXPECT_EQ(http(port, "GET", "/api/deadletters/99999999999999999999").status, 404);
    EXPECT_EQ(http(port, "POST", "/api/deadletters/x/retry").status, 404);
    // Nothing was queued by any of them.
    EXPECT_EQ(runner.store().queued("main", "orders"), 0);
    EXPECT_TRUE(f.written("erp", "orders").empty());
    service.stop();
    service.wait();
}

TEST(ServiceReload, ABadScheduleKeepsEveryJobAndAGoodOneReplacesThemAll) {
    FlowFixture f("reload-schedule");
    auto config = f.config("erp", "", false, R"({"orders_as": "order"})", "",
                           R"(, "schedule": {"orders": 3600, "status": 3600, "stock": "0 3 * * *"})");
    replace_in(config, R"({"plugin_dirs")", R"({"timezone": "Europe/Stockholm", "plugin_dirs")");
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    host::SyncRunner runner(config, logger);
    host::ServiceOptions options;
    options.port = 0;
    host::Service service(runner, logger, options);
    service.start();
    auto schedules = [&] {
        std::map<std::string, std::string> out;
        for (const auto& j : service.scheduler().jobs())
            out[j.entity] = j.cron ? j.cron->expression() : std::to_string(j.interval_ms / 1000) + "s";
        return out;
    };
    auto before = schedules();
    ASSERT_EQ(before.size(), 6u);   // the erp preset's six entities
    EXPECT_EQ(before["stock"], "0 3 * * *");

    replace_in(config, R"("stock": "0 3 * * *")", R"("stock": "0 0 31 2 *")");
    service.request_reload();
    ASSERT_TRUE(eventually([&] { return log.str().find("still running the previous configuration") != std::string::npos; }))
        << log.str();
    EXPECT_NE(log.str().find("connections[0].schedule.stock: cron expression '0 0 31 2 *' never fires"), std::string::npos)
        << log.str();
    EXPECT_EQ(schedules(), before);   // every job, orders and status too

    replace_in(config, R"("stock": "0 0 31 2 *")", R"("stock": "*/5 * * * *")");
    service.request_reload();
    ASSERT_TRUE(eventually([&] { return log.str().find("configuration and plugins reloaded") != std::string::npos; }))
        << log.str();
    auto after = schedules();
    EXPECT_EQ(after.size(), 6u);
    EXPECT_EQ(after["stock"], "*/5 * * * *");
    EXPECT_EQ(after["orders"], "3600s");
    service.stop();
    service.wait();
}

TEST(ServiceFailures, AReadThatFailsIsCountedInReportsLogsAndMetrics) {
    FlowFixture f("read-fails");
    std::ofstream(f.root / "shop" / "orders.json") << "this is not JSON";
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    host::SyncRunner runner(f.config("erp", "", false, R"({"orders_as": "order"})", "", kHourly), logger);
    host::ServiceOptions options;
    options.port = 0;
    host::Service service(runner, logger, options);
    service.start();
    ASSERT_TRUE(eventually([&] { return service.passes_run() >= 6; }));
    service.scheduler().trigger("main", std::string("orders"));
    ASSERT_TRUE(eventually([&] { return service.passes_run() >= 7; }));
    service.stop();
    service.wait();
    auto reports = runner.store().reports(50);
    int64_t read_failures = 0;
    for (const auto& r : reports)
        if (r.entity == "orders") read_failures += r.read_failures;
    EXPECT_GE(read_failures, 1);
    EXPECT_NE(log.str().find(R"("level":"warn","source":"main/orders","msg":"orders: considered 0, created 0, updated 0, unchanged 0, skipped 0, failed 0, read failures 1")"),
              std::string::npos)
        << log.str();
    for (const auto& t : runner.store().totals()) {
        if (t.entity == "orders") {
            EXPECT_EQ(t.read_failures, read_failures);
        }
    }
}

TEST(ServiceFailures, MetricsCountFailedReads) {
    FlowFixture f("read-fails-metrics");
    std::ofstream(f.root / "shop" / "orders.json") << "this is not JSON";
    auto config = f.config("erp", "", false, R"({"orders_as": "order"})", "", kHourly);
    skarv::test::configure_admin(config);
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    host::SyncRunner runner(config, logger);
    host::ServiceOptions options;
    options.port = 0;
    host::Service service(runner, logger, options);
    auto port = service.start();
    ASSERT_TRUE(eventually([&] { return service.passes_run() >= 6; }));
    auto metrics = http(port, "GET", "/metrics").body;
    EXPECT_NE(metrics.find(R"(skarv_read_failures_total{connection="main",entity="orders"} 1)"), std::string::npos) << metrics;
    service.stop();
    service.wait();
}

namespace {
struct Child {
    pid_t pid = -1;
    int out = -1;
};
// `skarv run` with its stdout on a pipe; waits for its "running" line, which holds the port.
Child start_skarv_run(const std::string& config, std::string& first_line) {
    int fds[2];
    if (pipe(fds) != 0) return {};
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        freopen("/dev/null", "w", stderr);
        execl(SKARV_BIN, SKARV_BIN, "run", "--config", config.c_str(), "--port", "0", static_cast<char*>(nullptr));
        _exit(127);
    }
    close(fds[1]);
    char buf[256];
    while (first_line.find('\n') == std::string::npos) {
        auto n = read(fds[0], buf, sizeof buf);
        if (n <= 0) break;
        first_line.append(buf, static_cast<size_t>(n));
    }
    return {pid, fds[0]};
}
// Runs a command to its end; its exit status and what it wrote to stderr.
std::pair<int, std::string> run_to_end(const std::string& command) {
    std::string text;
    FILE* p = popen((command + " 2>&1 >/dev/null").c_str(), "r");
    char buf[512];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) text.append(buf, n);
    int status = pclose(p);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, text};
}
}  // namespace

TEST(ServiceOneInstance, ASecondRunOnTheSameStateOrPortExitsWithAClearMessage) {
    FlowFixture f("one-instance");
    FlowFixture other("one-instance-other");
    auto config = f.config("erp", "", false, R"({"orders_as": "order"})", "", kHourly);
    std::string line;
    auto first = start_skarv_run(config, line);
    ASSERT_GT(first.pid, 0);
    auto at = line.find("http://127.0.0.1:");
    ASSERT_NE(at, std::string::npos) << line;
    auto port = std::stoi(line.substr(at + 17));

    auto same_state = run_to_end(std::string(SKARV_BIN) + " run --port 0 --config " + config);
    EXPECT_EQ(same_state.first, 1);
    EXPECT_NE(same_state.second.find("state database " + (f.root / "state.db").string() +
                                     " is in use by another skarv process (pid " + std::to_string(first.pid) + ")"),
              std::string::npos)
        << same_state.second;

    auto other_config = other.config("erp", "", false, R"({"orders_as": "order"})", "", kHourly);
    auto same_port = run_to_end(std::string(SKARV_BIN) + " run --port " + std::to_string(port) + " --config " + other_config);
    EXPECT_EQ(same_port.first, 1);
    EXPECT_NE(same_port.second.find("cannot listen on 127.0.0.1:" + std::to_string(port)), std::string::npos)
        << same_port.second;

    kill(first.pid, SIGTERM);
    int status = 0;
    waitpid(first.pid, &status, 0);
    close(first.out);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}
