#pragma once
// StateLock: one process at a time runs transfers on a state database. Two services on
// one store would both pass over the same queue and cursors and could create an order
// twice. The lock is an flock(2) on "<state file>.lock" beside the database, so the
// kernel drops it when the process ends, however it ends; the file holds the holder's
// pid, only to name it in the message a second process gets.
//
// On PostgreSQL ("postgresql://" state) there is no such lock: several workers share the
// database, each running only the connections it holds a lease on (lease_keeper.hpp).

#include <filesystem>

namespace skarv::host {

class StateLock {
public:
    // Throws std::runtime_error naming the state file (and the holder's pid) when another
    // process holds it. An in-memory database (":memory:") and PostgreSQL need no lock.
    explicit StateLock(const std::filesystem::path& state_db);
    ~StateLock();
    StateLock(const StateLock&) = delete;
    StateLock& operator=(const StateLock&) = delete;

    static std::filesystem::path lock_file_for(const std::filesystem::path& state_db);

private:
    int fd_ = -1;
};

}  // namespace skarv::host
