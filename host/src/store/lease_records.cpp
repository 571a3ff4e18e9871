// The Store's tables for several workers on one database (migration 11): who is alive,
// who holds which connection, and which queued record a worker is delivering. What the
// workers do with them: host/src/service/lease_keeper.cpp and docs/operating.md.

#include <algorithm>

#include "skarv/host/store/store.hpp"
#include "store_guarded.hpp"

namespace skarv::host {

void Store::heartbeat(const WorkerRecord& me) {
    guarded("recording the worker's heartbeat", [&] {
        auto q = prepared("INSERT INTO workers (worker, pid, host, version, started_at, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?) "
                          "ON CONFLICT (worker) DO UPDATE SET heartbeat_at = excluded.heartbeat_at");
        q->bind(1, me.worker);
        q->bind(2, me.pid);
        q->bind(3, me.host);
        q->bind(4, me.version);
        q->bind(5, me.started_at);
        q->bind(6, me.heartbeat_at);
        q->exec();
    });
}

std::vector<WorkerRecord> Store::live_workers(int64_t now, int64_t lease_ms) {
    return guarded("reading the workers", [&] {
        auto q = prepared("SELECT worker, host, version, pid, started_at, heartbeat_at FROM workers "
                          "WHERE heartbeat_at >= ? ORDER BY worker");
        q->bind(1, now - lease_ms + 1);
        std::vector<WorkerRecord> out;
        while (q->step()) out.push_back({q->text(0), q->text(1), q->text(2), q->int64(3), q->int64(4), q->int64(5)});
        return out;
    });
}

void Store::forget_workers(int64_t before) {
    guarded("forgetting silent workers", [&] {
        auto q = prepared("DELETE FROM workers WHERE heartbeat_at < ?");
        q->bind(1, before);
        q->exec();
    });
}

void Store::forget_worker(const std::string& worker) {
    guarded("forgetting a worker", [&] {
        auto q = prepared("DELETE FROM workers WHERE worker = ?");
        q->bind(1, worker);
        q->exec();
    });
}

void Store::offer_leases(const std::vector<std::string>& connections) {
    guarded("offering connection leases", [&] {
        WriteBatch tx(*this, "offering connection leases");
        auto q = prepared("INSERT INTO connection_leases (connection) VALUES (?) ON CONFLICT (connection) DO NOTHING");
        for (const auto& c : connections) {
            q->bind(1, c);
            q->exec();
        }
        tx.commit();
    });
}

std::vector<std::string> Store::renew_leases(const std::string& worker, int64_t expires_at) {
    return guarded("renewing connection leases", [&] {
        // Only a lease whose holder is still `worker`: one taken by another worker after it
        // expired has a new holder and stays theirs.
        auto q = prepared("UPDATE connection_leases SET expires_at = ? WHERE holder = ? RETURNING connection");
        q->bind(1, expires_at);
        q->bind(2, worker);
        std::vector<std::string> held;
        while (q->step()) held.push_back(q->text(0));
        q->reset();
        std::sort(held.begin(), held.end());
        return held;
    });
}

bool Store::take_lease(const std::string& connection, const std::string& worker, int64_t now, int64_t expires_at) {
    return guarded("taking a connection lease", [&] {
        // One statement: of two workers taking the same free lease, the row lock lets one
        // update it and the other then finds it no longer free.
        auto q = prepared("UPDATE connection_leases SET holder = ?, expires_at = ?, acquired_at = ? "
                          "WHERE connection = ? AND (holder = '' OR expires_at <= ?)");
        q->bind(1, worker);
        q->bind(2, expires_at);
        q->bind(3, now);
        q->bind(4, connection);
        q->bind(5, now);
        return q->exec() == 1;
    });
}

void Store::release_lease(const std::string& connection, const std::string& worker) {
    guarded("releasing a connection lease", [&] {
        auto q = prepared("UPDATE connection_leases SET holder = '', expires_at = 0 WHERE connection = ? AND holder = ?");
        q->bind(1, connection);
        q->bind(2, worker);
        q->exec();
    });
}

std::vector<LeaseRecord> Store::leases() {
    return guarded("reading the connection leases", [&] {
        auto q = prepared("SELECT connection, holder, expires_at, acquired_at FROM connection_leases ORDER BY connection");
        std::vector<LeaseRecord> out;
        while (q->step()) out.push_back({q->text(0), q->text(1), q->int64(2), q->int64(3)});
        return out;
    });
}

std::vector<WorkItem> Store::claim_work(const std::string& connection, const std::string& entity, int64_t due_by,
                                        int64_t now, int limit, const std::string& worker, int64_t claimed_until) {
    return guarded("claiming queued work", [&] {
        // SKIP LOCKED: rows another worker's claim is updating right now are passed over,
        // not waited for, and never returned to both. A SQLite file has one process
        // (StateLock), so a claim there is only the pass's own: one left by a killed process
        // does not hold its record back.
        const bool shared = on_postgresql();
        auto q = prepared(
            "UPDATE work_queue SET claimed_by = ?, claimed_until = ? WHERE id IN ("
            "SELECT id FROM work_queue WHERE connection = ? AND entity = ? AND next_attempt_at <= ? AND " +
            std::string(shared ? "claimed_until <= ?" : "? IS NOT NULL") + " ORDER BY next_attempt_at, id LIMIT ?" +
            (shared ? " FOR UPDATE SKIP LOCKED" : "") + ") "
            "RETURNING id, connection, entity, record_key, payload, attempts, next_attempt_at, COALESCE(last_error, '')");
        q->bind(1, worker);
        q->bind(2, claimed_until);
        q->bind(3, connection);
        q->bind(4, entity);
        q->bind(5, due_by);
        q->bind(6, now);
        q->bind(7, limit);
        std::vector<WorkItem> out;
        while (q->step())
            out.push_back({q->int64(0), q->text(1), q->text(2), q->text(3), q->text(4), q->integer(5), q->int64(6), q->text(7)});
        q->reset();
        // RETURNING keeps no order; deliveries go oldest first.
        std::sort(out.begin(), out.end(), [](const WorkItem& a, const WorkItem& b) {
            return a.next_attempt_at != b.next_attempt_at ? a.next_attempt_at < b.next_attempt_at : a.id < b.id;
        });
        return out;
    });
}

void Store::release_claims(const std::string& connection, const std::string& entity, const std::string& worker) {
    guarded("releasing claimed work", [&] {
        auto q = prepared("UPDATE work_queue SET claimed_by = '', claimed_until = 0 "
                          "WHERE connection = ? AND entity = ? AND claimed_by = ?");
        q->bind(1, connection);
        q->bind(2, entity);
        q->bind(3, worker);
        q->exec();
    });
}

std::set<int64_t> Store::renew_claims(const std::vector<int64_t>& ids, const std::string& worker, int64_t now,
                                     int64_t claimed_until) {
    // One process owns a SQLite file: its claims are its own whatever the clock says.
    if (!on_postgresql()) return std::set<int64_t>(ids.begin(), ids.end());
    return guarded("renewing claims on queued work", [&] {
        WriteBatch tx(*this, "renewing claims on queued work");
        auto q = prepared("UPDATE work_queue SET claimed_until = ? WHERE id = ? AND claimed_by = ? AND claimed_until > ?");
        std::set<int64_t> held;
        for (auto id : ids) {
            q->bind(1, claimed_until);
            q->bind(2, id);
            q->bind(3, worker);
            q->bind(4, now);
            if (q->exec() == 1) held.insert(id);
        }
        tx.commit();
        return held;
    });
}

std::vector<std::pair<std::string, std::string>> Store::due_work_by_connection(int64_t now) {
    return guarded("looking for due work", [&] {
        auto q = prepared("SELECT DISTINCT connection, entity FROM work_queue WHERE next_attempt_at <= ? AND claimed_until <= ?");
        q->bind(1, now);
        q->bind(2, now);
        std::vector<std::pair<std::string, std::string>> out;
        while (q->step()) out.emplace_back(q->text(0), q->text(1));
        return out;
    });
}

}  // namespace skarv::host
