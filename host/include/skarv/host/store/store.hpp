#pragma once
// Store: the one database that holds everything the host must not forget:
// cursors, id mappings with content hashes, the work queue, dead letters, transfer
// reports, the event log, the last stock figure per ERP warehouse and plugin-private
// state. Safe to share between threads. The database is a SQLite file (WAL), the
// embedded default, or a PostgreSQL database named by a "postgresql://" URL
// (store_engine.hpp; docs/store.md).
//
// Durability: a write returns only once its transaction has committed with
// synchronous=FULL (WAL fsynced at every commit), so what a method acknowledged survives
// a crash or a power loss. A WriteBatch makes several writes one commit (one fsync): a
// pass records a whole page's outcomes in one. Any failure (disk full, read-only file, I/O error, lock wait
// over the busy timeout, a lost connection to PostgreSQL) throws StoreError naming the
// database (its file, or its URL without the password). See docs/store.md.

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "skarv/host/config/host_config.hpp"
#include "skarv/host/runtime/host_context.hpp"
#include "skarv/host/store/record_journey.hpp"

namespace skarv::host {

struct IdMapping {
    std::string connection, entity, source_id, target_id, content_hash;
    std::optional<int> channel;   // orders: the shop they came from
};

struct WorkItem {
    int64_t id = 0;
    std::string connection, entity, record_key, payload;
    int attempts = 0;
    int64_t next_attempt_at = 0;
    std::string last_error;
};

struct DeadLetter {
    int64_t id = 0;
    std::string connection, entity, record_key, payload, error;
    int attempts = 0;
    int64_t created_at = 0;
    std::optional<int64_t> replayed_at;
};

// The last figure an ERP warehouse gave for a SKU (stock profiles sum these).
struct StockFigure {
    std::string warehouse;
    int64_t on_hand = 0, available = 0;
    std::string status;   // model::StockStatus as text
};

struct TransferReport {
    int64_t id = 0;
    std::string connection, entity;
    int64_t started_at = 0;
    std::optional<int64_t> ended_at;
    int64_t considered = 0, created = 0, updated = 0, unchanged = 0, skipped = 0, failed = 0;
    int64_t read_failures = 0;   // reads from a source that failed (no record to count)
    bool stopped_at_limit = false;   // read up to max_records_per_pass; the next pass goes on
    std::string errors_json = "[]";
};

// What Skarv recorded of a shop order for reconciliation (docs/reconciliation.md).
struct OrderPaymentRecord {
    std::string order_id, payment_reference, erp_id;
    std::optional<int64_t> amount;      // minor units of `currency`: what the payment authorised
    std::string currency;
};
struct OrderInvoiceRecord {
    std::string order_id, invoice_no;
    std::optional<int64_t> amount;      // minor units: the invoice total (what was captured)
    std::string currency;
};

// A payout's outcome: "booked" (final), "refused" (its figures disagree, shown in
// `reason`) or "waiting" (rows wait for their order). `detail` is JSON: each
// transaction's match and, once booked, the voucher.
struct PayoutRecord {
    std::string connection, provider, settlement_id, state, payout_date, currency;
    int64_t payout = 0;                 // minor units
    std::optional<int64_t> difference;  // stated minus computed, when the provider states a sum
    int64_t matched = 0, unmatched = 0, waiting = 0;
    std::string reason, booked_in, detail = "{}";
    int64_t first_seen_at = 0, updated_at = 0;
    std::optional<int64_t> booked_at;
};

// Several workers on one database (host/src/store/lease_records.cpp, docs/operating.md).
struct WorkerRecord {
    std::string worker, host, version;
    int64_t pid = 0, started_at = 0, heartbeat_at = 0;
};
struct LeaseRecord {
    std::string connection, holder;   // holder "" when released
    int64_t expires_at = 0, acquired_at = 0;
};

// Operations (host/src/store/operations_records.cpp): what health, trends and usage read.
// One pass as health sees it: a pass failed when a record or a read failed.
struct PassSummary {
    int64_t started_at = 0;
    std::optional<int64_t> ended_at;
    int64_t considered = 0, failed = 0, read_failures = 0;
    std::string first_error;   // the report's first error message, "" when none
    bool failed_pass() const { return failed > 0 || read_failures > 0; }
};
struct EntityFigures {
    std::vector<PassSummary> recent;            // newest first
    std::optional<int64_t> last_success_at;     // when the newest pass without a failure ended
    int64_t queued = 0;
    std::optional<int64_t> oldest_queued_at;    // created_at of the oldest queued record
    int64_t dead_letters = 0;                   // open ones
};
// One hour of transfer reports (by the hour a pass started, UTC).
struct HourlyTrend {
    int64_t hour_start = 0;   // Unix ms
    int64_t passes = 0, orders = 0, records = 0, failures = 0;
};
struct MonthlyUsage {
    std::string connection, month;   // month: YYYY-MM, UTC
    int64_t orders = 0, active_skus = 0;
};
// Cumulative, as Prometheus wants: buckets[i] counts passes that took at most bounds[i].
struct DurationHistogram {
    std::string connection, entity;
    std::vector<int64_t> cumulative;   // one per pass_duration_bounds_ms(), then +Inf
    int64_t sum_ms = 0;
};
// The calendar month (UTC) of a Unix time in ms, as YYYY-MM.
std::string usage_month(int64_t unix_ms);
// YYYY-MM with a month from 01 to 12.
bool valid_usage_month(const std::string& month);

class StoreEngine;
class StoreStatement;

// A database operation that failed; what() starts with the database's name: the file's
// path, or the URL without its password.
class StoreError : public std::runtime_error {
public:
    StoreError(const std::string& message, int sqlite_code) : std::runtime_error(message), sqlite_code_(sqlite_code) {}
    int sqlite_code() const { return sqlite_code_; }   // extended result code, e.g. SQLITE_FULL; 0 on PostgreSQL

private:
    int sqlite_code_;
};

class Store : public PluginStateBackend {
public:
    // Several writes as one transaction, one commit: all of them or none. Holds the store
    // for its whole life (other threads' writes wait), so open it only around store work,
    // never around a remote call. Batches nest: only the outermost commits, and an inner
    // one that ends without commit (a write that threw) makes the outer commit fail too.
    class WriteBatch {
    public:
        // `what` names the work in errors: "<file>: <what>: <SQLite's reason>".
        explicit WriteBatch(Store& store, const char* what = "saving a batch of writes");
        WriteBatch(const WriteBatch&) = delete;
        WriteBatch& operator=(const WriteBatch&) = delete;
        ~WriteBatch();   // rolls back what was not committed
        void commit();

