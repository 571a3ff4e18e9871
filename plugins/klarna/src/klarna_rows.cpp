#include "klarna_rows.hpp"

#include <map>
#include <set>

namespace klarna {

using skarv::RecordError;
using skarv::model::Money;
using skarv::model::SettlementTransaction;

namespace {
Money magnitude(const Money& m) { return m.minor() < 0 ? -m : m; }
}  // namespace

// Type signs per Klarna's settlement-files doc (payments.md §1.5): SALE(+), FEE(−),
// RETURN(−), REVERSAL(−), REVERSAL_MERCHANT_PROTECTION(+), COMMISSION(+), CORRECTION(+/−),
// HOLDBACK(−), RELEASE(+), CREDIT(+), CHARGE(−), FEE_REFUND(+); TAX is the VAT on fees.
// Whether `amount` itself is signed is not public (guess klarna.amount-sign): the sign
// comes from the type, so either convention reads the same, except CORRECTION, the one
// type that goes both ways, whose sign is taken as given.
SettlementTransaction to_transaction(const KlarnaRow& r, const std::string& where) {
    SettlementTransaction t;
    const std::string currency = r.amount.currency();
    t.amount = t.fee = t.vat_on_fee = Money::zero(currency);
    t.order_id = r.merchant_reference1;
    t.payment_reference = r.order_id;
    t.capture_reference = r.capture_reference;
    t.provider_type = r.detailed_type.empty() ? r.type : r.type + "/" + r.detailed_type;
    const std::string& date = r.capture_date.empty() ? r.sale_date : r.capture_date;
    t.date = date.substr(0, 10);
    // Klarna's own row id; assign_transaction_ids makes it unique in the payout.
    t.transaction_id = !r.capture_id.empty() ? r.capture_id : r.refund_id;
    const Money a = magnitude(r.amount), vat = magnitude(r.vat_amount);
    static const std::map<std::string, std::pair<const char*, int>> simple = {
        {"SALE", {"sale", +1}},         {"RETURN", {"refund", -1}},    {"REVERSAL", {"reversal", -1}},
        {"REVERSAL_MERCHANT_PROTECTION", {"correction", +1}},          {"COMMISSION", {"commission", +1}},
        {"CHARGE", {"charge", -1}},     {"CREDIT", {"credit", +1}},    {"HOLDBACK", {"holdback", -1}},
        {"RELEASE", {"release", +1}}};
    if (auto it = simple.find(r.type); it != simple.end()) {
        t.type = it->second.first;
        t.amount = it->second.second > 0 ? a : -a;
    } else if (r.type == "FEE") {
        t.type = "fee";
        t.fee = a;
        t.vat_on_fee = vat;
    } else if (r.type == "TAX") {
        t.type = "fee";
        t.vat_on_fee = a;
    } else if (r.type == "FEE_REFUND") {
        t.type = "fee_refund";
        t.fee = -a;
        t.vat_on_fee = -vat;
    } else if (r.type == "CORRECTION") {
        // A correction of a fee (FIXED_FEE_CORRECTION_SE, PERCENTAGE_FEE_CORRECTION,
        // VAT_ON_FEE_CORRECTION_UK ...) changes what Klarna keeps: money to the merchant
        // (positive) is a fee given back.
        const bool vat_only = r.detailed_type.find("VAT_ON_FEE") != std::string::npos;
        if (r.detailed_type.find("FEE_CORRECTION") != std::string::npos) {
            t.type = "fee_correction";
            const bool back = r.amount.minor() >= 0;
            if (vat_only) {
                t.vat_on_fee = back ? -a : a;
            } else {
                t.fee = back ? -a : a;
                t.vat_on_fee = back ? -vat : vat;
            }
        } else {
            t.type = "correction";
            t.amount = r.amount;
        }
    } else {
        throw RecordError(where, "type: unknown Klarna transaction type '" + r.type + "'");
    }
    return t;
}

void assign_transaction_ids(skarv::model::Settlement& payout) {
    std::set<std::string> used;
    for (std::size_t i = 0; i < payout.transactions.size(); ++i) {
        auto& t = payout.transactions[i];
        const auto& pt = t.provider_type;
        std::string id = pt.substr(0, pt.find('/'));
        // "<TYPE>:<capture_id or refund_id, else Klarna order id>:<DETAILED_TYPE>", stable
        // across reads of the same payout.
        id += ":" + (t.transaction_id.empty() ? t.payment_reference : t.transaction_id);
        if (pt.find('/') != std::string::npos) id += ":" + pt.substr(pt.find('/') + 1);
        std::string unique = id;
        for (int n = 2; !used.insert(unique).second; ++n) unique = id + "#" + std::to_string(n);
        t.transaction_id = unique;
    }
}

}  // namespace klarna
