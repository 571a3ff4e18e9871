// The Store's reconciliation tables (migration 7): what each order was paid with and
// invoiced as, and each payout's outcome.

#include "skarv/host/store/store.hpp"
#include "store_guarded.hpp"

namespace skarv::host {
namespace {

void bind_optional(StoreStatement& q, int index, const std::optional<int64_t>& v) {
    if (v) q.bind(index, *v);
    else q.bind_null(index);
}
std::optional<int64_t> optional_int(StoreStatement& q, int column) {
    if (q.is_null(column)) return std::nullopt;
    return q.int64(column);
}

OrderPaymentRecord payment_from(StoreStatement& q) {
    return {q.text(0), q.text(1), q.text(2), optional_int(q, 3),
            q.is_null(4) ? "" : q.text(4)};
}

constexpr const char* kPayoutColumns =
    "connection, provider, settlement_id, state, payout_date, currency, payout, difference, matched, unmatched, waiting, "
    "reason, booked_in, detail, first_seen_at, updated_at, booked_at";

PayoutRecord payout_from(StoreStatement& q) {
    PayoutRecord r;
    r.connection = q.text(0);
    r.provider = q.text(1);
    r.settlement_id = q.text(2);
    r.state = q.text(3);
    r.payout_date = q.text(4);
    r.currency = q.text(5);
    r.payout = q.int64(6);
    r.difference = optional_int(q, 7);
    r.matched = q.int64(8);
    r.unmatched = q.int64(9);
    r.waiting = q.int64(10);
    r.reason = q.text(11);
    r.booked_in = q.text(12);
    r.detail = q.text(13);
    r.first_seen_at = q.int64(14);
    r.updated_at = q.int64(15);
    r.booked_at = optional_int(q, 16);
    return r;
}

}  // namespace

void Store::put_order_payment(const std::string& connection, const OrderPaymentRecord& r, int64_t now) {
    guarded("saving an order's payment reference", [&]() -> void {
        auto cached = prepared(
            "INSERT INTO order_payments (connection, order_id, payment_reference, erp_id, amount, currency, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (connection, order_id) DO UPDATE SET "
            "payment_reference = excluded.payment_reference, erp_id = excluded.erp_id, amount = excluded.amount, "
            "currency = excluded.currency, updated_at = excluded.updated_at");
        auto& q = *cached;
        q.bind(1, connection);
        q.bind(2, r.order_id);
        q.bind(3, r.payment_reference);
        q.bind(4, r.erp_id);
        bind_optional(q, 5, r.amount);
        q.bind(6, r.currency);
        q.bind(7, now);
        q.exec();
    });
}

void Store::put_order_invoice(const std::string& connection, const OrderInvoiceRecord& r, int64_t now) {
    guarded("saving an order's invoice", [&]() -> void {
        auto cached = prepared(
            "INSERT INTO order_invoices (connection, order_id, invoice_no, amount, currency, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (connection, order_id) DO UPDATE SET "
            "invoice_no = excluded.invoice_no, amount = COALESCE(excluded.amount, order_invoices.amount), "
            "currency = COALESCE(excluded.currency, order_invoices.currency), updated_at = excluded.updated_at");
        auto& q = *cached;
        q.bind(1, connection);
        q.bind(2, r.order_id);
        q.bind(3, r.invoice_no);
        bind_optional(q, 4, r.amount);
        if (r.currency.empty()) q.bind_null(5); else q.bind(5, r.currency);
        q.bind(6, now);
        q.exec();
    });
}

std::optional<OrderPaymentRecord> Store::order_payment(const std::string& connection, const std::string& order_id) {
    return guarded("reading an order's payment reference", [&]() -> std::optional<OrderPaymentRecord> {
        auto cached = prepared(
            "SELECT order_id, payment_reference, erp_id, amount, currency FROM order_payments WHERE connection = ? AND order_id = ?");
        auto& q = *cached;
        q.bind(1, connection);
        q.bind(2, order_id);
        if (!q.step()) return std::nullopt;
        return payment_from(q);
    });
}

std::optional<OrderPaymentRecord> Store::order_by_payment_reference(const std::string& connection, const std::string& reference) {
    return guarded("finding an order by payment reference", [&]() -> std::optional<OrderPaymentRecord> {
        auto cached = prepared(
            "SELECT order_id, payment_reference, erp_id, amount, currency FROM order_payments "
            "WHERE connection = ? AND payment_reference = ? LIMIT 2");
        auto& q = *cached;
        q.bind(1, connection);
        q.bind(2, reference);
        if (reference.empty() || !q.step()) return std::nullopt;
        auto first = payment_from(q);
        if (q.step()) return std::nullopt;
        return first;
    });
}

std::optional<OrderInvoiceRecord> Store::order_invoice(const std::string& connection, const std::string& order_id) {
    return guarded("reading an order's invoice", [&]() -> std::optional<OrderInvoiceRecord> {
        auto cached = prepared("SELECT order_id, invoice_no, amount, currency FROM order_invoices WHERE connection = ? AND order_id = ?");
        auto& q = *cached;
        q.bind(1, connection);
        q.bind(2, order_id);
        if (!q.step()) return std::nullopt;
        return OrderInvoiceRecord{q.text(0), q.text(1), optional_int(q, 2),
                                  q.is_null(3) ? "" : q.text(3)};
    });
}

bool Store::put_payout(const PayoutRecord& r) {
    return guarded("saving a payout", [&]() -> bool {
        // The WHERE keeps a booked payout as booked: a later pass that read the same payout
        // again (a kill after booking, before the cursor moved) cannot undo or redo it.
        auto cached = prepared(
            "INSERT INTO payouts (connection, provider, settlement_id, state, payout_date, currency, payout, difference, "
            "matched, unmatched, waiting, reason, booked_in, detail, first_seen_at, updated_at, booked_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (connection, provider, settlement_id) DO UPDATE SET state = excluded.state, "
            "payout_date = excluded.payout_date, currency = excluded.currency, payout = excluded.payout, "
            "difference = excluded.difference, matched = excluded.matched, unmatched = excluded.unmatched, "
            "waiting = excluded.waiting, reason = excluded.reason, booked_in = excluded.booked_in, detail = excluded.detail, "
            "updated_at = excluded.updated_at, booked_at = excluded.booked_at WHERE payouts.state <> 'booked'");
        auto& q = *cached;
        q.bind(1, r.connection);
        q.bind(2, r.provider);
        q.bind(3, r.settlement_id);
        q.bind(4, r.state);
        q.bind(5, r.payout_date);
        q.bind(6, r.currency);
        q.bind(7, r.payout);
        bind_optional(q, 8, r.difference);
        q.bind(9, r.matched);
        q.bind(10, r.unmatched);
        q.bind(11, r.waiting);
        q.bind(12, r.reason);
        q.bind(13, r.booked_in);
        q.bind(14, r.detail);
        q.bind(15, r.first_seen_at ? r.first_seen_at : r.updated_at);
        q.bind(16, r.updated_at);
        bind_optional(q, 17, r.booked_at);
        return q.exec() > 0;
    });
}

std::optional<PayoutRecord> Store::payout(const std::string& connection, const std::string& provider,
                                          const std::string& settlement_id) {
    return guarded("reading a payout", [&]() -> std::optional<PayoutRecord> {
        auto cached = prepared(std::string("SELECT ") + kPayoutColumns +
                               " FROM payouts WHERE connection = ? AND provider = ? AND settlement_id = ?");
        auto& q = *cached;
        q.bind(1, connection);
        q.bind(2, provider);
        q.bind(3, settlement_id);
        if (!q.step()) return std::nullopt;
        return payout_from(q);
    });
}

std::vector<PayoutRecord> Store::unbooked_payouts(const std::string& connection) {
    return guarded("listing payouts to try again", [&]() -> std::vector<PayoutRecord> {
        auto cached = prepared(std::string("SELECT ") + kPayoutColumns +
                               " FROM payouts WHERE connection = ? AND state IN ('waiting', 'failed') "
                               "ORDER BY payout_date, provider, settlement_id");
        auto& q = *cached;
        q.bind(1, connection);
        std::vector<PayoutRecord> out;
        while (q.step()) out.push_back(payout_from(q));
        return out;
    });
}

std::vector<PayoutRecord> Store::payouts(const std::string& connection, int limit) {
    return guarded("listing payouts", [&]() -> std::vector<PayoutRecord> {
        auto cached = prepared(std::string("SELECT ") + kPayoutColumns +
                               " FROM payouts WHERE ? = '' OR connection = ? "
                               "ORDER BY payout_date DESC, provider, settlement_id LIMIT ?");
        auto& q = *cached;
        q.bind(1, connection);
        q.bind(2, connection);
        q.bind(3, limit);
        std::vector<PayoutRecord> out;
        while (q.step()) out.push_back(payout_from(q));
        return out;
    });
}

}  // namespace skarv::host
