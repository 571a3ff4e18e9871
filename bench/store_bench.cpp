// What durability costs per order: Store::enqueue (the push path: an IMMEDIATE
// transaction, WAL, synchronous=FULL, so the WAL is fsynced before the push is answered)
// against the same upsert on a connection with synchronous=NORMAL (no fsync at commit:
// survives a crash of the process, not a power loss). The state file is in
// $SKARV_BENCH_DIR (default: the current directory), so it is on a real disk: run it
// where the service keeps its state to measure that disk.
#include <benchmark/benchmark.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include <SQLiteCpp/SQLiteCpp.h>

#include "skarv/host/store/store.hpp"

namespace {

std::filesystem::path bench_db(const char* name) {
    const char* dir = std::getenv("SKARV_BENCH_DIR");
    auto path = std::filesystem::path(dir ? dir : ".") / (std::string("skarv-store-bench-") + name + "-" +
                                                          std::to_string(::getpid()) + ".db");
    for (auto suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
    return path;
}
void remove_db(const std::filesystem::path& path) {
    for (auto suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
}
// About the size of a pushed three-line order with its envelope.
const std::string kPayload = R"({"channel":1,"pushed":true,"record":{"order_id":"X","lines":[)" + std::string(1400, 'x') + "]}}";

void BM_EnqueuePushedOrderSyncFull(benchmark::State& state) {
    auto path = bench_db("full");
    {
        skarv::host::Store store(path);
        int64_t n = 0;
        for (auto _ : state) {
            ++n;
            store.enqueue("main", "orders", std::to_string(n), kPayload, n);
        }
        state.SetItemsProcessed(state.iterations());
    }
    remove_db(path);
}
BENCHMARK(BM_EnqueuePushedOrderSyncFull)->UseRealTime();

// The same statement and transaction with synchronous=NORMAL, for comparison only.
void BM_EnqueuePushedOrderSyncNormal(benchmark::State& state) {
    auto path = bench_db("normal");
    { skarv::host::Store schema(path); }
    {
        SQLite::Database db(path.string(), SQLite::OPEN_READWRITE);
        db.exec("PRAGMA journal_mode=WAL");
        db.exec("PRAGMA synchronous=NORMAL");
        int64_t n = 0;
        for (auto _ : state) {
            ++n;
            SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
            SQLite::Statement q(db, "INSERT INTO work_queue (connection, entity, record_key, payload, next_attempt_at, created_at) "
                                    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (connection, entity, record_key) DO UPDATE SET "
                                    "payload = excluded.payload RETURNING id");
            q.bind(1, "main");
            q.bind(2, "orders");
            q.bind(3, std::to_string(n));
            q.bind(4, kPayload);
            q.bind(5, n);
            q.bind(6, n);
            q.executeStep();
            benchmark::DoNotOptimize(q.getColumn(0).getInt64());
            while (q.executeStep()) {}
            tx.commit();
        }
        state.SetItemsProcessed(state.iterations());
    }
    remove_db(path);
}
BENCHMARK(BM_EnqueuePushedOrderSyncNormal)->UseRealTime();

}  // namespace
