#pragma once
// Pieces the order and entity transfers share; not part of the host's public headers.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "skarv/host/flow/transfer.hpp"

namespace skarv::host {
// What a transform changed, for a record's journey: "field: old → new" per changed scalar
// (nested fields by path), at most `max_fields` of them and a count of the rest; values
// cut to 40 bytes, so an event stays small. Empty when nothing changed.
std::string change_summary(const boost::json::value& before, const boost::json::value& after, std::size_t max_fields = 5);
}  // namespace skarv::host

namespace skarv::host::detail {

struct Failure {
    std::string message;
    bool retryable = false;
    std::optional<int64_t> retry_after_ms;
};

// Calls the endpoint, adding the connection's name and the channel to the request.
CallResult call_endpoint(ConnectionRuntime& connection, Endpoint& endpoint, boost::json::object request);

Failure failure_of(const CallResult& result, const std::string& context);
Failure failure_of_item(const boost::json::value& error, const std::string& context);

// A record that failed: retried later with backoff, or a dead letter when it cannot
// succeed or has used its attempts. `work_id` is its queue row, if it already has one.
void park_failure(PassContext& pass, ReportBuilder& report, const std::string& connection, const std::string& entity,
                  const std::string& key, const std::string& payload, std::optional<WorkItem> work, const Failure& failure);

// The cursor stored for (entity, source), parsed; null when there is none yet.
boost::json::value load_cursor(Store& store, const std::string& connection, const std::string& cursor_name);

void acknowledge(ConnectionRuntime& connection, Endpoint& source, PassContext& pass, const std::string& entity,
                 const boost::json::value& cursor);

// How far one pass reads from one source: until the source says there is no more, or to
// the record limit (TransferOptions::max_records, or the connection's
// options.max_records_per_pass), which the report then states. Never a silent cap.
class ReadBudget {
public:
    ReadBudget(const ConnectionRuntime& connection, const TransferOptions& options);
    // After a page: true when the pass should read another one.
    bool another_page(bool source_has_more, std::size_t records_in_page, ReportBuilder& report,
                      const boost::json::value& cursor_before, const boost::json::value& cursor_after,
                      const std::string& what);

private:
    int64_t limit_ = 0;
    int64_t read_ = 0;
};

// What a page changes in the store (mappings, finished queue rows, parked failures, the
// cursor), kept until the page's remote writes are done and then applied in one commit:
// one fsync a page instead of one a record, and no store lock held across a remote call.
// A crash before the commit leaves the cursor where it was, so the page is read and
// written again: the writes are idempotent (the targets compare, the hashes skip).
class PageLedger {
public:
    void later(std::function<void()> write) { writes_.push_back(std::move(write)); }
    void commit(Store& store);
    bool empty() const { return writes_.empty(); }

private:
    std::vector<std::function<void()>> writes_;
};

// A queued record of an entity written to one endpoint: {"target": <label>, "record": ...};
// the retry pass sends it to that endpoint again (entity_transfer.cpp).
std::string queue_payload(const Endpoint& target, const boost::json::value& record);

}  // namespace skarv::host::detail
