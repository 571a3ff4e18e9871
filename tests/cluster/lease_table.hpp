#pragma once
// What the workers' shared PostgreSQL says about who runs which connection, read with
// libpq as an operator would: `connection_leases` and `workers` (issue 19, the lease
// tables the host keeps; times are Unix ms).

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>

typedef struct pg_conn PGconn;

namespace skarv::test::cluster {

struct Lease {
    std::string holder;       // a worker id; "" when given back
    int64_t expires_at = 0;   // Unix ms
    int64_t acquired_at = 0;  // Unix ms, when `holder` took it
};

class LeaseTable {
public:
    explicit LeaseTable(const std::string& url);
    ~LeaseTable();
    LeaseTable(const LeaseTable&) = delete;
    LeaseTable& operator=(const LeaseTable&) = delete;

    // connection -> its lease; empty before any worker took one.
    std::map<std::string, Lease> leases();
    // The id a worker process registered under, by its pid.
    std::optional<std::string> worker_of(pid_t pid);

private:
    void reconnect_if_lost();
    std::string url_;
    PGconn* conn_ = nullptr;
};

// Unix time in ms, the clock the lease table's times are on.
int64_t unix_ms();

}  // namespace skarv::test::cluster
