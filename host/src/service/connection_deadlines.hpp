#pragma once
// Deadlines for the HTTP connections, so a client that connects and says nothing, or
// dribbles its headers or body a byte at a time, holds a worker for a bounded time
// instead of for as long as it likes (a per-read timeout alone restarts with every
// byte). A watchdog thread shuts the socket of a connection whose deadline passed; the
// blocked read then ends and the worker is free. The connection's thread sets the
// deadline: one from accept to the end of the headers (TLS handshake included), one for
// the body, none while the handler works. When most workers are waiting for headers
// (slow clients crowding out the rest), the header deadline shrinks to a short one, as
// a real client's headers arrive in milliseconds.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/TCPServerConnectionFactory.h>

namespace skarv::host {

class ConnectionDeadlines {
public:
    // `workers`: how many connections are served at once; `crowded_header_timeout`: the
    // header deadline while three quarters of them are still reading headers.
    ConnectionDeadlines(int workers, std::chrono::milliseconds crowded_header_timeout);
    ~ConnectionDeadlines();
    ConnectionDeadlines(const ConnectionDeadlines&) = delete;
    ConnectionDeadlines& operator=(const ConnectionDeadlines&) = delete;

    // Shuts every socket still being read (stop(): workers blocked in a read end at once;
    // ones whose request is being handled finish and answer).
    void cut_reading();
    // How many connections were cut for missing a deadline (for the log and tests).
    int64_t cut_count() const;

    // For the connection served on the calling thread (no-op on any other thread).
    static void allow_current(std::chrono::milliseconds from_now);
    static void clear_current();

    class Watch;   // RAII: the calling thread's connection is watched while it lives

private:
    struct Entry {
        int fd;
        std::chrono::steady_clock::time_point accepted;
        std::chrono::steady_clock::time_point deadline;
        bool has_deadline;
        bool reading_headers;   // until the handler starts
    };
    void cut(Entry& e);
    uint64_t watch(int fd, std::chrono::milliseconds from_now);
    void unwatch(uint64_t id);
    void set(uint64_t id, std::optional<std::chrono::milliseconds> from_now);
    void run();

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::map<uint64_t, Entry> entries_;
    uint64_t next_id_ = 1;
    int64_t cut_ = 0;
    bool stopping_ = false;
    int workers_;
    std::chrono::milliseconds crowded_header_timeout_;
    std::thread watchdog_;
};

// Poco's HTTP connection, run under a header deadline of `header_timeout`.
Poco::Net::TCPServerConnectionFactory::Ptr make_deadline_connection_factory(
    ConnectionDeadlines& deadlines, std::chrono::milliseconds header_timeout, Poco::Net::HTTPServerParams::Ptr params,
    Poco::Net::HTTPRequestHandlerFactory::Ptr handlers);

}  // namespace skarv::host
