#include "skarv/host/store/store.hpp"

#include <chrono>

#include <boost/json.hpp>
#include <stdexcept>

#include "skarv/host/store/migrations.hpp"
#include "skarv/host/store/state_location.hpp"
#include "store_engine.hpp"
#include "store_guarded.hpp"

namespace skarv::host {
namespace {

std::unique_ptr<StoreEngine> open_engine(const std::string& location) {
    try {
        if (is_postgresql_url(location)) return open_postgres_engine(location, redacted_postgresql_url(location));
        return open_sqlite_engine(location, Store::kDefaultBusyTimeoutMs);
    } catch (const EngineError& e) {
        throw StoreError(e.what(), e.code());   // the engine's message names the database already
    }
}

}  // namespace


Store::CachedStatement::~CachedStatement() {
    // Reset at once: a stepped SELECT left open would pin the WAL (no checkpoint gets past
    // its snapshot) for as long as the statement sits in the cache.
    q_.reset();
}

Store::CachedStatement Store::prepared(const std::string& sql) {
    auto& slot = statements_[sql];
    if (!slot) slot = engine_->prepare(sql, true);
    return CachedStatement(*slot);
}

std::unique_ptr<StoreStatement> Store::statement(const std::string& sql) { return engine_->prepare(sql, false); }

int64_t Store::insert_returning_id(StoreStatement& q, const char* what) {
    // An explicit transaction and a checked COMMIT: in autocommit a RETURNING statement
    // commits only when it is stepped to its end or finalized, and a failed commit at
    // finalize (disk full) is silent. Reading the id was once taken as "stored" while
    // the row was lost (issue #13).
    WriteBatch tx(*this, what);
    if (!q.step()) throw std::logic_error("insert returned no id");
    auto id = q.int64(0);
    while (q.step()) {}
    tx.commit();
    return id;
}

bool Store::on_postgresql() const { return engine_->dialect() == StoreEngine::Dialect::postgresql; }

Store::WriteBatch::WriteBatch(Store& store, const char* what) : store_(store), lock_(store.mutex_), what_(what) {
    outermost_ = store_.write_depth_ == 0;
    if (outermost_) {
        try {
            store_.engine_->begin();
        } catch (const EngineError& e) {
            throw StoreError(store_.path_.string() + ": " + what_ + ": " + e.what(), e.code());
        }
        store_.batch_failed_ = false;
    }
    ++store_.write_depth_;
}

void Store::WriteBatch::commit() {
    if (done_) return;
    done_ = true;
    --store_.write_depth_;
    // Other threads may write again from here on, even while this object lives on.
    struct Release {
        std::unique_lock<std::recursive_mutex>& lock;
        ~Release() { lock.unlock(); }
    } release{lock_};
    if (!outermost_) return;
    if (store_.batch_failed_) {
        store_.engine_->rollback();
        throw StoreError(store_.path_.string() + ": " + what_ + ": a write inside the transaction failed; none of it was stored", 0);
    }
    try {
        store_.engine_->commit();
    } catch (const EngineError& e) {
        store_.engine_->rollback();
        throw StoreError(store_.path_.string() + ": " + what_ + ": " + e.what(), e.code());
    }
}

Store::WriteBatch::~WriteBatch() {
    if (done_) return;
    --store_.write_depth_;
    // An inner scope that ends without commit is a write that failed: the outer one must
    // not then commit the rest as if it had succeeded.
    if (!outermost_) store_.batch_failed_ = true;
    else store_.engine_->rollback();
}

int Store::latest_version() { return store_migrations().back().version; }

Store::Store(const std::filesystem::path& location, std::optional<int> target_version)
    : path_(is_postgresql_url(location.string()) ? redacted_postgresql_url(location.string()) : location.string()),
      engine_(open_engine(location.string())) {
    migrate(target_version.value_or(latest_version()));
}

Store::~Store() = default;

int Store::schema_version() {
    return guarded("reading the schema version", [&] { return engine_->schema_version(); });
}

std::string Store::journal_mode() {
    return guarded("reading the journal mode", [&] { return engine_->journal_mode(); });
}

int Store::synchronous() {
    return guarded("reading the synchronous mode", [&] { return engine_->synchronous(); });
}

void Store::set_busy_timeout(int ms) {
    guarded("setting the busy timeout", [&] { engine_->set_busy_timeout(ms); });
}

void Store::migrate(int target_version) {
    guarded("migrating", [&] {
        int current = engine_->schema_version();
        if (current > latest_version())
            throw std::runtime_error(path_.string() + " has schema version " + std::to_string(current) +
                                     ", newer than this build of skarv understands (" + std::to_string(latest_version()) + ")");
        for (const auto& m : store_migrations()) {
            if (m.version <= current || m.version > target_version) continue;
            // Each step is one transaction: a crash mid-migration leaves the previous version.
            WriteBatch tx(*this, "migrating");
            engine_->lock_for_migration();
            // Another process may have taken this step while this one waited for the lock.
            if (engine_->schema_version() < m.version) {
                engine_->exec(engine_->migration_sql(m));
                engine_->set_schema_version(m.version);
            }
            tx.commit();
        }
    });
}

std::optional<std::string> Store::cursor(const std::string& connection, const std::string& entity) {
    return guarded("reading a cursor", [&]() -> std::optional<std::string> {
        auto cached = prepared("SELECT cursor FROM cursors WHERE connection = ? AND entity = ?");
        auto& q = *cached;
        q.bind(1, connection);
        q.bind(2, entity);
        if (!q.step()) return std::nullopt;
        return q.text(0);
    });
}

void Store::set_cursor(const std::string& connection, const std::string& entity, const std::string& cursor, int64_t now) {
    return guarded("saving a cursor", [&]() -> void {
        auto cached = prepared("INSERT INTO cursors (connection, entity, cursor, updated_at) VALUES (?, ?, ?, ?) "
                                 "ON CONFLICT (connection, entity) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at");
        auto& q = *cached;
        q.bind(1, connection);
        q.bind(2, entity);
        q.bind(3, cursor);
        q.bind(4, now);
        q.exec();
    });
}

std::optional<IdMapping> Store::mapping(const std::string& connection, const std::string& entity, const std::string& source_id) {
    return guarded("reading an id mapping", [&]() -> std::optional<IdMapping> {
        auto cached = prepared("SELECT target_id, content_hash, channel FROM id_mappings WHERE connection = ? AND entity = ? AND source_id = ?");
        auto& q = *cached;
        q.bind(1, connection);
        q.bind(2, entity);
        q.bind(3, source_id);
        if (!q.step()) return std::nullopt;
        IdMapping m{connection, entity, source_id, q.text(0), q.text(1), std::nullopt};
        if (!q.is_null(2)) m.channel = q.integer(2);
        return m;
    });
}

std::map<std::string, std::string> Store::content_hashes(const std::string& connection, const std::string& entity,
                                                        const std::vector<std::string>& source_ids) {
    return guarded("reading id mappings", [&]() -> std::map<std::string, std::string> {
        // One statement a page, not one a record: each statement in autocommit is a read
        // transaction of its own, with its file locks.
        boost::json::array ids;
        for (const auto& id : source_ids) ids.emplace_back(id);
        auto cached = prepared(on_postgresql()
                                   ? "SELECT source_id, content_hash FROM id_mappings WHERE connection = ? AND entity = ? "
                                     "AND source_id IN (SELECT json_array_elements_text(CAST(? AS json)))"
                                   : "SELECT source_id, content_hash FROM id_mappings WHERE connection = ? AND entity = ? "
                                     "AND source_id IN (SELECT value FROM json_each(?))");
        auto& q = *cached;
        q.bind(1, connection);
        q.bind(2, entity);
        q.bind(3, boost::json::serialize(ids));
        std::map<std::string, std::string> out;
        while (q.step()) out.emplace(q.text(0), q.text(1));
        return out;
    });
}

void Store::put_mapping(const IdMapping& m, int64_t now) {
    return guarded("saving an id mapping", [&]() -> void {
        auto cached = prepared("INSERT INTO id_mappings (connection, entity, source_id, target_id, content_hash, updated_at, channel) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (connection, entity, source_id) DO UPDATE SET "
                                 "target_id = excluded.target_id, content_hash = excluded.content_hash, "
                                 "updated_at = excluded.updated_at, channel = COALESCE(excluded.channel, id_mappings.channel)");
        auto& q = *cached;
        q.bind(1, m.connection);
        q.bind(2, m.entity);
        q.bind(3, m.source_id);
        q.bind(4, m.target_id);
        q.bind(5, m.content_hash);
        q.bind(6, now);
        if (m.channel) q.bind(7, *m.channel); else q.bind_null(7);
        q.exec();
    });
}

namespace {
// Adds a record's work, or on conflict gives the queued row the new payload; `on_conflict`
// ends the statement (a WHERE on the update, a RETURNING).
std::string upsert_work_sql(const std::string& on_conflict) {
    return "INSERT INTO work_queue (connection, entity, record_key, payload, next_attempt_at, created_at) "
           "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (connection, entity, record_key) DO UPDATE SET "
           "payload = excluded.payload " + on_conflict;
}
void bind_upsert_work(StoreStatement& q, const std::string& connection, const std::string& entity,
                      const std::string& record_key, const std::string& payload, int64_t now) {
    q.bind(1, connection);
    q.bind(2, entity);
    q.bind(3, record_key);
    q.bind(4, payload);
    q.bind(5, now);
    q.bind(6, now);
}
}  // namespace

int64_t Store::enqueue(const std::string& connection, const std::string& entity, const std::string& record_key,
                       const std::string& payload, int64_t now) {
    return guarded("queueing work", [&]() -> int64_t {
        auto cached = prepared(upsert_work_sql("RETURNING id"));
        bind_upsert_work(*cached, connection, entity, record_key, payload, now);
        return insert_returning_id(*cached, "queueing work");
    });
}

void Store::enqueue_read(const std::string& connection, const std::string& entity, const std::string& record_key,
                         const std::string& payload, int64_t now) {
    return guarded("queueing work", [&]() -> void {
        // One statement, so a push that lands between a pass's read and its enqueue is kept too.
        auto cached = prepared(upsert_work_sql(
            on_postgresql()
                ? "WHERE NOT skarv_pushed(work_queue.payload)"   // migration 1's PostgreSQL function
                : "WHERE (CASE WHEN json_valid(work_queue.payload) THEN json_extract(work_queue.payload, '$.pushed') END) IS NOT 1"));
        bind_upsert_work(*cached, connection, entity, record_key, payload, now);
        cached->exec();
    });
}

namespace {
// Rows of "SELECT id, connection, entity, record_key, payload, attempts, next_attempt_at, last_error".
std::vector<WorkItem> read_work_items(StoreStatement& q) {
    std::vector<WorkItem> out;
    while (q.step())
        out.push_back({q.int64(0), q.text(1), q.text(2),
                       q.text(3), q.text(4), q.integer(5),
                       q.int64(6), q.text(7)});
    return out;
}
}  // namespace

std::vector<WorkItem> Store::due_work(int64_t now, int limit) {
    return guarded("reading the work queue", [&]() -> std::vector<WorkItem> {
        auto cached = prepared("SELECT id, connection, entity, record_key, payload, attempts, next_attempt_at, "
                                 "COALESCE(last_error, '') FROM work_queue WHERE next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?");
        auto& q = *cached;
        q.bind(1, now);
        q.bind(2, limit);
        return read_work_items(q);
    });
}

std::vector<WorkItem> Store::due_work(const std::string& connection, const std::string& entity, int64_t now, int limit) {
    return guarded("reading the work queue", [&]() -> std::vector<WorkItem> {
        auto cached = prepared("SELECT id, connection, entity, record_key, payload, attempts, next_attempt_at, "
                                 "COALESCE(last_error, '') FROM work_queue WHERE connection = ? AND entity = ? "
                                 "AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?");
        auto& q = *cached;
        q.bind(1, connection);
        q.bind(2, entity);
        q.bind(3, now);
        q.bind(4, limit);
        return read_work_items(q);
    });
}

int64_t Store::queued(const std::string& connection, const std::string& entity) {
    return guarded("counting the work queue", [&]() -> int64_t {
        auto cached = prepared("SELECT COUNT(*) FROM work_queue WHERE connection = ? AND entity = ?");
        auto& q = *cached;
        q.bind(1, connection);
        q.bind(2, entity);
        q.step();
        return q.int64(0);
    });
}

int64_t Store::add_dead_letter(const std::string& connection, const std::string& entity, const std::string& record_key,
                               const std::string& payload, const std::string& error, int attempts, int64_t now) {
    return guarded("adding a dead letter", [&]() -> int64_t {
        auto cached = prepared("INSERT INTO dead_letters (connection, entity, record_key, payload, error, attempts, created_at) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
        auto& q = *cached;
        q.bind(1, connection);
        q.bind(2, entity);
        q.bind(3, record_key);
        q.bind(4, payload);
        q.bind(5, error);
        q.bind(6, attempts);
        q.bind(7, now);
        WriteBatch tx(*this, "adding a dead letter");
        auto id = insert_returning_id(q, "adding a dead letter");
        add_record_event(connection, entity, record_key, journey_step::dead_letter,
                         "dead letter #" + std::to_string(id) + " after " + std::to_string(attempts) + " attempt(s): " + error, now);
        tx.commit();
        return id;
    });
}

void Store::reschedule(int64_t id, int attempts, int64_t next_attempt_at, const std::string& error) {
    return guarded("rescheduling work", [&]() -> void {
        auto cached = prepared("UPDATE work_queue SET attempts = ?, next_attempt_at = ?, last_error = ?, claimed_by = '', "
                               "claimed_until = 0 WHERE id = ?");
        auto& q = *cached;
        q.bind(1, attempts);
        q.bind(2, next_attempt_at);
        q.bind(3, error);
        q.bind(4, id);
        q.exec();
    });
}

void Store::complete(int64_t id) {
    return guarded("completing work", [&]() -> void {
        auto cached = prepared("DELETE FROM work_queue WHERE id = ?");
        auto& q = *cached;
        q.bind(1, id);
        q.exec();
    });
}

int64_t Store::bury(int64_t work_id, const std::string& error, int64_t now) {
    return guarded("moving work to the dead letters", [&]() -> int64_t {
        WriteBatch tx(*this, "moving work to the dead letters");
        // CASTs: PostgreSQL cannot tell a parameter's type from a SELECT list.
        auto move = statement("INSERT INTO dead_letters (connection, entity, record_key, payload, error, attempts, created_at) "
                              "SELECT connection, entity, record_key, payload, CAST(? AS TEXT), attempts, CAST(? AS BIGINT) "
                              "FROM work_queue WHERE id = ? RETURNING id, connection, entity, record_key, attempts");
        move->bind(1, error);
        move->bind(2, now);
        move->bind(3, work_id);
        if (!move->step()) throw std::runtime_error("work item " + std::to_string(work_id) + " not found");
        const int64_t id = move->int64(0);
        const auto connection = move->text(1), entity = move->text(2), record_key = move->text(3);
        const auto attempts = move->int64(4);
        while (move->step()) {}
        add_record_event(connection, entity, record_key, journey_step::dead_letter,
                         "dead letter #" + std::to_string(id) + " after " + std::to_string(attempts) + " attempt(s): " + error, now);
        auto del = statement("DELETE FROM work_queue WHERE id = ?");
        del->bind(1, work_id);
        del->exec();
        tx.commit();
        return id;
    });
}

namespace {
DeadLetter read_dead_letter(StoreStatement& q) {
    DeadLetter d{q.int64(0), q.text(1), q.text(2),
                 q.text(3), q.text(4), q.text(5),
                 q.integer(6), q.int64(7), std::nullopt};
    if (!q.is_null(8)) d.replayed_at = q.int64(8);
    return d;
}
constexpr const char* kDeadLetterColumns =
    "SELECT id, connection, entity, record_key, payload, error, attempts, created_at, replayed_at FROM dead_letters";
}  // namespace

std::vector<DeadLetter> Store::dead_letters(bool include_replayed) {
    return guarded("reading dead letters", [&]() -> std::vector<DeadLetter> {
        auto q = statement(std::string(kDeadLetterColumns) + (include_replayed ? "" : " WHERE replayed_at IS NULL") + " ORDER BY id");
        std::vector<DeadLetter> out;
        while (q->step()) out.push_back(read_dead_letter(*q));
        return out;
    });
}

std::optional<DeadLetter> Store::dead_letter(int64_t id) {
    return guarded("reading a dead letter", [&]() -> std::optional<DeadLetter> {
        auto q = statement(std::string(kDeadLetterColumns) + " WHERE id = ?");
        q->bind(1, id);
        if (!q->step()) return std::nullopt;
        return read_dead_letter(*q);
    });
}

int64_t Store::replay_dead_letter(int64_t id, const std::optional<std::string>& new_payload, int64_t now) {
    auto letter = dead_letter(id);
    if (!letter) throw std::runtime_error("dead letter " + std::to_string(id) + " not found");
    if (letter->replayed_at) throw std::runtime_error("dead letter " + std::to_string(id) + " was already replayed");
    return guarded("replaying a dead letter", [&]() -> int64_t {
        WriteBatch tx(*this, "replaying a dead letter");
        auto cached = prepared("INSERT INTO work_queue (connection, entity, record_key, payload, next_attempt_at, created_at) "
                                 "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (connection, entity, record_key) DO UPDATE SET "
                                 "payload = excluded.payload, attempts = 0, next_attempt_at = excluded.next_attempt_at RETURNING id");
        auto& q = *cached;
        q.bind(1, letter->connection);
        q.bind(2, letter->entity);
        q.bind(3, letter->record_key);
        q.bind(4, new_payload.value_or(letter->payload));
        q.bind(5, now);
        q.bind(6, now);
        if (!q.step()) throw std::logic_error("upsert returned no id");
        auto work_id = q.int64(0);
        while (q.step()) {}
        auto mark = statement("UPDATE dead_letters SET replayed_at = ? WHERE id = ?");
        mark->bind(1, now);
        mark->bind(2, id);
        mark->exec();
        add_record_event(letter->connection, letter->entity, letter->record_key, journey_step::replayed,
                         "dead letter #" + std::to_string(id) + " queued again" +
                             (new_payload && *new_payload != letter->payload ? " with a corrected payload" : ""), now);
        tx.commit();
        return work_id;
    });
}

int64_t Store::add_report(const TransferReport& r) {
    return guarded("saving a transfer report", [&]() -> int64_t {
        // The report and its duration's bucket commit together: the histogram never
        // counts a pass the reports lack, nor the other way round.
        WriteBatch batch(*this, "saving a transfer report");
        if (r.ended_at) {
            const auto duration = std::max<int64_t>(0, *r.ended_at - r.started_at);
            int64_t le = -1;
            for (auto bound : pass_duration_bounds_ms())
                if (duration <= bound) { le = bound; break; }
            auto bucket = prepared("INSERT INTO pass_durations (connection, entity, le_ms, passes, sum_ms) VALUES (?, ?, ?, 1, ?) "
                                   "ON CONFLICT (connection, entity, le_ms) DO UPDATE SET passes = pass_durations.passes + 1, sum_ms = pass_durations.sum_ms + excluded.sum_ms");
            bucket->bind(1, r.connection);
            bucket->bind(2, r.entity);
            bucket->bind(3, le);
            bucket->bind(4, duration);
            bucket->exec();
        }
        auto cached = prepared("INSERT INTO transfer_reports (connection, entity, started_at, ended_at, considered, created, "
                                 "updated, unchanged, skipped, failed, errors, read_failures, stopped_at_limit) "
                               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
        auto& q = *cached;
        q.bind(1, r.connection);
        q.bind(2, r.entity);
        q.bind(3, r.started_at);
        if (r.ended_at) q.bind(4, *r.ended_at); else q.bind_null(4);
        q.bind(5, r.considered);
        q.bind(6, r.created);
        q.bind(7, r.updated);
        q.bind(8, r.unchanged);
        q.bind(9, r.skipped);
        q.bind(10, r.failed);
        q.bind(11, r.errors_json);
        q.bind(12, r.read_failures);
        q.bind(13, r.stopped_at_limit ? 1 : 0);
        auto id = insert_returning_id(q, "saving a transfer report");
        batch.commit();
        return id;
    });
}

std::vector<TransferReport> Store::reports(int limit) {
    return guarded("reading transfer reports", [&]() -> std::vector<TransferReport> {
        auto cached = prepared("SELECT id, connection, entity, started_at, ended_at, considered, created, updated, unchanged, "
                                 "skipped, failed, errors, read_failures, stopped_at_limit FROM transfer_reports ORDER BY id DESC LIMIT ?");
        auto& q = *cached;
        q.bind(1, limit);
        std::vector<TransferReport> out;
        while (q.step()) {
            TransferReport r;
            r.id = q.int64(0);
            r.connection = q.text(1);
            r.entity = q.text(2);
            r.started_at = q.int64(3);
            if (!q.is_null(4)) r.ended_at = q.int64(4);
            r.considered = q.int64(5);
            r.created = q.int64(6);
            r.updated = q.int64(7);
            r.unchanged = q.int64(8);
            r.skipped = q.int64(9);
            r.failed = q.int64(10);
            r.errors_json = q.text(11);
            r.read_failures = q.int64(12);
            r.stopped_at_limit = q.integer(13) != 0;
            out.push_back(std::move(r));
        }
        return out;
    });
}

std::vector<Store::Totals> Store::totals() {
    return guarded("summing transfer reports", [&]() -> std::vector<Store::Totals> {
        std::vector<Totals> out;
        auto query = statement(R"SQL(
            WITH r AS (
                SELECT connection, entity, COUNT(*) AS passes, SUM(considered) AS considered, SUM(created) AS created,
                       SUM(updated) AS updated, SUM(unchanged) AS unchanged, SUM(skipped) AS skipped,
                       SUM(failed) AS failed, SUM(read_failures) AS read_failures
                FROM transfer_reports GROUP BY connection, entity
                UNION ALL
                SELECT connection, entity, passes, considered, created, updated, unchanged, skipped, failed, read_failures
                FROM pruned_report_totals),
            s AS (
                SELECT connection, entity, SUM(passes) AS passes, SUM(considered) AS considered, SUM(created) AS created,
                       SUM(updated) AS updated, SUM(unchanged) AS unchanged, SUM(skipped) AS skipped,
                       SUM(failed) AS failed, SUM(read_failures) AS read_failures
                FROM r GROUP BY connection, entity),
            k AS (SELECT connection, entity FROM s UNION SELECT connection, entity FROM work_queue
                  UNION SELECT connection, entity FROM dead_letters)
            SELECT k.connection, k.entity, COALESCE(s.passes, 0), COALESCE(s.considered, 0), COALESCE(s.created, 0),
                   COALESCE(s.updated, 0), COALESCE(s.unchanged, 0), COALESCE(s.skipped, 0), COALESCE(s.failed, 0),
                   COALESCE(s.read_failures, 0),
                   (SELECT COUNT(*) FROM work_queue w WHERE w.connection = k.connection AND w.entity = k.entity),
                   (SELECT COUNT(*) FROM dead_letters d WHERE d.connection = k.connection AND d.entity = k.entity AND d.replayed_at IS NULL)
            FROM k LEFT JOIN s ON s.connection = k.connection AND s.entity = k.entity ORDER BY 1, 2)SQL");
        auto& q = *query;
        while (q.step()) {
            Totals t;
            t.connection = q.text(0);
            t.entity = q.text(1);
            t.passes = q.int64(2);
            t.considered = q.int64(3);
            t.created = q.int64(4);
            t.updated = q.int64(5);
            t.unchanged = q.int64(6);
            t.skipped = q.int64(7);
            t.failed = q.int64(8);
            t.read_failures = q.int64(9);
            t.queued = q.int64(10);
            t.dead_letters = q.int64(11);
            out.push_back(std::move(t));
        }
        return out;
    });
}

void Store::put_stock_figure(const std::string& connection, const std::string& sku, const StockFigure& f, int64_t now) {
    return guarded("saving a stock figure", [&]() -> void {
        auto cached = prepared("INSERT INTO stock_figures (connection, sku, warehouse, on_hand, available, status, updated_at) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (connection, sku, warehouse) DO UPDATE SET "
                                 "on_hand = excluded.on_hand, available = excluded.available, status = excluded.status, "
                                 "updated_at = excluded.updated_at");
        auto& q = *cached;
        q.bind(1, connection);
        q.bind(2, sku);
        q.bind(3, f.warehouse);
        q.bind(4, f.on_hand);
        q.bind(5, f.available);
        q.bind(6, f.status);
        q.bind(7, now);
        q.exec();
    });
}

std::vector<StockFigure> Store::stock_figures(const std::string& connection, const std::string& sku) {
    return guarded("reading stock figures", [&]() -> std::vector<StockFigure> {
        auto cached = prepared("SELECT warehouse, on_hand, available, status FROM stock_figures WHERE connection = ? AND sku = ? "
                                 "ORDER BY warehouse");
        auto& q = *cached;
        q.bind(1, connection);
        q.bind(2, sku);
        std::vector<StockFigure> out;
        while (q.step())
            out.push_back({q.text(0), q.int64(1), q.int64(2), q.text(3)});
        return out;
    });
}

void Store::log_event(int64_t at, const std::string& level, const std::string& source, const std::string& message) {
    return guarded("logging an event", [&]() -> void {
        auto cached = prepared("INSERT INTO event_log (at, level, source, message) VALUES (?, ?, ?, ?)");
        auto& q = *cached;
        q.bind(1, at);
        q.bind(2, level);
        q.bind(3, source);
        q.bind(4, message);
        q.exec();
    });
}

int64_t Store::event_count() {
    return guarded("counting events", [&]() -> int64_t {
        auto q = statement("SELECT COUNT(*) FROM event_log");
        q->step();
        return q->int64(0);
    });
}

std::optional<std::string> Store::get(const std::string& instance, const std::string& key) {
    return guarded("reading plugin state", [&]() -> std::optional<std::string> {
        auto cached = prepared("SELECT value FROM plugin_state WHERE instance = ? AND key = ?");
        auto& q = *cached;
        // No copy: the strings outlive the step, and every use binds every parameter anew.
        q.bind(1, instance);
        q.bind(2, key);
        if (!q.step()) return std::nullopt;
        return q.text(0);
    });
}

void Store::set(const std::string& instance, const std::string& key, const std::optional<std::string>& value) {
    return guarded("saving plugin state", [&]() -> void {
        if (!value) {
            auto cached = prepared("DELETE FROM plugin_state WHERE instance = ? AND key = ?");
            auto& q = *cached;
            q.bind(1, instance);
            q.bind(2, key);
            q.exec();
            return;
        }
        auto cached = prepared("INSERT INTO plugin_state (instance, key, value, updated_at) VALUES (?, ?, ?, ?) "
                                 "ON CONFLICT (instance, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at");
        auto& q = *cached;
        q.bind(1, instance);
        q.bind(2, key);
        q.bind(3, *value);
        // Whole seconds in milliseconds, as strftime('%s','now') * 1000 gave before.
        const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
        q.bind(4, static_cast<int64_t>(seconds.count()) * 1000);
        q.exec();
    });
}

void Store::set_many(const std::string& instance, const std::vector<StateWrite>& writes) {
    guarded("saving plugin state", [&]() -> void {
        WriteBatch batch(*this, "saving plugin state");
        for (const auto& [key, value] : writes) set(instance, key, value);
        batch.commit();
    });
}

namespace {
// The least string above every string that starts with `prefix` (bytewise, as SQLite's
// BINARY collation compares), or nothing when there is none (a prefix of 0xFF bytes).
std::optional<std::string> prefix_end(std::string prefix) {
    while (!prefix.empty() && static_cast<unsigned char>(prefix.back()) == 0xFF) prefix.pop_back();
    if (prefix.empty()) return std::nullopt;
    prefix.back() = static_cast<char>(static_cast<unsigned char>(prefix.back()) + 1);
    return prefix;
}
}  // namespace

std::vector<std::pair<std::string, std::string>> Store::scan(const std::string& instance, const std::string& prefix,
                                                              const std::string& after, std::size_t limit) {
    return guarded("listing plugin state", [&]() -> std::vector<std::pair<std::string, std::string>> {
        // A range on the primary key (instance, key): the cost is the rows returned, not
        // the rows the instance holds.
        auto end = prefix_end(prefix);
        // PostgreSQL takes only valid UTF-8 text, which a bumped byte of a multibyte
        // character is not: such a range ends with starts_with instead (it reads on past
        // the prefix's last key, to the instance's end, at worst).
        const bool by_starts_with = end && on_postgresql() && static_cast<unsigned char>(end->back()) >= 0x80;
        auto cached = prepared(by_starts_with ? "SELECT key, value FROM plugin_state WHERE instance = ? AND key >= ? AND key > ? "
                                                "AND starts_with(key, ?) ORDER BY key LIMIT ?"
                               : end ? "SELECT key, value FROM plugin_state WHERE instance = ? AND key >= ? AND key > ? "
                                       "AND key < ? ORDER BY key LIMIT ?"
                                     : "SELECT key, value FROM plugin_state WHERE instance = ? AND key >= ? AND key > ? "
                                       "ORDER BY key LIMIT ?");
        auto& q = *cached;
        q.bind(1, instance);
        q.bind(2, prefix);
        q.bind(3, after);
        int next = 4;
        if (by_starts_with) q.bind(next++, prefix);
        else if (end) q.bind(next++, *end);
        q.bind(next, static_cast<int64_t>(std::min<std::size_t>(limit, INT64_MAX)));
        std::vector<std::pair<std::string, std::string>> out;
        while (q.step()) out.emplace_back(q.text(0), q.text(1));
        return out;
    });
}

Store::Pruned Store::prune(const RetentionSettings& keep, int64_t now) {
    constexpr int64_t kDayMs = 24LL * 60 * 60 * 1000;
    auto before = [&](int days) { return now - static_cast<int64_t>(days) * kDayMs; };
    Pruned out;
    guarded("pruning by retention", [&] {
        WriteBatch batch(*this, "pruning by retention");
        // A pruned report's counts go on in /metrics: its sums move to pruned_report_totals.
        auto roll = statement(R"SQL(
            INSERT INTO pruned_report_totals AS t (connection, entity, passes, considered, created, updated, unchanged,
                                              skipped, failed, read_failures)
            SELECT connection, entity, COUNT(*), SUM(considered), SUM(created), SUM(updated), SUM(unchanged),
                   SUM(skipped), SUM(failed), SUM(read_failures)
            FROM transfer_reports WHERE started_at < ? GROUP BY connection, entity
            ON CONFLICT (connection, entity) DO UPDATE SET passes = t.passes + excluded.passes,
                considered = t.considered + excluded.considered, created = t.created + excluded.created,
                updated = t.updated + excluded.updated, unchanged = t.unchanged + excluded.unchanged,
                skipped = t.skipped + excluded.skipped, failed = t.failed + excluded.failed,
                read_failures = t.read_failures + excluded.read_failures)SQL");
        roll->bind(1, before(keep.reports_days));
        roll->exec();
        auto remove = [&](const char* sql, int64_t cutoff) {
            auto q = statement(sql);
            q->bind(1, cutoff);
            return q->exec();
        };
        out.reports = remove("DELETE FROM transfer_reports WHERE started_at < ?", before(keep.reports_days));
        out.events = remove("DELETE FROM event_log WHERE at < ?", before(keep.events_days));
        // A journey that loses events leaves a tombstone first, so its trace says "pruned"
        // rather than "unknown". The keys a search finds it by go with its last event.
        {
            // CAST: PostgreSQL cannot tell a parameter's type from a SELECT list.
            auto tomb = statement("INSERT INTO pruned_journeys (subject, subject_id, pruned_before) "
                                  "SELECT DISTINCT subject, subject_id, CAST(? AS BIGINT) FROM record_events WHERE at < ? "
                                  "ON CONFLICT (subject, subject_id) DO UPDATE SET pruned_before = excluded.pruned_before");
            tomb->bind(1, before(keep.events_days));
            tomb->bind(2, before(keep.events_days));
            tomb->exec();
        }
        out.journey_events = remove("DELETE FROM record_events WHERE at < ?", before(keep.events_days));
        remove("DELETE FROM record_keys WHERE updated_at < ? AND NOT EXISTS (SELECT 1 FROM record_events e "
               "WHERE e.subject = record_keys.subject AND e.subject_id = record_keys.subject_id)",
               before(keep.events_days));
        out.dead_letters = remove("DELETE FROM dead_letters WHERE replayed_at IS NOT NULL AND replayed_at < ?",
                                  before(keep.dead_letters_days));
        // "order/" up to "order0" ('0' follows '/'): the per-order keys abi.h names.
        out.order_state = remove("DELETE FROM plugin_state WHERE key >= 'order/' AND key < 'order0' AND updated_at < ?",
                                 before(keep.order_state_days));
        batch.commit();
        engine_->reclaim_space();
    });
    return out;
}

int64_t Store::file_bytes() {
    return guarded("measuring the database", [&] { return engine_->size_bytes(); });
}

}  // namespace skarv::host
