// The embedded engine: one SQLite file in WAL mode, fsynced at every commit.

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <SQLiteCpp/SQLiteCpp.h>

#include "skarv/host/store/migrations.hpp"
#include "skarv/host/store/private_files.hpp"
#include "store_engine.hpp"

namespace skarv::host {
namespace {

bool in_memory(const std::filesystem::path& file) { return file.empty() || file == ":memory:"; }

template <class Body>
auto translated(Body&& body) -> decltype(body()) {
    try {
        return body();
    } catch (const SQLite::Exception& e) {
        throw EngineError(e.what(), e.getExtendedErrorCode());
    }
}

// A new file and a new folder are for this user only (private_files.hpp). An existing
// file keeps the mode its owner gave it.
void create_private(const std::filesystem::path& file) {
    if (in_memory(file)) return;
    try {
        create_private_directories(file.parent_path());
    } catch (const std::runtime_error& e) {
        throw EngineError(e.what(), SQLITE_CANTOPEN);
    }
    int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) {
        ::close(fd);
    } else if (errno != EEXIST) {
        throw EngineError(file.string() + ": cannot create: " + std::strerror(errno), SQLITE_CANTOPEN);
    }
}

SQLite::Database open_database(const std::filesystem::path& file, int busy_timeout_ms) {
    create_private(file);
    try {
        // The busy timeout is given at open, so even the first PRAGMAs wait for a lock.
        // NOMUTEX: Store serialises every use of its connection behind its own mutex_, so
        // SQLite's mutex around each API call (FULLMUTEX) was a second lock per call.
        SQLite::Database db(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX,
                            busy_timeout_ms);
        // INCREMENTAL, so prune() can give freed pages back. A new file takes it before
        // anything else touches its header (even journal_mode); an older file needs one
        // VACUUM to switch, done here once.
        if (db.execAndGet("PRAGMA auto_vacuum").getInt() != 2) {
            db.exec("PRAGMA auto_vacuum=INCREMENTAL");
            if (db.execAndGet("SELECT COUNT(*) FROM sqlite_master").getInt() > 0) db.exec("VACUUM");
        }
        // WAL: readers (the admin API, `skarv reports`) never block the running flows.
        db.exec("PRAGMA journal_mode=WAL");
        // FULL: every commit fsyncs the WAL, so an acknowledged order survives a power loss
        // too (NORMAL would survive a crash of the process, not of the machine).
        db.exec("PRAGMA synchronous=FULL");
        db.exec("PRAGMA foreign_keys=ON");
        return db;
    } catch (const SQLite::Exception& e) {
        throw EngineError(file.string() + ": cannot open the state database: " + e.what(), e.getExtendedErrorCode());
    }
}

class SqliteStatement final : public StoreStatement {
public:
    SqliteStatement(SQLite::Database& db, const std::string& sql) : q_(translated([&] { return SQLite::Statement(db, sql); })) {}
    void bind(int index, const std::string& value) override { translated([&] { q_.bind(index, value); }); }
    void bind(int index, int64_t value) override { translated([&] { q_.bind(index, value); }); }
    void bind_null(int index) override { translated([&] { q_.bind(index); }); }
    bool step() override { return translated([&] { return q_.executeStep(); }); }
    int64_t exec() override { return translated([&] { return static_cast<int64_t>(q_.exec()); }); }
    void reset() noexcept override { q_.tryReset(); }
    bool is_null(int column) override { return translated([&] { return q_.getColumn(column).isNull(); }); }
    std::string text(int column) override { return translated([&] { return q_.getColumn(column).getString(); }); }
    int64_t int64(int column) override { return translated([&] { return q_.getColumn(column).getInt64(); }); }

private:
    SQLite::Statement q_;
};

class SqliteEngine final : public StoreEngine {
public:
    SqliteEngine(const std::string& file, int busy_timeout_ms) : file_(file), db_(open_database(file, busy_timeout_ms)) {}

    Dialect dialect() const override { return Dialect::sqlite; }
    std::unique_ptr<StoreStatement> prepare(const std::string& sql, bool) override {
        return std::make_unique<SqliteStatement>(db_, sql);
    }
    void exec(const std::string& sql) override { translated([&] { db_.exec(sql); }); }
    void begin() override { exec("BEGIN IMMEDIATE"); }
    void commit() override { exec("COMMIT"); }
    void rollback() noexcept override { db_.tryExec("ROLLBACK"); }

    // The version lives in the file's header (PRAGMA user_version).
    int schema_version() override {
        return translated([&] { return db_.execAndGet("PRAGMA user_version").getInt(); });
    }
    void lock_for_migration() override {}   // BEGIN IMMEDIATE already holds the file's write lock
    void set_schema_version(int version) override { exec("PRAGMA user_version = " + std::to_string(version)); }
    std::string migration_sql(const Migration& m) const override { return m.sql; }

    void reclaim_space() override {
        // The freed pages go back to the file system, and the WAL is cut back, so the
        // file's size follows what is kept (auto_vacuum=INCREMENTAL, set at open).
        exec("PRAGMA incremental_vacuum");
        exec("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    int64_t size_bytes() override {
        std::error_code ec;
        int64_t total = 0;
        for (const auto* suffix : {"", "-wal"}) {
            auto size = std::filesystem::file_size(file_ + suffix, ec);
            if (!ec) total += static_cast<int64_t>(size);
        }
        return total;
    }

    std::string journal_mode() override {
        return translated([&] { return db_.execAndGet("PRAGMA journal_mode").getString(); });
    }
    int synchronous() override {
        return translated([&] { return db_.execAndGet("PRAGMA synchronous").getInt(); });
    }
    void set_busy_timeout(int ms) override { translated([&] { db_.setBusyTimeout(ms); }); }

private:
    std::string file_;
    SQLite::Database db_;
};

}  // namespace

std::unique_ptr<StoreEngine> open_sqlite_engine(const std::string& file, int busy_timeout_ms) {
    return std::make_unique<SqliteEngine>(file, busy_timeout_ms);
}

}  // namespace skarv::host
