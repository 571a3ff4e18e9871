#pragma once
// A real PostgreSQL for tests, from Debian's `postgresql` package: a cluster initialised
// in a temporary directory, listening only on a unix socket there, started once per test
// process (the first test that asks) and stopped when the process ends. Each test gets a
// database of its own. As root (CI) the server runs as `nobody`: initdb refuses root.
//
// Tests call PostgresServer::get(); when it returns nullptr they GTEST_SKIP() with
// PostgresServer::unavailable_reason() (no PostgreSQL binaries on this machine).

#include <string>

namespace skarv::test {

class PostgresServer {
public:
    static PostgresServer* get();
    static const std::string& unavailable_reason();

    // A new, empty database; its libpq URL ("postgresql:///<db>?host=<socket dir>&user=skarv").
    std::string fresh_database_url();
    // Runs `sql` as the superuser in the database "postgres" (psql's -c).
    void admin(const std::string& sql);
    // Ends every session on `database` but the caller's: a lost connection, seen by skarv.
    void terminate_sessions(const std::string& database);
    static std::string database_of(const std::string& url);

    ~PostgresServer();
    PostgresServer(const PostgresServer&) = delete;
    PostgresServer& operator=(const PostgresServer&) = delete;

private:
    PostgresServer() = default;
    bool start(std::string& why_not);
    bool initialised_cluster(const std::string& data, std::string& why_not);
    void stop_orphans();

    std::string bin_, dir_, run_as_;
    bool running_ = false;
    int databases_ = 0;
};

}  // namespace skarv::test
