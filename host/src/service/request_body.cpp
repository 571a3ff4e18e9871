#include "request_body.hpp"

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
        in.read(buffer, sizeof buffer);
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

}  // namespace skarv::host
