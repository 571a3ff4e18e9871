#pragma once
// StateLock: one process at a time runs transfers on a state database. Two services on
// one store would both pass over the same queue and cursors and could create an order
// twice. The lock is an flock(2) on "<state file>.lock" beside the database, so the
// kernel drops it when the process ends, however it ends; the file holds the holder's
// pid, only to name it in the message a second process gets.
//
// On PostgreSQL ("postgresql://" state) the lock is a session advisory lock held on a
// connection of its own: the server drops it when that session ends, however the
// process ends. (Until several workers share a database by leases, issue #19.)

#include <filesystem>
#include <memory>

namespace skarv::host {

class StateLock {
public:
    // Throws std::runtime_error naming the state file (and the holder's pid) when another
    // process holds it, or (PostgreSQL) naming the host when the database cannot be
    // reached. An in-memory database (":memory:") needs no lock.
    explicit StateLock(const std::filesystem::path& state_db);
    ~StateLock();
    StateLock(const StateLock&) = delete;
    StateLock& operator=(const StateLock&) = delete;

    static std::filesystem::path lock_file_for(const std::filesystem::path& state_db);

private:
    struct DatabaseLock;
    int fd_ = -1;
    std::unique_ptr<DatabaseLock> database_lock_;   // PostgreSQL's advisory lock
};

}  // namespace skarv::host
