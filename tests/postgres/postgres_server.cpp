#include "postgres_server.hpp"

#include <fcntl.h>
#include <libpq-fe.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>

#include <cstdlib>
#include <functional>
#include <filesystem>
#include <memory>
#include <stdexcept>

namespace fs = std::filesystem;

namespace skarv::test {
namespace {

std::string& reason() {
    static std::string r;
    return r;
}

// The newest /usr/lib/postgresql/<version>/bin with initdb, or $SKARV_PG_BIN.
std::string find_bin() {
    if (const char* env = std::getenv("SKARV_PG_BIN"); env && fs::exists(fs::path(env) / "initdb")) return env;
    std::string best;
    int best_version = -1;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator("/usr/lib/postgresql", ec)) {
        auto bin = e.path() / "bin";
        int version = std::atoi(e.path().filename().c_str());
        if (fs::exists(bin / "initdb") && fs::exists(bin / "pg_ctl") && version > best_version) {
            best = bin.string();
            best_version = version;
        }
    }
    return best;
}

int run(const std::string& command) { return std::system(command.c_str()); }

std::string shell_quoted(const std::string& s) { return "'" + s + "'"; }

}  // namespace

// initdb takes seconds and every test runs in a process of its own (gtest_discover_tests):
// the cluster is made once per machine, user and PostgreSQL build, then copied.
bool PostgresServer::initialised_cluster(const std::string& data, std::string& why_not) {
    const std::string cache = "/tmp/skarv-pg-cluster-" + std::to_string(::geteuid()) + "-" +
                              std::to_string(std::hash<std::string>{}(bin_));
    {
        int lock = ::open((cache + ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (lock < 0 || ::flock(lock, LOCK_EX) != 0) {
            why_not = "cannot lock " + cache + ".lock";
            if (lock >= 0) ::close(lock);
            return false;
        }
        bool ok = fs::exists(cache + "/PG_VERSION");
        if (!ok) {
            const std::string building = cache + ".building";
            run("rm -rf " + shell_quoted(building));
            // fsync off and no sync at initdb: the tests test skarv, not the disk.
            ok = run(run_as_ + shell_quoted(bin_ + "/initdb") + " -D " + shell_quoted(building) +
                     " -U skarv -A trust --no-sync -E UTF8 --locale=C >" + shell_quoted(dir_ + "/initdb.log") + " 2>&1") == 0;
            ok = ok && run("mv " + shell_quoted(building) + " " + shell_quoted(cache)) == 0;
        }
        ::close(lock);
        if (!ok) {
            why_not = "initdb failed; see " + dir_ + "/initdb.log";
            return false;
        }
    }
    if (run("cp -a " + shell_quoted(cache) + " " + shell_quoted(data)) != 0) {
        why_not = "cannot copy the cluster " + cache;
        return false;
    }
    return true;
}

// A test process that was killed (a ctest timeout) never stopped its server: the next
// one stops the servers whose test process is gone, by the pid in their folder's name.
void PostgresServer::stop_orphans() {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator("/tmp", ec)) {
        const std::string name = e.path().filename().string();
        if (name.rfind("skarv-pg-", 0) != 0 || name.rfind("skarv-pg-cluster-", 0) == 0) continue;
        const int pid = std::atoi(name.c_str() + 9);
        if (pid <= 0 || ::kill(pid, 0) == 0 || errno != ESRCH) continue;
        if (fs::exists(e.path() / "data" / "postmaster.pid"))
            run(run_as_ + shell_quoted(bin_ + "/pg_ctl") + " -D " + shell_quoted((e.path() / "data").string()) +
                " -m immediate stop >/dev/null 2>&1");
        fs::remove_all(e.path(), ec);
    }
}

PostgresServer* PostgresServer::get() {
    static std::unique_ptr<PostgresServer> server = [] {
        std::unique_ptr<PostgresServer> s(new PostgresServer);
        if (!s->start(reason())) s.reset();
        return s;
    }();
    return server.get();
}

const std::string& PostgresServer::unavailable_reason() { return reason(); }

bool PostgresServer::start(std::string& why_not) {
    bin_ = find_bin();
    if (bin_.empty()) {
        why_not = "PostgreSQL's server binaries are not installed (Debian package postgresql; or set SKARV_PG_BIN)";
        return false;
    }
    // initdb and postgres refuse to run as root: as root, the cluster belongs to nobody.
    if (::geteuid() == 0) run_as_ = "runuser -u nobody -- ";
    stop_orphans();
    std::string tmpl = "/tmp/skarv-pg-" + std::to_string(::getpid()) + "-XXXXXX";
    if (!::mkdtemp(tmpl.data())) {
        why_not = "cannot make a temporary directory";
        return false;
    }
    dir_ = tmpl;
    if (!run_as_.empty()) run("chown nobody " + shell_quoted(dir_));
    const std::string data = dir_ + "/data";
    if (!initialised_cluster(data, why_not)) return false;
    if (run(run_as_ + shell_quoted(bin_ + "/pg_ctl") + " -D " + shell_quoted(data) + " -l " + shell_quoted(dir_ + "/server.log") +
            " -w -o \"-k " + dir_ + " -c listen_addresses='' -c fsync=off -c full_page_writes=off\" start >/dev/null") != 0) {
        why_not = "pg_ctl start failed; see " + dir_ + "/server.log";
        return false;
    }
    running_ = true;
    return true;
}

PostgresServer::~PostgresServer() {
    if (running_)
        run(run_as_ + shell_quoted(bin_ + "/pg_ctl") + " -D " + shell_quoted(dir_ + "/data") + " -m immediate stop >/dev/null 2>&1");
    std::error_code ec;
    if (!dir_.empty()) fs::remove_all(dir_, ec);
}

void PostgresServer::admin(const std::string& sql) {
    const std::string url = "postgresql:///postgres?host=" + dir_ + "&user=skarv";
    PGconn* conn = PQconnectdb(url.c_str());
    std::string error;
    if (PQstatus(conn) != CONNECTION_OK) {
        error = PQerrorMessage(conn);
    } else {
        PGresult* r = PQexec(conn, sql.c_str());
        if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK) error = PQresultErrorMessage(r);
        PQclear(r);
    }
    PQfinish(conn);
    if (!error.empty()) throw std::runtime_error(sql + ": " + error);
}

std::string PostgresServer::fresh_database_url() {
    const std::string name = "skarv_test_" + std::to_string(++databases_);
    admin("CREATE DATABASE " + name + " TEMPLATE template0");
    return "postgresql:///" + name + "?host=" + dir_ + "&user=skarv";
}

void PostgresServer::terminate_sessions(const std::string& database) {
    admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database +
          "' AND pid <> pg_backend_pid()");
}

std::string PostgresServer::database_of(const std::string& url) {
    auto start = url.find(":///") + 4;
    return url.substr(start, url.find('?') - start);
}

}  // namespace skarv::test
