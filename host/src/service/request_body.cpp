#include "request_body.hpp"

#include <algorithm>

#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/StreamSocket.h>

#include "connection_deadlines.hpp"

namespace skarv::host {

bool declared_too_large(const Poco::Net::HTTPServerRequest& request, int64_t limit) {
    return request.hasContentLength() && request.getContentLength64() > limit;
}

RequestBody read_request_body(Poco::Net::HTTPServerRequest& request, int64_t limit, std::chrono::milliseconds deadline) {
    RequestBody body;
    if (declared_too_large(request, limit)) {
        body.outcome = RequestBody::Outcome::too_large;
        return body;
    }
    ConnectionDeadlines::allow_current(deadline);
    auto& in = request.stream();
    char buffer[16384];
    for (;;) {
        // Never more than one byte past the limit is read.
        auto room = std::min<int64_t>(static_cast<int64_t>(sizeof buffer), limit + 1 - static_cast<int64_t>(body.text.size()));
        in.read(buffer, room);
        auto n = in.gcount();
        if (n > 0) body.text.append(buffer, static_cast<std::size_t>(n));
        if (static_cast<int64_t>(body.text.size()) > limit) {
            body.outcome = RequestBody::Outcome::too_large;
            break;
        }
        if (!in) break;
    }
    // The handler's own work has no deadline: a push is answered once it is queued.
    ConnectionDeadlines::clear_current();
    if (body.outcome == RequestBody::Outcome::read &&
        (in.bad() || (request.hasContentLength() && static_cast<int64_t>(body.text.size()) != request.getContentLength64())))
        body.outcome = RequestBody::Outcome::incomplete;   // cut off by the deadline or by the client
    return body;
}

void finish_refusal(Poco::Net::HTTPServerRequest& request) {
    auto* impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&request);
    if (!impl) return;
    try {
        auto& socket = impl->socket();
        socket.shutdownSend();
        ConnectionDeadlines::allow_current(std::chrono::milliseconds(1000));
        char buffer[16384];
        for (int64_t drained = 0; drained < 256 * 1024;) {
            int n = socket.receiveBytes(buffer, sizeof buffer);
            if (n <= 0) break;
            drained += n;
        }
    } catch (const std::exception&) {
        // The client hung up or the second passed: the connection closes either way.
    }
    ConnectionDeadlines::clear_current();
}

}  // namespace skarv::host
