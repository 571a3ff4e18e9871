#pragma once
// Matching a payout's transactions to the shop orders and ERP invoices they pay for,
// through what Skarv recorded when it moved each order: the payment reference the
// shop gave, the ERP number the order was created under and the invoice the ERP made.
// A row that cannot be tied to exactly one invoice is never guessed: it carries the
// reason, and either waits (the order is on its way: not yet in the ERP, not invoiced)
// or is booked to the suspense account for a person to settle (see docs/reconciliation.md).

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <skarv/model/settlement.hpp>

namespace skarv::host {

// What Skarv knows of one shop order.
struct OrderFacts {
    std::string order_id;                       // the shop's order number
    std::string payment_reference;              // the provider's id of its payment, as the shop gave it
    std::optional<std::string> erp_id;          // the ERP's number, once the order was written there
    std::optional<std::string> invoice_no;      // the ERP's invoice, once invoiced
    std::optional<model::Money> invoiced;       // that invoice's total (what was captured), when known
};

class OrderFactsSource {
public:
    virtual ~OrderFactsSource() = default;
    virtual std::optional<OrderFacts> by_payment_reference(const std::string& reference) const = 0;
    virtual std::optional<OrderFacts> by_order_id(const std::string& order_id) const = 0;
};

enum class MatchState {
    matched,        // tied to a shop order and its ERP invoice
    payout_row,     // belongs to the payout, not an order: fees, holdbacks, commissions
    waiting,        // the order is known but not yet in the ERP or not invoiced: try again later
    unmatched,      // cannot be tied to an invoice; booked to suspense with the reason
};
const char* to_string(MatchState s);

struct TransactionMatch {
    std::size_t index = 0;                      // into Settlement::transactions
    MatchState state = MatchState::unmatched;
    std::string reason;                         // why, for waiting and unmatched rows
    std::string order_id, invoice_no;           // matched rows
};

struct PayoutMatch {
    std::vector<TransactionMatch> rows;         // one a transaction, in the payout's order
    std::size_t count(MatchState s) const;
    bool ready() const { return count(MatchState::waiting) == 0; }
};

// Rows that move money of one order (sales, refunds, reversals; corrections and
// adjustments when they name an order) as opposed to rows of the payout itself.
bool is_order_row(const model::SettlementTransaction& t);

PayoutMatch match_payout(const model::Settlement& payout, const OrderFactsSource& orders);

}  // namespace skarv::host
