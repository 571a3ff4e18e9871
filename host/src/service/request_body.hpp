#pragma once
// Reading a request body with a size limit and a deadline, so one request can neither
// fill the memory nor hold a worker by sending slowly. The limit is checked against
// Content-Length before anything is read, and counted while reading a chunked body.

#include <chrono>
#include <cstdint>
#include <string>

#include <Poco/Net/HTTPServerRequest.h>

namespace skarv::host {

struct RequestBody {
    enum class Outcome { read, too_large, incomplete } outcome = Outcome::read;
    std::string text;
};

// Content-Length alone, nothing read: true when it already says more than `limit`.
bool declared_too_large(const Poco::Net::HTTPServerRequest& request, int64_t limit);

RequestBody read_request_body(Poco::Net::HTTPServerRequest& request, int64_t limit, std::chrono::milliseconds deadline);

// After a refusal sent before the body was read whole: ends the answer and reads on
// briefly (at most 256 KiB, one second), so the client sees the refusal rather than a
// reset caused by unread data at close.
void finish_refusal(Poco::Net::HTTPServerRequest& request);

}  // namespace skarv::host
