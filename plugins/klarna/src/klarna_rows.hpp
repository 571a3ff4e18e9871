#pragma once
// One Klarna settlement row, as the Settlements API's JSON and the CSV payout report
// both give it, and how it becomes a Skarv settlement transaction.

#include <string>

#include <skarv/model/settlement.hpp>

namespace klarna {

struct KlarnaRow {
    std::string type;                 // SALE, RETURN, FEE, CORRECTION ...
    std::string detailed_type;
    skarv::model::Money amount;       // as Klarna gives it
    skarv::model::Money vat_amount;   // VAT on Klarna's fee (JSON vat_amount, CSV tax_amount)
    std::string capture_id, refund_id;
    std::string order_id;             // Klarna's order id: the shop order's payment reference
    std::string merchant_reference1;  // the shop's order number
    std::string capture_reference;    // merchant_capture_reference
    std::string capture_date, sale_date;
};

// `where` names the row in errors ("payout XISA93DJ transactions[3]", "report.csv line 4").
// Unknown types are refused, never guessed at.
skarv::model::SettlementTransaction to_transaction(const KlarnaRow& row, const std::string& where);

// Gives each transaction of a payout an id unique in it (Klarna's own ids repeat: a SALE
// and its FEE rows share a capture_id).
void assign_transaction_ids(skarv::model::Settlement& payout);

}  // namespace klarna
