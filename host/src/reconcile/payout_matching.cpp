#include "skarv/host/reconcile/payout_matching.hpp"

#include <map>

namespace skarv::host {

const char* to_string(MatchState s) {
    switch (s) {
        case MatchState::matched: return "matched";
        case MatchState::payout_row: return "payout";
        case MatchState::waiting: return "waiting";
        case MatchState::unmatched: return "unmatched";
    }
    return "unmatched";
}

std::size_t PayoutMatch::count(MatchState s) const {
    std::size_t n = 0;
    for (const auto& r : rows) n += r.state == s ? 1 : 0;
    return n;
}

bool is_order_row(const model::SettlementTransaction& t) {
    if (t.type == "sale" || t.type == "refund" || t.type == "reversal" || t.type == "chargeback") return true;
    // A correction or adjustment is an order's when the provider says which order.
    if (t.type == "correction" || t.type == "adjustment") return !t.payment_reference.empty() || !t.order_id.empty();
    return false;
}

namespace {

std::string describe(const model::SettlementTransaction& t) {
    std::string s = t.type;
    if (!t.transaction_id.empty()) s += " " + t.transaction_id;
    return s;
}

}  // namespace

PayoutMatch match_payout(const model::Settlement& payout, const OrderFactsSource& orders) {
    PayoutMatch out;
    std::vector<std::optional<OrderFacts>> facts(payout.transactions.size());
    // What this payout pays for each order's sales: compared with the invoice as a whole,
    // so a capture the provider reports in two rows still matches its one invoice.
    std::map<std::string, model::Money> sales_by_order;
    for (std::size_t i = 0; i < payout.transactions.size(); ++i) {
        const auto& t = payout.transactions[i];
        TransactionMatch m;
        m.index = i;
        if (!is_order_row(t)) {
            m.state = MatchState::payout_row;
            out.rows.push_back(m);
            continue;
        }
        // The payment reference first: it is the provider's own key. The order number the
        // provider echoes is what the merchant typed into it, so it comes second.
        std::optional<OrderFacts> f;
        if (!t.payment_reference.empty()) f = orders.by_payment_reference(t.payment_reference);
        if (!f && !t.order_id.empty()) f = orders.by_order_id(t.order_id);
        if (!f) {
            m.state = MatchState::unmatched;
            m.reason = describe(t) + ": no order Skarv moved has " +
                       (t.payment_reference.empty() ? std::string("no payment reference and")
                                                    : "payment reference '" + t.payment_reference + "' or") +
                       (t.order_id.empty() ? std::string(" the provider names no order number")
                                           : " order number '" + t.order_id + "'");
        } else if (!t.payment_reference.empty() && !f->payment_reference.empty() &&
                   f->payment_reference != t.payment_reference) {
            m.state = MatchState::unmatched;
            m.reason = describe(t) + ": order " + f->order_id + " was paid with reference '" + f->payment_reference +
                       "', not '" + t.payment_reference + "'";
        } else if (!f->erp_id) {
            m.state = MatchState::waiting;
            m.reason = describe(t) + ": order " + f->order_id + " is not yet in the ERP";
        } else if (!f->invoice_no) {
            m.state = MatchState::waiting;
            m.reason = describe(t) + ": order " + f->order_id + " (ERP " + *f->erp_id + ") is not invoiced yet";
        } else {
            m.state = MatchState::matched;
            m.order_id = f->order_id;
            m.invoice_no = *f->invoice_no;
            if (t.type == "sale") {
                auto [it, fresh] = sales_by_order.try_emplace(f->order_id, model::Money::zero(t.amount.currency()));
                it->second += t.amount;
            }
        }
        facts[i] = std::move(f);
        out.rows.push_back(m);
    }
    // A sale whose amount is not what the invoice says: the difference is someone's
    // mistake (a partial capture, a changed order) that a person must see, not one that
    // booking should hide by crediting the invoice with the wrong amount.
    for (auto& m : out.rows) {
        const auto& t = payout.transactions[m.index];
        if (m.state != MatchState::matched || t.type != "sale") continue;
        const auto& f = *facts[m.index];
        if (!f.invoiced || f.invoiced->currency() != t.amount.currency()) continue;
        const auto& paid = sales_by_order.at(f.order_id);
        if (paid == *f.invoiced) continue;
        m.state = MatchState::unmatched;
        m.reason = describe(t) + ": the payout pays " + paid.to_string() + " for order " + f.order_id + " but invoice " +
                   m.invoice_no + " is " + f.invoiced->to_string() + " (difference " + (paid - *f.invoiced).to_string() + ")";
    }
    return out;
}

}  // namespace skarv::host
