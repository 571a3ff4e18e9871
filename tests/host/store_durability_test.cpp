// What the store acknowledges is stored: a failed write (disk full, a lock held too long)
// throws StoreError naming the file, and every write that returned survives a reopen.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include "skarv/host/store/state_lock.hpp"
#include "skarv/host/store/store.hpp"
#include "small_filesystem.hpp"

using namespace skarv::host;
namespace fs = std::filesystem;

namespace {
fs::path fresh_dir(const std::string& name) {
    auto dir = fs::temp_directory_path() / ("skarv-durability-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    return dir;
}
unsigned mode_of(const fs::path& p) {
    struct stat st {};
    ::stat(p.c_str(), &st);
    return st.st_mode & 0777;
}
}  // namespace

TEST(HostStore, NewStateAndItsFolderAreForTheServiceUserOnly) {
    auto root = fresh_dir("modes");
    auto db = root / "var" / "skarv" / "state.db";
    {
        Store store(db);
        store.enqueue("main", "orders", "1", "{}", 1);
        EXPECT_EQ(mode_of(db), 0600u);
        EXPECT_EQ(mode_of(db.string() + "-wal"), 0600u);   // SQLite gives its files the database's mode
        EXPECT_EQ(mode_of(root / "var" / "skarv"), 0700u);
        EXPECT_EQ(mode_of(root / "var"), 0700u);
    }
    fs::remove_all(root);
}

TEST(HostStore, CommitsAreSyncedToDisk) {
    auto root = fresh_dir("sync");
    Store store(root / "state.db");
    EXPECT_EQ(store.synchronous(), 2);   // FULL: the WAL is fsynced at every commit
    EXPECT_EQ(store.journal_mode(), "wal");
    fs::remove_all(root);
}

TEST(HostStore, ALockHeldTooLongFailsTheWriteNamingTheFile) {
    auto root = fresh_dir("busy");
    auto path = root / "state.db";
    Store store(path);
    store.set_busy_timeout(50);
    {
        SQLite::Database other(path.string(), SQLite::OPEN_READWRITE);
        SQLite::Transaction holding(other, SQLite::TransactionBehavior::IMMEDIATE);
        try {
            store.enqueue("main", "orders", "1001", "{}", 1);
            FAIL() << "a write under another process's lock returned";
        } catch (const StoreError& e) {
            EXPECT_EQ(e.sqlite_code() & 0xff, SQLITE_BUSY);
            EXPECT_EQ(std::string(e.what()).rfind(path.string() + ": queueing work: ", 0), 0u) << e.what();
        }
    }
    store.enqueue("main", "orders", "1002", "{}", 1);
    EXPECT_EQ(store.queued("main", "orders"), 1);
    fs::remove_all(root);
}

TEST(HostStore, AFullDiskFailsTheWriteAndKeepsEveryAcknowledgedOne) {
    skarv::test::SmallFilesystem disk(fresh_dir("full"), "512k");
    if (!disk.mounted) GTEST_SKIP() << disk.why;
    auto path = disk.dir / "state.db";
    const std::string payload(3000, 'x');
    int acknowledged = 0, refused = 0;
    {
        Store store(path);
        for (int i = 0; i < 400 && refused < 5; ++i) {
            try {
                store.enqueue("main", "orders", std::to_string(i), payload, 1);
                ++acknowledged;
            } catch (const StoreError& e) {
                ++refused;
                EXPECT_EQ(e.sqlite_code() & 0xff, SQLITE_FULL) << e.what();
                EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos) << e.what();
            }
        }
        ASSERT_GT(acknowledged, 0);
        ASSERT_EQ(refused, 5) << "the disk never filled";
        EXPECT_EQ(store.queued("main", "orders"), acknowledged);
    }
    ASSERT_TRUE(disk.grow("4m"));
    Store reopened(path);
    EXPECT_EQ(reopened.queued("main", "orders"), acknowledged);
}

TEST(HostStore, OneProcessAtATimeHoldsTheStateLock) {
    auto root = fresh_dir("lock");
    fs::create_directories(root);
    auto db = root / "new" / "state.db";
    {
        StateLock first(db);
        // flock conflicts between two open files even in one process, as between two services.
        try {
            StateLock second(db);
            FAIL() << "a second lock on the same state was granted";
        } catch (const std::runtime_error& e) {
            EXPECT_NE(std::string(e.what()).find("state database " + db.string() + " is in use by another skarv process (pid " +
                                                 std::to_string(::getpid()) + ")"),
                      std::string::npos)
                << e.what();
        }
    }
    StateLock after_release(db);   // the first one's end released it
    EXPECT_EQ(mode_of(StateLock::lock_file_for(db)), 0600u);
    EXPECT_EQ(mode_of(root / "new"), 0700u);   // the lock comes first, so it makes the folder
    fs::remove_all(root);
}
