// The shared engine: a PostgreSQL database through libpq (docs/decisions.md says why
// libpq). One connection, used under Store's mutex. A connection that drops fails the
// call that was using it (its transaction is gone, so nothing of it was stored) and is
// opened again by the next call.

#include <libpq-fe.h>

#include <charconv>
#include <optional>
#include <regex>
#include <vector>

#include "skarv/host/store/migrations.hpp"
#include "postgres_connection.hpp"
#include "store_engine.hpp"

namespace skarv::host {
namespace {

// Store's SQL numbers no parameters ('?'); PostgreSQL wants $1, $2, ... Quoted text,
// quoted names and comments are copied as they are.
std::string numbered_parameters(const std::string& sql) {
    std::string out;
    out.reserve(sql.size() + 16);
    int next = 1;
    for (std::size_t i = 0; i < sql.size(); ++i) {
        char c = sql[i];
        if (c == '\'' || c == '"') {
            auto end = sql.find(c, i + 1);
            if (end == std::string::npos) end = sql.size() - 1;
            out.append(sql, i, end - i + 1);
            i = end;
        } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
            auto end = sql.find('\n', i);
            if (end == std::string::npos) end = sql.size() - 1;
            out.append(sql, i, end - i + 1);
            i = end;
        } else if (c == '?') {
            out += "$" + std::to_string(next++);
        } else {
            out += c;
        }
    }
    return out;
}

class PostgresEngine;

class PostgresStatement final : public StoreStatement {
public:
    PostgresStatement(PostgresEngine& engine, std::string sql, std::string name)
        : engine_(engine), sql_(numbered_parameters(sql)), name_(std::move(name)) {}
    ~PostgresStatement() override { reset(); }

    void bind(int index, const std::string& value) override {
        // Text parameters end at a NUL byte: PostgreSQL text cannot hold one, and a value
        // cut short would be stored as if whole.
        if (value.find('\0') != std::string::npos)
            throw EngineError("a text value holds a NUL byte, which PostgreSQL cannot store", 0);
        slot(index) = value;
    }
    void bind(int index, int64_t value) override { slot(index) = std::to_string(value); }
    void bind_null(int index) override { slot(index).reset(); }

    bool step() override {
        if (!result_) run();
        return ++row_ < PQntuples(result_);
    }
    int64_t exec() override {
        reset();
        run();
        int64_t changed = 0;
        const char* tuples = PQcmdTuples(result_);
        std::from_chars(tuples, tuples + std::char_traits<char>::length(tuples), changed);
        reset();
        return changed;
    }
    void reset() noexcept override {
        if (result_) PQclear(result_);
        result_ = nullptr;
        row_ = -1;
    }
    bool is_null(int column) override { return PQgetisnull(result_, row_, column) != 0; }
    std::string text(int column) override {
        return std::string(PQgetvalue(result_, row_, column), static_cast<std::size_t>(PQgetlength(result_, row_, column)));
    }
    int64_t int64(int column) override {
        const char* v = PQgetvalue(result_, row_, column);
        const char* end = v + PQgetlength(result_, row_, column);
        int64_t out = 0;
        auto parsed = std::from_chars(v, end, out);
        // SUM() gives numeric; an integral sum reads as its digits, anything else is a bug.
        if (parsed.ec != std::errc() || (parsed.ptr != end && *parsed.ptr != '.'))
            throw EngineError("column " + std::to_string(column) + " is not an integer: " + std::string(v, end), 0);
        return out;
    }

private:
    std::optional<std::string>& slot(int index) {
        if (index < 1) throw EngineError("parameter index " + std::to_string(index) + " out of range", 0);
        if (params_.size() < static_cast<std::size_t>(index)) params_.resize(static_cast<std::size_t>(index));
        return params_[static_cast<std::size_t>(index) - 1];
    }
    void run();

    PostgresEngine& engine_;
    std::string sql_;
    std::string name_;            // empty: not prepared on the server, sent whole each time
    uint64_t prepared_on_ = 0;    // the connection (generation) it was prepared on; 0: none
    std::vector<std::optional<std::string>> params_;
    PGresult* result_ = nullptr;
    int row_ = -1;
};

class PostgresEngine final : public StoreEngine {
public:
    PostgresEngine(const std::string& url, std::string display_name) : url_(url), name_(std::move(display_name)) {
        connect();
    }
    ~PostgresEngine() override {
        if (conn_) PQfinish(conn_);
    }

    Dialect dialect() const override { return Dialect::postgresql; }
    std::unique_ptr<StoreStatement> prepare(const std::string& sql, bool reused) override {
        return std::make_unique<PostgresStatement>(*this, sql, reused ? "skarv_" + std::to_string(++statements_) : "");
    }
    void exec(const std::string& sql) override { PQclear(check(PQexec(usable(), sql.c_str()))); }

    void begin() override {
        exec("BEGIN");
        in_transaction_ = true;
    }
    void commit() override {
        // A new connection would take COMMIT as a no-op: the transaction died with the old one.
        if (PQstatus(conn_) != CONNECTION_OK) {
            in_transaction_ = false;
            throw EngineError("the connection to PostgreSQL was lost inside the transaction; none of it was stored", 0);
        }
        // COMMIT of a transaction a statement failed in "succeeds" as a ROLLBACK: say so.
        if (PQtransactionStatus(conn_) == PQTRANS_INERROR) {
            rollback();
            throw EngineError("a statement inside the transaction failed; none of it was stored", 0);
        }
        in_transaction_ = false;
        exec("COMMIT");
    }
    void rollback() noexcept override {
        in_transaction_ = false;
        if (conn_ && PQstatus(conn_) == CONNECTION_OK) PQclear(PQexec(conn_, "ROLLBACK"));
    }

