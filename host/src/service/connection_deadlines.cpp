#include "connection_deadlines.hpp"

#include <sys/socket.h>

#include <optional>

#include <Poco/Net/HTTPServerConnection.h>
#include <Poco/Net/TCPServerConnection.h>

namespace skarv::host {
namespace {

struct CurrentConnection {
    ConnectionDeadlines* owner = nullptr;
    uint64_t id = 0;
};
thread_local CurrentConnection current;

}  // namespace

class ConnectionDeadlines::Watch {
public:
    Watch(ConnectionDeadlines& owner, int fd, std::chrono::milliseconds from_now)
        : owner_(owner), id_(owner.watch(fd, from_now)) {
        current = {&owner_, id_};
    }
    ~Watch() {
        current = {};
        owner_.unwatch(id_);   // before the socket is closed, so no other connection's fd is shut by mistake
    }
    Watch(const Watch&) = delete;
    Watch& operator=(const Watch&) = delete;

private:
    ConnectionDeadlines& owner_;
    uint64_t id_;
};

ConnectionDeadlines::ConnectionDeadlines(int workers, std::chrono::milliseconds crowded_header_timeout)
    : workers_(workers), crowded_header_timeout_(crowded_header_timeout), watchdog_([this] { run(); }) {}

ConnectionDeadlines::~ConnectionDeadlines() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    watchdog_.join();
}

uint64_t ConnectionDeadlines::watch(int fd, std::chrono::milliseconds from_now) {
    std::lock_guard lock(mutex_);
    auto id = next_id_++;
    auto now = std::chrono::steady_clock::now();
    entries_[id] = {fd, now, now + from_now, true, true};
    return id;
}

void ConnectionDeadlines::unwatch(uint64_t id) {
    std::lock_guard lock(mutex_);
    entries_.erase(id);
}

void ConnectionDeadlines::set(uint64_t id, std::optional<std::chrono::milliseconds> from_now) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(id);
    if (it == entries_.end()) return;
    it->second.reading_headers = false;
    it->second.has_deadline = from_now.has_value();
    if (from_now) it->second.deadline = std::chrono::steady_clock::now() + *from_now;
}

void ConnectionDeadlines::allow_current(std::chrono::milliseconds from_now) {
    if (current.owner) current.owner->set(current.id, from_now);
}

void ConnectionDeadlines::clear_current() {
    if (current.owner) current.owner->set(current.id, std::nullopt);
}

void ConnectionDeadlines::cut_reading() {
    std::lock_guard lock(mutex_);
    for (auto& [id, e] : entries_)
        if (e.has_deadline) ::shutdown(e.fd, SHUT_RDWR);
}

int64_t ConnectionDeadlines::cut_count() const {
    std::lock_guard lock(mutex_);
    return cut_;
}

void ConnectionDeadlines::cut(Entry& e) {
    // Only the fd's traffic is shut, not the fd closed: the worker that owns the socket
    // closes it, and its blocked read returns at once.
    ::shutdown(e.fd, SHUT_RDWR);
    e.has_deadline = false;
    ++cut_;
}

void ConnectionDeadlines::run() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        // A tenth of a second late at most: the deadlines are a second or longer.
        wake_.wait_for(lock, std::chrono::milliseconds(100));
        auto now = std::chrono::steady_clock::now();
        int waiting_for_headers = 0;
        for (auto& [id, e] : entries_) waiting_for_headers += e.reading_headers && e.has_deadline ? 1 : 0;
        bool crowded = waiting_for_headers * 4 >= workers_ * 3;
        for (auto& [id, e] : entries_) {
            if (!e.has_deadline) continue;
            if (e.deadline <= now || (crowded && e.reading_headers && now - e.accepted >= crowded_header_timeout_)) cut(e);
        }
    }
}

namespace {

class DeadlineConnection : public Poco::Net::TCPServerConnection {
public:
    DeadlineConnection(const Poco::Net::StreamSocket& socket, ConnectionDeadlines& deadlines, std::chrono::milliseconds header_timeout,
                       Poco::Net::HTTPServerParams::Ptr params, Poco::Net::HTTPRequestHandlerFactory::Ptr handlers)
        : TCPServerConnection(socket), deadlines_(deadlines), header_timeout_(header_timeout), params_(std::move(params)),
          handlers_(std::move(handlers)) {}

    void run() override {
        ConnectionDeadlines::Watch watch(deadlines_, static_cast<int>(socket().impl()->sockfd()), header_timeout_);
        try {
            Poco::Net::HTTPServerConnection http(socket(), params_, handlers_);
            http.run();
        } catch (const std::exception&) {
            // A client that hung up, timed out or failed the TLS handshake: nothing to answer.
        }
    }

private:
    ConnectionDeadlines& deadlines_;
    std::chrono::milliseconds header_timeout_;
    Poco::Net::HTTPServerParams::Ptr params_;
    Poco::Net::HTTPRequestHandlerFactory::Ptr handlers_;
};

class DeadlineConnectionFactory : public Poco::Net::TCPServerConnectionFactory {
public:
    DeadlineConnectionFactory(ConnectionDeadlines& deadlines, std::chrono::milliseconds header_timeout,
                              Poco::Net::HTTPServerParams::Ptr params, Poco::Net::HTTPRequestHandlerFactory::Ptr handlers)
        : deadlines_(deadlines), header_timeout_(header_timeout), params_(std::move(params)), handlers_(std::move(handlers)) {}
    Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override {
        return new DeadlineConnection(socket, deadlines_, header_timeout_, params_, handlers_);
    }

private:
    ConnectionDeadlines& deadlines_;
    std::chrono::milliseconds header_timeout_;
    Poco::Net::HTTPServerParams::Ptr params_;
    Poco::Net::HTTPRequestHandlerFactory::Ptr handlers_;
};

}  // namespace

Poco::Net::TCPServerConnectionFactory::Ptr make_deadline_connection_factory(
    ConnectionDeadlines& deadlines, std::chrono::milliseconds header_timeout, Poco::Net::HTTPServerParams::Ptr params,
    Poco::Net::HTTPRequestHandlerFactory::Ptr handlers) {
    return new DeadlineConnectionFactory(deadlines, header_timeout, std::move(params), std::move(handlers));
}

}  // namespace skarv::host
