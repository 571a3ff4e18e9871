#pragma once
// One pass of one entity of one connection: read changes since the durable cursor, skip
// what is unchanged, write in batches, record id mappings and outcomes, and only then
// advance the cursor. Orders additionally go through the durable work queue and an ERP
// look-up before every create, so each is created exactly once.

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "skarv/host/flow/connection_runtime.hpp"
#include "skarv/host/flow/progress.hpp"
#include "skarv/host/flow/retry_policy.hpp"
#include "skarv/host/runtime/host_context.hpp"

namespace skarv::host {

struct TransferOptions {
    bool dry_run = false;      // read and compare, write nothing (not even cursors)
    bool initial = false;      // read everything, not only changes
    int batch_size = 50;
    // Records one pass reads from one source; 0 reads until the source has no more. When
    // it stops at the limit, the report says so and the next pass goes on from the cursor.
    // A connection's options.max_records_per_pass sets it for that connection.
    int64_t max_records = 0;
    RetryPolicy retry;
    // Queued orders are claimed in this worker's name for this long while they are
    // delivered (Store::claim_work): another worker never delivers them meanwhile, and
    // takes them over if this one dies. The service sets both from its lease keeper.
    std::string worker = "local";
    int64_t claim_ms = 5 * 60 * 1000;
};

struct PassContext {
    Store& store;
    Logger& logger;
    ClockFunction clock;
    std::mt19937_64& rng;
    const TransferOptions& options;
    std::ostream* plan_out = nullptr;   // dry run: one line per record, what would happen
    const std::atomic<bool>* cancelled = nullptr;   // set on shutdown: stop between batches
    ProgressFunction progress;                      // called after each page read, if set

    // Reports progress of this pass: `report` so far, `total` if the source gave one.
    void tick(const TransferReport& report, const boost::json::object& page, int64_t started_ms) const {
        if (!progress) return;
        Progress p{report.connection, report.entity, report.considered, std::nullopt, clock() - started_ms};
        if (auto* t = page.if_contains("total"); t && t->is_int64()) p.total = t->get_int64();
        progress(p);
    }
};

// The report a pass leaves, with the errors named per record.
class ReportBuilder {
public:
    ReportBuilder(const std::string& connection, const std::string& entity, int64_t now);
    void considered(int64_t n = 1) { report_.considered += n; }
    void created() { ++report_.created; }
    void updated() { ++report_.updated; }
    void unchanged() { ++report_.unchanged; }
    void skipped() { ++report_.skipped; }
    void skipped(const std::string& id, const std::string& reason);   // dropped by a transform
    void failed(const std::string& id, const std::string& message);
    void error(const std::string& message);   // a read from a source failed: counted in read_failures
    void stopped_at_limit() { report_.stopped_at_limit = true; }
    TransferReport finish(int64_t now);
    const TransferReport& current() const { return report_; }

private:
    TransferReport report_;
    boost::json::array errors_;
};

// The stable key of a canonical record of an entity ("orders" -> order_id, "stock" ->
// sku@warehouse, ...). Throws skarv::RecordError when the key fields are missing.
std::string record_key(const std::string& entity, const boost::json::value& record);

// A content hash of a record (64-bit FNV-1a of its serialised JSON): only for "did it
// change since we last wrote it", never for security.
std::string content_hash(const boost::json::value& record);

// A step of an order's journey that came with the order itself (read, pushed): the event,
// and the order's number, customer e-mail and payment reference as search keys. Inside
// the caller's WriteBatch with the queue row it describes.
void record_order_journey(Store& store, const std::string& connection, const boost::json::value& record, const char* step,
                          const std::string& detail, int64_t now);

TransferReport transfer_orders(ConnectionRuntime& connection, PassContext& pass);
TransferReport transfer_entity(ConnectionRuntime& connection, const EntityFlow& flow, PassContext& pass);
// Payouts from the payment providers, matched and booked once each (docs/reconciliation.md).
TransferReport transfer_settlements(ConnectionRuntime& connection, PassContext& pass);

}  // namespace skarv::host
