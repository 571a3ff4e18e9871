#include "lease_table.hpp"

#include <libpq-fe.h>

#include <chrono>
#include <memory>
#include <stdexcept>
#include <vector>

namespace skarv::test::cluster {

namespace {

using Result = std::unique_ptr<PGresult, decltype(&PQclear)>;

Result query(PGconn* conn, const std::string& sql, const std::vector<std::string>& params = {}) {
    std::vector<const char*> values;
    for (const auto& p : params) values.push_back(p.c_str());
    Result r(PQexecParams(conn, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr, nullptr, 0),
             &PQclear);
    if (PQresultStatus(r.get()) != PGRES_TUPLES_OK)
        throw std::runtime_error(sql + ": " + PQresultErrorMessage(r.get()));
    return r;
}

}  // namespace

int64_t unix_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

LeaseTable::LeaseTable(const std::string& url) : url_(url) { reconnect_if_lost(); }

LeaseTable::~LeaseTable() {
    if (conn_) PQfinish(conn_);
}

// A test may end every session on the database (terminate_sessions); the reader comes back.
void LeaseTable::reconnect_if_lost() {
    if (conn_ && PQstatus(conn_) == CONNECTION_OK) return;
    if (conn_) PQfinish(conn_);
    conn_ = PQconnectdb(url_.c_str());
    if (PQstatus(conn_) != CONNECTION_OK)
        throw std::runtime_error(std::string("cannot read the lease tables: ") + PQerrorMessage(conn_));
}

std::map<std::string, Lease> LeaseTable::leases() {
    reconnect_if_lost();
    auto r = query(conn_, "SELECT connection, holder, expires_at, acquired_at FROM connection_leases");
    std::map<std::string, Lease> out;
    for (int i = 0; i < PQntuples(r.get()); ++i)
        out[PQgetvalue(r.get(), i, 0)] = {PQgetvalue(r.get(), i, 1), std::stoll(PQgetvalue(r.get(), i, 2)),
                                          std::stoll(PQgetvalue(r.get(), i, 3))};
    return out;
}

std::optional<std::string> LeaseTable::worker_of(pid_t pid) {
    reconnect_if_lost();
    auto r = query(conn_, "SELECT worker FROM workers WHERE pid = $1::bigint ORDER BY started_at DESC LIMIT 1",
                   {std::to_string(pid)});
    if (PQntuples(r.get()) == 0) return std::nullopt;
    return std::string(PQgetvalue(r.get(), 0, 0));
}

}  // namespace skarv::test::cluster
