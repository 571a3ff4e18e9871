#include "payout_details.hpp"

namespace nets {

using skarv::JsonReader;
using skarv::RecordError;
using skarv::model::Money;
using skarv::model::Settlement;
using skarv::model::SettlementTransaction;

// Payout (payments.md §3.3): id, reference ("used on bank account statements"), date,
// currency, amount (paid to you), fees, feeTaxAmount ("Always 0 … no taxation on the
// fees"); amounts in minor units. Payment action: id, paymentId, paymentAction,
// paymentType, timestamp, reference, amount, currency, fee, feeTaxAmount. The values of
// paymentAction are not public: "Charge" and "Refund" are guess nets.payment-action, and
// any other value is refused rather than guessed at. Amounts are read as magnitudes with
// the sign from the action (guess nets.amount-sign).
Settlement payout_from_json(const boost::json::value& payout, const boost::json::array& actions, const std::string& where) {
    JsonReader p(payout, where);
    Settlement s;
    s.provider = "nets";
    s.settlement_id = p.string("id");
    s.bank_reference = p.string_or("reference", "");
    s.payout_date = p.string("date").substr(0, 10);
    s.currency = p.string("currency");
    s.stated_payout = Money(p.integer("amount"), s.currency);
    for (std::size_t i = 0; i < actions.size(); ++i) {
        JsonReader a(actions[i], where + ".paymentActions[" + std::to_string(i) + "]");
        if (a.has("currency") && a.string("currency") != s.currency)
            throw RecordError(a.at("currency"), "'" + a.string("currency") + "' differs from the payout's " + s.currency);
        SettlementTransaction t;
        const std::string action = a.string("paymentAction");
        Money amount(a.integer("amount"), s.currency);
        if (amount.minor() < 0) amount = -amount;   // throws overflow_error on INT64_MIN, caught below
        if (action == "Charge") {
            t.type = "sale";
            t.amount = amount;
        } else if (action == "Refund") {
            t.type = "refund";
            t.amount = -amount;
        } else {
            throw RecordError(a.at("paymentAction"), "unknown payment action '" + action + "'");
        }
        t.fee = Money(a.integer_or("fee", 0), s.currency);
        t.vat_on_fee = Money(a.integer_or("feeTaxAmount", 0), s.currency);
        t.transaction_id = a.string("id");
        t.payment_reference = a.string("paymentId");
        t.order_id = a.string_or("reference", "");
        t.date = a.string_or("timestamp", "").substr(0, 10);
        t.provider_type = action + (a.has("paymentType") ? "/" + a.string("paymentType") : "");
        s.transactions.push_back(std::move(t));
    }
    return skarv::model::checked_settlement(s, where);
}

std::vector<Settlement> read_payout_file(const std::string& text, const std::string& file_name) {
    const auto doc = skarv::parse_json(text, file_name);
    std::vector<Settlement> out;
    auto one = [&](const boost::json::value& d, const std::string& where) {
        JsonReader r(d, where);
        const auto& actions = r.value("paymentActions");
        if (!actions.is_array()) throw RecordError(r.at("paymentActions"), "expected an array");
        // A saved page of a longer payout would book half of it.
        if (r.has("numberOfPaymentActions") &&
            r.integer("numberOfPaymentActions") != static_cast<int64_t>(actions.get_array().size()))
            throw RecordError(r.at("paymentActions"), "holds " + std::to_string(actions.get_array().size()) + " of " +
                                                          std::to_string(r.integer("numberOfPaymentActions")) + " actions");
        out.push_back(payout_from_json(d, actions.get_array(), where));
    };
    if (doc.is_array()) {
        for (std::size_t i = 0; i < doc.get_array().size(); ++i)
            one(doc.get_array()[i], file_name + "[" + std::to_string(i) + "]");
    } else {
        one(doc, file_name);
    }
    return out;
}

}  // namespace nets