    private:
        Store& store_;
        std::unique_lock<std::recursive_mutex> lock_;
        const char* what_;
        bool outermost_ = false;
        bool done_ = false;
    };

    static int latest_version();
    static constexpr int kDefaultBusyTimeoutMs = 5000;

    // Opens (creating if needed) and migrates up to `target_version` (default: latest).
    // `location` is a file or a "postgresql://" URL (state_location.hpp). A database
    // newer than this build is refused rather than misread. A new file is created
    // readable by this user only (0600), and a missing directory 0700. A PostgreSQL
    // database must exist; one that cannot be reached is a StoreError naming its host.
    explicit Store(const std::filesystem::path& location, std::optional<int> target_version = std::nullopt);
    ~Store() override;

    int schema_version();
    std::string journal_mode();   // "wal" on SQLite; "postgresql" on PostgreSQL
    int synchronous();   // SQLite's PRAGMA synchronous: 2 is FULL (and PostgreSQL's flushed commit)
    // The file, or the URL without its password: what errors start with.
    const std::filesystem::path& path() const { return path_; }
    bool on_postgresql() const;
    // How long a write waits for another process's write lock before failing.
    void set_busy_timeout(int ms);

    std::optional<std::string> cursor(const std::string& connection, const std::string& entity);
    void set_cursor(const std::string& connection, const std::string& entity, const std::string& cursor, int64_t now);

    std::optional<IdMapping> mapping(const std::string& connection, const std::string& entity, const std::string& source_id);
    void put_mapping(const IdMapping& mapping, int64_t now);
    // The content hash last written of each of `source_ids` that has a mapping (a page's
    // worth in one statement).
    std::map<std::string, std::string> content_hashes(const std::string& connection, const std::string& entity,
                                                      const std::vector<std::string>& source_ids);

    // Adds work for a record; a record already queued gets the newer payload.
    int64_t enqueue(const std::string& connection, const std::string& entity, const std::string& record_key,
                    const std::string& payload, int64_t now);
    // The same for a record a pass read from its source, except that a queued payload
    // marked "pushed": true stays: what the shop pushed at release is its fullest copy of
    // the order (a read API may carry less, e.g. Norce's Query has no org number).
    void enqueue_read(const std::string& connection, const std::string& entity, const std::string& record_key,
                      const std::string& payload, int64_t now);
    std::vector<WorkItem> due_work(int64_t now, int limit);
    std::vector<WorkItem> due_work(const std::string& connection, const std::string& entity, int64_t now, int limit);
    int64_t queued(const std::string& connection, const std::string& entity);
    // Straight to the dead letters, for a record that failed permanently on first try.
    int64_t add_dead_letter(const std::string& connection, const std::string& entity, const std::string& record_key,
                            const std::string& payload, const std::string& error, int attempts, int64_t now);
    void reschedule(int64_t id, int attempts, int64_t next_attempt_at, const std::string& error);
    void complete(int64_t id);
    // Moves a queue item to the dead letters, in one transaction.
    int64_t bury(int64_t work_id, const std::string& error, int64_t now);

