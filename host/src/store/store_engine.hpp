#pragma once
// StoreEngine: the database under Store. Store writes its SQL once, with '?' parameters,
// in the subset SQLite and PostgreSQL both accept; an engine runs it. Where the two must
// differ (JSON functions, a prefix range) Store asks dialect() and picks. Engines are
// used only under Store's mutex, so they need no locking of their own.

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

namespace skarv::host {

struct Migration;

// What an engine throws; Store prefixes the database's name and the work that failed.
class EngineError : public std::runtime_error {
public:
    EngineError(const std::string& message, int code) : std::runtime_error(message), code_(code) {}
    int code() const { return code_; }   // SQLite's extended result code; 0 from PostgreSQL

private:
    int code_;
};

// One statement. Parameters are numbered from 1 and stay bound across reset(); columns
// are numbered from 0.
class StoreStatement {
public:
    virtual ~StoreStatement() = default;
    virtual void bind(int index, const std::string& value) = 0;
    virtual void bind(int index, int64_t value) = 0;
    void bind(int index, int value) { bind(index, static_cast<int64_t>(value)); }
    virtual void bind_null(int index) = 0;
    // The next row; false at the end. The first call runs the statement.
    virtual bool step() = 0;
    // Runs the statement to its end; the number of rows it changed.
    virtual int64_t exec() = 0;
    // Ready to run again; releases what a half-read SELECT holds.
    virtual void reset() noexcept = 0;
    virtual bool is_null(int column) = 0;
    virtual std::string text(int column) = 0;
    virtual int64_t int64(int column) = 0;
    int integer(int column) { return static_cast<int>(int64(column)); }
};

class StoreEngine {
public:
    enum class Dialect { sqlite, postgresql };

    virtual ~StoreEngine() = default;
    virtual Dialect dialect() const = 0;
    // `reused`: Store keeps the statement and runs it again (the engine may prepare it
    // on the server once).
    virtual std::unique_ptr<StoreStatement> prepare(const std::string& sql, bool reused) = 0;
    // Statements without parameters, several separated by ';'.
    virtual void exec(const std::string& sql) = 0;

    virtual void begin() = 0;    // takes the write lock at once (SQLite: BEGIN IMMEDIATE)
    virtual void commit() = 0;
    virtual void rollback() noexcept = 0;

    virtual int schema_version() = 0;
    // Inside the migration's transaction. PostgreSQL also waits here for another process
    // migrating the same database, so two workers starting together migrate once.
    virtual void lock_for_migration() = 0;
    virtual void set_schema_version(int version) = 0;
    virtual std::string migration_sql(const Migration& m) const = 0;

    // What a database grows by; after prune() has deleted, the space goes back.
    virtual void reclaim_space() = 0;
    virtual int64_t size_bytes() = 0;

    virtual std::string journal_mode() = 0;
    virtual int synchronous() = 0;
    virtual void set_busy_timeout(int ms) = 0;
};

std::unique_ptr<StoreEngine> open_sqlite_engine(const std::string& file, int busy_timeout_ms);
// `url` is a libpq connection URI; errors name `display_name`, never the password.
std::unique_ptr<StoreEngine> open_postgres_engine(const std::string& url, const std::string& display_name);

}  // namespace skarv::host
