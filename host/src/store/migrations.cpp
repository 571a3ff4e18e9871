#include "skarv/host/store/migrations.hpp"

namespace skarv::host {

const std::vector<Migration>& store_migrations() {
    static const std::vector<Migration> migrations = {
        {1, "cursors, id mappings, work queue, dead letters, transfer reports, event log", R"SQL(
CREATE TABLE cursors (
    connection TEXT NOT NULL,
    entity     TEXT NOT NULL,
    cursor     TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (connection, entity)
);
CREATE TABLE id_mappings (
    connection   TEXT NOT NULL,
    entity       TEXT NOT NULL,
    source_id    TEXT NOT NULL,
    target_id    TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    updated_at   INTEGER NOT NULL,
    PRIMARY KEY (connection, entity, source_id)
);
CREATE TABLE work_queue (
    id              INTEGER PRIMARY KEY,
    connection      TEXT NOT NULL,
    entity          TEXT NOT NULL,
    record_key      TEXT NOT NULL,
    payload         TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    UNIQUE (connection, entity, record_key)
);
CREATE TABLE dead_letters (
    id          INTEGER PRIMARY KEY,
    connection  TEXT NOT NULL,
    entity      TEXT NOT NULL,
    record_key  TEXT NOT NULL,
    payload     TEXT NOT NULL,
    error       TEXT NOT NULL,
    attempts    INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    replayed_at INTEGER
);
CREATE TABLE transfer_reports (
    id         INTEGER PRIMARY KEY,
    connection TEXT NOT NULL,
    entity     TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    ended_at   INTEGER,
    considered INTEGER NOT NULL DEFAULT 0,
    created    INTEGER NOT NULL DEFAULT 0,
    updated    INTEGER NOT NULL DEFAULT 0,
    unchanged  INTEGER NOT NULL DEFAULT 0,
    failed     INTEGER NOT NULL DEFAULT 0,
    errors     TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE event_log (
    id      INTEGER PRIMARY KEY,
    at      INTEGER NOT NULL,
    level   TEXT NOT NULL,
    source  TEXT NOT NULL,
    message TEXT NOT NULL
);
)SQL", R"SQL(
-- What SQLite's json_valid and json_extract give enqueue_read in one: whether a queued
-- payload is JSON with "pushed": true. Text that is not JSON is not pushed.
CREATE FUNCTION skarv_pushed(payload text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN COALESCE((payload::jsonb -> 'pushed') = 'true'::jsonb, false);
EXCEPTION WHEN others THEN
    RETURN false;
END $$;
)SQL"},
        {2, "plugin-private state; skipped count in reports; queue index by due time", R"SQL(
CREATE TABLE plugin_state (
    instance   TEXT NOT NULL,
    key        TEXT NOT NULL,
    value      TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (instance, key)
);
ALTER TABLE transfer_reports ADD COLUMN skipped INTEGER NOT NULL DEFAULT 0;
CREATE INDEX work_queue_due ON work_queue (next_attempt_at);
)SQL"},
        {3, "the channel (shop) an order came from, so its status goes back to that shop", R"SQL(
ALTER TABLE id_mappings ADD COLUMN channel INTEGER;
)SQL"},
        {4, "the latest stock figure per ERP warehouse, so a stock profile's sum keeps the warehouses that did not change", R"SQL(
CREATE TABLE stock_figures (
    connection TEXT NOT NULL,
    sku        TEXT NOT NULL,
    warehouse  TEXT NOT NULL,
    on_hand    INTEGER NOT NULL,
    available  INTEGER NOT NULL,
    status     TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (connection, sku, warehouse)
);
)SQL"},
        {5, "failed reads from a source, counted apart from failed records", R"SQL(
ALTER TABLE transfer_reports ADD COLUMN read_failures INTEGER NOT NULL DEFAULT 0;
)SQL"},
        {6, "a pass that stopped at its configured record limit; totals of pruned reports; incremental vacuum", R"SQL(
ALTER TABLE transfer_reports ADD COLUMN stopped_at_limit INTEGER NOT NULL DEFAULT 0;
CREATE TABLE pruned_report_totals (
    connection    TEXT NOT NULL,
    entity        TEXT NOT NULL,
    passes        INTEGER NOT NULL DEFAULT 0,
    considered    INTEGER NOT NULL DEFAULT 0,
    created       INTEGER NOT NULL DEFAULT 0,
    updated       INTEGER NOT NULL DEFAULT 0,
    unchanged     INTEGER NOT NULL DEFAULT 0,
    skipped       INTEGER NOT NULL DEFAULT 0,
    failed        INTEGER NOT NULL DEFAULT 0,
    read_failures INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (connection, entity)
);
CREATE INDEX transfer_reports_started ON transfer_reports (started_at);
CREATE INDEX event_log_at ON event_log (at);
-- The two tables that grow with the catalogue keep their rows in their primary key's
-- B-tree (WITHOUT ROWID): a rowid table stored each key twice, in the table and in its
-- key's index, 40 % of the file at 50,000 SKUs (issue #14).
CREATE TABLE id_mappings_v6 (
    connection   TEXT NOT NULL,
    entity       TEXT NOT NULL,
    source_id    TEXT NOT NULL,
    target_id    TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    updated_at   INTEGER NOT NULL,
    channel      INTEGER,
    PRIMARY KEY (connection, entity, source_id)
) WITHOUT ROWID;
INSERT INTO id_mappings_v6 SELECT connection, entity, source_id, target_id, content_hash, updated_at, channel FROM id_mappings;
DROP TABLE id_mappings;
ALTER TABLE id_mappings_v6 RENAME TO id_mappings;
CREATE TABLE plugin_state_v6 (
    instance   TEXT NOT NULL,
    key        TEXT NOT NULL,
    value      TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (instance, key)
) WITHOUT ROWID;
INSERT INTO plugin_state_v6 SELECT instance, key, value, updated_at FROM plugin_state;
DROP TABLE plugin_state;
ALTER TABLE plugin_state_v6 RENAME TO plugin_state;
-- Only per-order state is pruned by age: only it needs the index (partial).
CREATE INDEX plugin_state_order_updated ON plugin_state (updated_at) WHERE key >= 'order/' AND key < 'order0';
)SQL"},
        {7, "reconciliation: each order's payment reference and invoice, and each payout with its outcome", R"SQL(
-- Recorded when an order reaches the ERP: what a payout's transaction names it by.
CREATE TABLE order_payments (
    connection        TEXT NOT NULL,
    order_id          TEXT NOT NULL,
    payment_reference TEXT NOT NULL,
    erp_id            TEXT NOT NULL,
    amount            INTEGER,
    currency          TEXT,
    updated_at        INTEGER NOT NULL,
    PRIMARY KEY (connection, order_id)
) WITHOUT ROWID;
CREATE INDEX order_payments_reference ON order_payments (connection, payment_reference);
-- Recorded when the ERP reports an order invoiced: the invoice a payout row settles.
CREATE TABLE order_invoices (
    connection TEXT NOT NULL,
    order_id   TEXT NOT NULL,
    invoice_no TEXT NOT NULL,
    amount     INTEGER,
    currency   TEXT,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (connection, order_id)
) WITHOUT ROWID;
-- One row a payout. A 'booked' row is final: booking checks it before anything else,
-- and nothing overwrites it (see Store::put_payout).
CREATE TABLE payouts (
    connection    TEXT NOT NULL,
    provider      TEXT NOT NULL,
    settlement_id TEXT NOT NULL,
    state         TEXT NOT NULL,
    payout_date   TEXT NOT NULL,
    currency      TEXT NOT NULL,
    payout        INTEGER NOT NULL,
    difference    INTEGER,
    matched       INTEGER NOT NULL DEFAULT 0,
    unmatched     INTEGER NOT NULL DEFAULT 0,
    waiting       INTEGER NOT NULL DEFAULT 0,
    reason        TEXT NOT NULL DEFAULT '',
    booked_in     TEXT NOT NULL DEFAULT '',
    detail        TEXT NOT NULL DEFAULT '{}',
    first_seen_at INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    booked_at     INTEGER,
    PRIMARY KEY (connection, provider, settlement_id)
);
CREATE INDEX payouts_date ON payouts (payout_date);
-- Booked payouts pile up; the few a pass tries again are found without reading them.
CREATE INDEX payouts_unbooked ON payouts (connection, state) WHERE state IN ('waiting', 'failed');
)SQL"},
        {8, "each record's journey: events per order, product and SKU, the keys a search finds an order by, and what was pruned", R"SQL(
-- One row a step of a record's journey (docs/tracing.md). `subject` is what a person
-- asks about: an order (its status events too), a product, a SKU (its prices and stock).
CREATE TABLE record_events (
    id         INTEGER PRIMARY KEY,
    subject    TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    connection TEXT NOT NULL,
    entity     TEXT NOT NULL,
    record_key TEXT NOT NULL,
    at         INTEGER NOT NULL,
    step       TEXT NOT NULL,
    detail     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX record_events_subject ON record_events (subject, subject_id, id);
CREATE INDEX record_events_at ON record_events (at);
-- What else an order is known by: its ERP number, the customer's e-mail, its payment
-- reference. Keyed by the value, the one thing a search has.
CREATE TABLE record_keys (
    value      TEXT NOT NULL,
    kind       TEXT NOT NULL,
    subject    TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    connection TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (value, kind, subject, subject_id, connection)
) WITHOUT ROWID;
CREATE INDEX record_keys_subject ON record_keys (subject, subject_id);
-- A journey whose earlier (or all) events retention removed: its trace says so rather
-- than "unknown".
CREATE TABLE pruned_journeys (
    subject       TEXT NOT NULL,
    subject_id    TEXT NOT NULL,
    pruned_before INTEGER NOT NULL,
    PRIMARY KEY (subject, subject_id)
) WITHOUT ROWID;
)SQL"},
        {9, "operations: usage per calendar month (orders, active SKUs) and pass durations for histograms", R"SQL(
-- An order counts once, in the month it first reached the ERP: its key is the order, so a
-- replay or a second read of it finds the row and adds nothing.
CREATE TABLE usage_orders (
    connection TEXT NOT NULL,
    order_id   TEXT NOT NULL,
    month      TEXT NOT NULL,   -- YYYY-MM, UTC
    counted_at INTEGER NOT NULL,
    PRIMARY KEY (connection, order_id)
) WITHOUT ROWID;
CREATE INDEX usage_orders_month ON usage_orders (month, connection);
-- A SKU is active in a month when something about it was written at least once in it.
CREATE TABLE usage_skus (
    connection TEXT NOT NULL,
    month      TEXT NOT NULL,
    sku        TEXT NOT NULL,
    PRIMARY KEY (month, connection, sku)
) WITHOUT ROWID;
-- Passes per duration bucket (le_ms: the bucket's upper bound, -1 for +Inf), kept apart
-- from the reports so the Prometheus histogram's counters never go down when reports are
-- pruned.
CREATE TABLE pass_durations (
    connection TEXT NOT NULL,
    entity     TEXT NOT NULL,
    le_ms      INTEGER NOT NULL,
    passes     INTEGER NOT NULL DEFAULT 0,
    sum_ms     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (connection, entity, le_ms)
) WITHOUT ROWID;
-- Health reads each (connection, entity)'s latest passes.
CREATE INDEX transfer_reports_entity ON transfer_reports (connection, entity, id);
)SQL"},
        {11, "workers, connection leases, claimed work", R"SQL(
-- Several `skarv run` workers on one PostgreSQL database (docs/operating.md, "Several
-- workers"). Each worker says it is alive here; a worker whose heartbeat is older than the
-- lease time no longer counts when the others work out their fair share.
CREATE TABLE workers (
    worker       TEXT PRIMARY KEY,   -- host:pid:start, the holder named in connection_leases
    pid          INTEGER NOT NULL,
    host         TEXT NOT NULL,
    version      TEXT NOT NULL,
    started_at   INTEGER NOT NULL,
    heartbeat_at INTEGER NOT NULL
);
-- Only the holder of a connection's lease runs its passes. holder '' (or expires_at in the
-- past) means any worker may take it.
CREATE TABLE connection_leases (
    connection  TEXT PRIMARY KEY,
    holder      TEXT NOT NULL DEFAULT '',
    expires_at  INTEGER NOT NULL DEFAULT 0,
    acquired_at INTEGER NOT NULL DEFAULT 0
);
-- A queued record being delivered: claimed by one worker until claimed_until, so that no
-- other worker delivers it at the same time, and free again if that worker dies.
ALTER TABLE work_queue ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE work_queue ADD COLUMN claimed_until INTEGER NOT NULL DEFAULT 0;
)SQL"},
    };
    return migrations;
}

}  // namespace skarv::host