    std::vector<DeadLetter> dead_letters(bool include_replayed = false);
    std::optional<DeadLetter> dead_letter(int64_t id);
    // Puts a dead letter back on the queue (optionally with a corrected payload).
    int64_t replay_dead_letter(int64_t id, const std::optional<std::string>& new_payload, int64_t now);

    int64_t add_report(const TransferReport& report);
    std::vector<TransferReport> reports(int limit);

    struct Totals {
        std::string connection, entity;
        int64_t passes = 0, considered = 0, created = 0, updated = 0, unchanged = 0, skipped = 0, failed = 0;
        int64_t read_failures = 0;
        int64_t queued = 0, dead_letters = 0;
    };
    // Sums over every report, with queue depth and open dead letters: what /metrics shows.
    std::vector<Totals> totals();

    void put_stock_figure(const std::string& connection, const std::string& sku, const StockFigure& figure, int64_t now);
    std::vector<StockFigure> stock_figures(const std::string& connection, const std::string& sku);

    // Deletes what retention no longer keeps (reports, events, replayed dead letters, idle
    // per-order plugin state), keeping the pruned reports' sums for totals(), then gives
    // the free pages back to the file system. Open work and open dead letters are never
    // pruned.
    struct Pruned {
        int64_t reports = 0, events = 0, dead_letters = 0, order_state = 0;
        int64_t journey_events = 0;   // record_events, by the events retention
    };
    Pruned prune(const RetentionSettings& keep, int64_t now);
    // The database file and its WAL, in bytes (PostgreSQL: the database's size).
    int64_t file_bytes();

    // Reconciliation (host/src/store/reconciliation_records.cpp).
    void put_order_payment(const std::string& connection, const OrderPaymentRecord& r, int64_t now);
    void put_order_invoice(const std::string& connection, const OrderInvoiceRecord& r, int64_t now);
    std::optional<OrderPaymentRecord> order_payment(const std::string& connection, const std::string& order_id);
    // The order paid with `reference`; none when no order or more than one has it (a
    // reference shared by two orders cannot tell them apart, so it matches neither).
    std::optional<OrderPaymentRecord> order_by_payment_reference(const std::string& connection, const std::string& reference);
    std::optional<OrderInvoiceRecord> order_invoice(const std::string& connection, const std::string& order_id);
    // Saves a payout's outcome. A payout already booked is never overwritten: returns
    // false then and leaves the row as it is.
    bool put_payout(const PayoutRecord& r);
    std::optional<PayoutRecord> payout(const std::string& connection, const std::string& provider, const std::string& settlement_id);
    // The connection's payouts not booked yet that a pass tries again: waiting or failed.
    std::vector<PayoutRecord> unbooked_payouts(const std::string& connection);
    // Newest payout date first; `connection` "" for every connection.
    std::vector<PayoutRecord> payouts(const std::string& connection, int limit);

    // A record's journey (host/src/store/record_journey.cpp, docs/tracing.md). Call inside
    // the WriteBatch of the state change the event describes, so both or neither are kept.
    void add_record_event(const std::string& connection, const std::string& entity, const std::string& record_key,
                          const std::string& step, const std::string& detail, int64_t at);
    // Another value an order is found by (kind: order_number, erp_number, email,
    // payment_reference). E-mail is kept lower-case (ASCII), as a search compares it.
    void add_record_key(const std::string& connection, const JourneySubject& subject, const std::string& kind,
                        const std::string& value, int64_t now);
    // Oldest first, at most `limit` events (the newest ones when there are more).
    Journey journey(const JourneySubject& subject, int limit = 1000);
    // Orders, products and SKUs known by exactly `query` (e-mail: in any case), at most `limit`.
    std::vector<RecordMatch> search_records(const std::string& query, int limit = 50);

    // Workers and leases (host/src/store/lease_records.cpp). Times are the workers' clocks,
    // Unix ms: workers sharing a database keep their clocks in step (NTP).
    // Says `me` is alive (heartbeat_at = me.heartbeat_at).
    void heartbeat(const WorkerRecord& me);
    // Workers alive at `now`: heard from within the last `lease_ms` (as with a lease, one
    // silent for all of it is not).
    std::vector<WorkerRecord> live_workers(int64_t now, int64_t lease_ms);
    // Drops the rows of workers silent since before `before` (their leases stay until taken).
    void forget_workers(int64_t before);
    void forget_worker(const std::string& worker);   // a worker that stops cleanly
    // Makes a lease row, free, for each connection that has none.
    void offer_leases(const std::vector<std::string>& connections);
    // Extends every lease `worker` still holds to `expires_at`; the connections it holds.
    std::vector<std::string> renew_leases(const std::string& worker, int64_t expires_at);
    // Takes `connection`'s lease when it is free or expired at `now`; true when taken.
    bool take_lease(const std::string& connection, const std::string& worker, int64_t now, int64_t expires_at);
    // Gives the lease back at once (a clean stop, or a surplus for a newer worker).
    void release_lease(const std::string& connection, const std::string& worker);
    std::vector<LeaseRecord> leases();