    // The version lives in a one-row table (SQLite keeps it in the file's header).
    int schema_version() override {
        auto exists = prepare("SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema() "
                              "AND tablename = 'skarv_schema'", false);
        if (!exists->step() || exists->int64(0) == 0) return 0;
        auto version = prepare("SELECT version FROM skarv_schema", false);
        return version->step() ? version->integer(0) : 0;
    }
    void lock_for_migration() override {
        // Held to the end of the transaction: a second worker migrating the same database
        // waits here and then finds the step done.
        exec("SELECT pg_advisory_xact_lock(7738626172760001)");
    }
    void set_schema_version(int version) override {
        exec("CREATE TABLE IF NOT EXISTS skarv_schema (version BIGINT NOT NULL); DELETE FROM skarv_schema; "
             "INSERT INTO skarv_schema VALUES (" + std::to_string(version) + ")");
    }
    std::string migration_sql(const Migration& m) const override {
        // SQLite's types to PostgreSQL's: INTEGER is 64 bits in SQLite (times here are
        // milliseconds), TEXT compares bytewise there (key ranges and ORDER BY rely on
        // it), and WITHOUT ROWID is SQLite's storage choice only.
        static const std::regex rowid_key(R"(\bINTEGER PRIMARY KEY\b)"), integer(R"(\bINTEGER\b)"),
            text(R"(\bTEXT\b)"), without_rowid(R"(\)\s*WITHOUT ROWID)");
        std::string sql = std::regex_replace(m.sql, rowid_key, "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
        sql = std::regex_replace(sql, integer, "BIGINT");
        sql = std::regex_replace(sql, text, "TEXT COLLATE \"C\"");
        sql = std::regex_replace(sql, without_rowid, ")");
        return sql + m.postgresql_extra;
    }

    void reclaim_space() override {}   // autovacuum's work on PostgreSQL
    int64_t size_bytes() override {
        auto statement = prepare("SELECT pg_database_size(current_database())", false);
        statement->step();
        return statement->int64(0);
    }

    std::string journal_mode() override { return "postgresql"; }
    // SQLite's scale: 2 (FULL) when a commit is flushed before it returns, 0 when the
    // server's synchronous_commit is off and a crash of the server can lose the last ones.
    int synchronous() override {
        auto setting = prepare("SELECT current_setting('synchronous_commit')", false);
        return setting->step() && setting->text(0) == "off" ? 0 : 2;
    }
    void set_busy_timeout(int ms) override {
        lock_timeout_ms_ = ms;
        exec("SET lock_timeout = " + std::to_string(ms));
    }

    // A connection for the next statement: the open one, or a new one when it was lost
    // outside a transaction. Inside one, its statements are gone with it: that fails.
    PGconn* usable() {
        if (PQstatus(conn_) == CONNECTION_OK) return conn_;
        if (in_transaction_)
            throw EngineError("the connection to PostgreSQL was lost inside a transaction; none of it was stored", 0);
        PQreset(conn_);
        if (PQstatus(conn_) != CONNECTION_OK)
            throw EngineError("cannot reach PostgreSQL: " + libpq_message(PQerrorMessage(conn_)), 0);
        ++generation_;   // the server forgot the prepared statements with the session
        set_up_session();
        return conn_;
    }
    uint64_t generation() const { return generation_; }

    // `r` when it is a success; otherwise frees it and throws the server's or libpq's reason.
    PGresult* check(PGresult* r) {
        auto status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
        if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return r;
        std::string reason = libpq_message(r ? PQresultErrorMessage(r) : PQerrorMessage(conn_));
        if (r) PQclear(r);
        // Inside a transaction the engine stays unusable until rollback(): a new connection
        // must not carry on a transaction's later statements as if they were its own.
        if (PQstatus(conn_) != CONNECTION_OK) throw EngineError("the connection to PostgreSQL was lost: " + reason, 0);
        throw EngineError(reason, 0);
    }

private:
    void connect() {
        conn_ = open_postgres_connection(url_, name_);
        generation_ = 1;
        set_up_session();
    }
    // What a session is told at the start, again after a reconnection.
    void set_up_session() {
        // The store's own settings, not the server's defaults: notices (e.g. "relation
        // already exists, skipping") are not errors, and a lock waits as long as SQLite's
        // busy timeout.
        exec("SET client_min_messages = warning; SET lock_timeout = " + std::to_string(lock_timeout_ms_));
    }

    std::string url_;
    std::string name_;
    PGconn* conn_ = nullptr;
    uint64_t generation_ = 0;
    uint64_t statements_ = 0;
    bool in_transaction_ = false;
    int lock_timeout_ms_ = 5000;   // Store::kDefaultBusyTimeoutMs
};

void PostgresStatement::run() {
    std::vector<const char*> values(params_.size());
    for (std::size_t i = 0; i < params_.size(); ++i) values[i] = params_[i] ? params_[i]->c_str() : nullptr;
    const int count = static_cast<int>(values.size());
    PGconn* conn = engine_.usable();
    PGresult* r;
    if (name_.empty()) {
        r = PQexecParams(conn, sql_.c_str(), count, nullptr, values.data(), nullptr, nullptr, 0);
    } else {
        if (prepared_on_ != engine_.generation()) {
            PQclear(engine_.check(PQprepare(conn, name_.c_str(), sql_.c_str(), 0, nullptr)));
            prepared_on_ = engine_.generation();
        }
        r = PQexecPrepared(conn, name_.c_str(), count, values.data(), nullptr, nullptr, 0);
    }
    result_ = engine_.check(r);
    row_ = -1;
}

}  // namespace

std::unique_ptr<StoreEngine> open_postgres_engine(const std::string& url, const std::string& display_name) {
    return std::make_unique<PostgresEngine>(url, display_name);
}

}  // namespace skarv::host