    // Claims up to `limit` of a connection's queued records due at `due_by`, oldest first,
    // that no worker has claimed (or whose claim ended before `now`): claimed by `worker`
    // until `claimed_until`. On PostgreSQL the rows are taken FOR UPDATE SKIP LOCKED, so
    // two workers claiming at once never get the same record. complete(), reschedule() and
    // bury() end a claim; release_claims() ends the ones left.
    std::vector<WorkItem> claim_work(const std::string& connection, const std::string& entity, int64_t due_by,
                                     int64_t now, int limit, const std::string& worker, int64_t claimed_until);
    void release_claims(const std::string& connection, const std::string& entity, const std::string& worker);
    // Extends `worker`'s claims on `ids` that have not ended at `now` to `claimed_until`;
    // the ids it still holds (a record whose claim ended may be another worker's now).
    std::set<int64_t> renew_claims(const std::vector<int64_t>& ids, const std::string& worker, int64_t now,
                                   int64_t claimed_until);
    // (connection, entity) pairs with a record due at `now` and not claimed: what a worker
    // polls for the connections it holds, since the push may have reached another worker.
    std::vector<std::pair<std::string, std::string>> due_work_by_connection(int64_t now);

    // Operations (host/src/store/operations_records.cpp).
    EntityFigures entity_figures(const std::string& connection, const std::string& entity, int recent_passes);
    // Hours with at least one pass since `since_ms`, oldest first; `connection` "" for all.
    std::vector<HourlyTrend> hourly_trends(int64_t since_ms, const std::string& connection);
    // Usage metering: never throws (a failed count is counted in usage_count_failures()
    // and the transfer goes on). Called inside the transfer's own write batch, so the count
    // commits with the order's mapping or not at all. An order counts once whatever
    // happens to it later; returns true when this call counted it.
    bool count_order(const std::string& connection, const std::string& order_id, int64_t now);
    void count_skus(const std::string& connection, const std::vector<std::string>& skus, int64_t now);
    int64_t usage_count_failures() const { return usage_count_failures_.load(); }
    // Per connection and month; `month` "" for every month. Newest month first.
    std::vector<MonthlyUsage> usage(const std::string& month);
    // The upper bounds of the pass duration buckets, in ms (ascending; +Inf follows).
    static const std::vector<int64_t>& pass_duration_bounds_ms();
    std::vector<DurationHistogram> pass_durations();

    void log_event(int64_t at, const std::string& level, const std::string& source, const std::string& message);
    int64_t event_count();

    std::optional<std::string> get(const std::string& instance, const std::string& key) override;
    void set(const std::string& instance, const std::string& key, const std::optional<std::string>& value) override;
    void set_many(const std::string& instance, const std::vector<StateWrite>& writes) override;
    std::vector<std::pair<std::string, std::string>> scan(const std::string& instance, const std::string& prefix,
                                                          const std::string& after, std::size_t limit) override;

private:
    // A statement prepared once and reused: parsing SQL per write was a measurable share
    // of a pass. Reset when the lease ends. Only under the mutex.
    class CachedStatement {
    public:
        explicit CachedStatement(StoreStatement& q) : q_(q) {}
        CachedStatement(const CachedStatement&) = delete;
        CachedStatement& operator=(const CachedStatement&) = delete;
        ~CachedStatement();
        StoreStatement& operator*() { return q_; }
        StoreStatement* operator->() { return &q_; }

    private:
        StoreStatement& q_;
    };
    CachedStatement prepared(const std::string& sql);
    // A statement run once.
    std::unique_ptr<StoreStatement> statement(const std::string& sql);
    // Runs an INSERT ... RETURNING id in a transaction of its own (or the open batch's)
    // and returns the id.
    int64_t insert_returning_id(StoreStatement& q, const char* what);

    void migrate(int target_version);
    // Runs `body` under the mutex; an engine's error becomes a StoreError naming the database.
    template <class Body>
    auto guarded(const char* what, Body&& body) -> decltype(body());

    std::filesystem::path path_;
    std::recursive_mutex mutex_;   // recursive: a WriteBatch holds it around the methods it calls
    std::unique_ptr<StoreEngine> engine_;
    std::map<std::string, std::unique_ptr<StoreStatement>> statements_;   // after engine_: destroyed first
    std::atomic<int64_t> usage_count_failures_{0};
    int write_depth_ = 0;          // open WriteBatch scopes
    bool batch_failed_ = false;    // an inner scope ended without commit
};

}  // namespace skarv::host
