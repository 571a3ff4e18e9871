#pragma once
// Settlement: one payout from a payment provider (Klarna, Nets, Svea) with the
// transactions it pays for and the fees it keeps. Voucher: the balanced bookkeeping
// entry the ERP gets for it.

#include <array>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "skarv/json_reader.hpp"
#include "skarv/model/money.hpp"

namespace skarv::model {

// What a transaction is, in Skarv's words; each provider's own type is kept beside it in
// `provider_type`. Signs of `amount` (money from the customer's side, to the merchant):
// sale, release, commission, credit, deposit +; refund, reversal, chargeback, holdback,
// charge −; correction and adjustment either way. Fee rows carry their money in `fee` and
// `vat_on_fee` (amount 0): fee and fee_correction positive = kept by the provider,
// fee_refund negative = given back. docs/records.md maps each provider's types.
inline constexpr std::array<std::string_view, 15> settlement_transaction_types = {
    "sale",       "refund",  "reversal", "chargeback", "fee",    "fee_refund", "fee_correction", "correction",
    "adjustment", "holdback", "release", "commission", "charge", "credit",     "deposit"};

inline bool is_settlement_transaction_type(std::string_view type) {
    for (auto t : settlement_transaction_types)
        if (t == type) return true;
    return false;
}

// "YYYY-MM-DD" with a plausible month and day; the providers' date-times are cut to this.
inline bool is_iso_date(std::string_view d) {
    if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
    for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
        if (d[i] < '0' || d[i] > '9') return false;
    int month = (d[5] - '0') * 10 + (d[6] - '0'), day = (d[8] - '0') * 10 + (d[9] - '0');
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

struct SettlementTransaction {
    std::string type;                // one of settlement_transaction_types
    std::string order_id;            // the shop's order number, when the provider gives it
    std::string payment_reference;   // the provider's id of the order's payment (Klarna order_id, Nets paymentId, Svea checkout order id)
    Money amount;                    // money of the sale itself: sale positive, refund negative; 0 on fee rows
    Money fee;                       // the provider's fee, excluding VAT: positive = kept by the provider
    std::string transaction_id;      // the provider's id of this row, unique within the payout
    std::string date;                // ISO 8601 date the provider dates the row (capture, refund, fee)
    Money vat_on_fee;                // VAT the provider charges on `fee`, same sign as the fee
    std::string provider_type;       // the provider's own type as given, e.g. "FEE/PURCHASE_FEE_FIXED"
    std::string capture_reference;   // the reference the merchant sent with the capture (e.g. the ERP invoice number)
};

// One bank deposit of a payout that reaches the bank in more than one transfer.
struct SettlementPart {
    std::string date;                // ISO 8601 date of the deposit
    Money amount;
    std::string bank_reference;      // the text on the bank statement for this deposit
};

struct Settlement {
    std::string provider;            // "klarna", "nets", "svea"
    std::string settlement_id;
    std::string payout_date;         // ISO 8601 date
    std::string currency = "SEK";
    std::vector<SettlementTransaction> transactions;
    std::optional<Money> stated_payout;   // what the provider says it paid out
    std::string bank_reference;      // the text on the bank statement (Klarna payment_reference, Nets reference)
    // "net": fees are deducted from the payout; "gross": the provider invoices them
    // separately (Klarna GROSS and GROSS_FEE), so they are not in the payout.
    std::string settlement_type = "net";
    std::vector<SettlementPart> parts;   // empty: one deposit of the whole payout on payout_date

    Money gross() const {
        Money m = Money::zero(currency);
        for (const auto& t : transactions) m += t.amount;
        return m;
    }
    Money fees() const {
        Money m = Money::zero(currency);
        for (const auto& t : transactions) m += t.fee;
        return m;
    }
    Money fee_vat() const {
        Money m = Money::zero(currency);
        for (const auto& t : transactions) m += t.vat_on_fee;
        return m;
    }
    // What the transactions add up to being paid out.
    Money payout() const { return settlement_type == "net" ? gross() - fees() - fee_vat() : gross(); }
    // stated_payout − payout(): zero when the provider's figure agrees with its rows.
    std::optional<Money> difference() const {
        if (!stated_payout) return std::nullopt;
        return *stated_payout - payout();
    }
};

struct VoucherRow {
    std::string account;             // BAS chart account, e.g. "1930"
    Money amount;                    // debit positive, credit negative
    std::string text;
};

struct Voucher {
    std::string series;              // ERP voucher series
    std::string date;
    std::string text;
    std::vector<VoucherRow> rows;

    // Double-entry: every voucher's rows sum to zero.
    bool balanced() const {
        if (rows.empty()) return false;
        Money sum = Money::zero(rows.front().amount.currency());
        for (const auto& r : rows) sum += r.amount;
        return sum.is_zero();
    }
};

inline void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const SettlementTransaction& t) {
    boost::json::object o{{"type", t.type},
                          {"order_id", t.order_id},
                          {"payment_reference", t.payment_reference},
                          {"amount", boost::json::value_from(t.amount)},
                          {"fee", boost::json::value_from(t.fee)},
                          {"vat_on_fee", boost::json::value_from(t.vat_on_fee)}};
    if (!t.transaction_id.empty()) o["transaction_id"] = t.transaction_id;
    if (!t.date.empty()) o["date"] = t.date;
    if (!t.provider_type.empty()) o["provider_type"] = t.provider_type;
    if (!t.capture_reference.empty()) o["capture_reference"] = t.capture_reference;
    v = std::move(o);
}
inline void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const SettlementPart& p) {
    boost::json::object o{{"date", p.date}, {"amount", boost::json::value_from(p.amount)}};
    if (!p.bank_reference.empty()) o["bank_reference"] = p.bank_reference;
    v = std::move(o);
}
inline void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const Settlement& s) {
    boost::json::object o{{"provider", s.provider},
                          {"settlement_id", s.settlement_id},
                          {"payout_date", s.payout_date},
                          {"currency", s.currency},
                          {"settlement_type", s.settlement_type},
                          {"transactions", boost::json::value_from(s.transactions)},
                          {"payout", boost::json::value_from(s.payout())}};
    if (!s.bank_reference.empty()) o["bank_reference"] = s.bank_reference;
    if (s.stated_payout) {
        o["stated_payout"] = boost::json::value_from(*s.stated_payout);
        o["difference"] = boost::json::value_from(*s.difference());
    }
    if (!s.parts.empty()) o["parts"] = boost::json::value_from(s.parts);
    v = std::move(o);
}

namespace settlement_detail {
inline Money money_in(const JsonReader& r, std::string_view key, const std::string& currency) {
    Money m = read_money(r.value(key), r.at(key));
    if (m.currency() != currency) throw RecordError(r.at(key), "currency " + m.currency() + " differs from the settlement's " + currency);
    return m;
}
inline Money money_or_zero(const JsonReader& r, std::string_view key, const std::string& currency) {
    return r.has(key) ? money_in(r, key, currency) : Money::zero(currency);
}
inline std::string date_or_empty(const JsonReader& r, std::string_view key) {
    std::string d = r.string_or(key, "");
    if (!d.empty() && !is_iso_date(d)) throw RecordError(r.at(key), "expected a date YYYY-MM-DD, got '" + d + "'");
    return d;
}
}  // namespace settlement_detail

// Strict: every problem names its field, e.g. "settlement.transactions[2].type: unknown type 'payout'".
inline Settlement read_settlement(const boost::json::value& v, const std::string& path = "settlement") {
    using namespace settlement_detail;
    JsonReader r(v, path);
    Settlement s;
    s.provider = r.string("provider");
    s.settlement_id = r.string("settlement_id");
    if (s.settlement_id.empty()) throw RecordError(r.at("settlement_id"), "must not be empty");
    s.payout_date = date_or_empty(r, "payout_date");
    s.currency = r.string_or("currency", "SEK");
    s.bank_reference = r.string_or("bank_reference", "");
    s.settlement_type = r.string_or("settlement_type", "net");
    if (s.settlement_type != "net" && s.settlement_type != "gross")
        throw RecordError(r.at("settlement_type"), "expected \"net\" or \"gross\", got '" + s.settlement_type + "'");
    if (r.has("stated_payout")) s.stated_payout = money_in(r, "stated_payout", s.currency);
    std::set<std::string> ids;
    s.transactions = r.list<SettlementTransaction>("transactions", [&](const boost::json::value& e, const std::string& p) {
        JsonReader t(e, p);
        SettlementTransaction x;
        x.type = t.string("type");
        if (!is_settlement_transaction_type(x.type))
            throw RecordError(t.at("type"), "unknown type '" + x.type + "'");
        x.order_id = t.string_or("order_id", "");
        x.payment_reference = t.string_or("payment_reference", "");
        x.amount = money_in(t, "amount", s.currency);
        x.fee = money_or_zero(t, "fee", s.currency);
        x.vat_on_fee = money_or_zero(t, "vat_on_fee", s.currency);
        x.transaction_id = t.string_or("transaction_id", "");
        if (!x.transaction_id.empty() && !ids.insert(x.transaction_id).second)
            throw RecordError(t.at("transaction_id"), "'" + x.transaction_id + "' appears twice in the payout");
        x.date = date_or_empty(t, "date");
        x.provider_type = t.string_or("provider_type", "");
        x.capture_reference = t.string_or("capture_reference", "");
        return x;
    });
    s.parts = r.list<SettlementPart>("parts", [&](const boost::json::value& e, const std::string& p) {
        JsonReader t(e, p);
        SettlementPart x{t.string("date"), money_in(t, "amount", s.currency), t.string_or("bank_reference", "")};
        if (!is_iso_date(x.date)) throw RecordError(t.at("date"), "expected a date YYYY-MM-DD, got '" + x.date + "'");
        return x;
    });
    if (!s.parts.empty()) {
        if (!s.stated_payout) throw RecordError(r.at("stated_payout"), "required when the payout has parts");
        Money sum = Money::zero(s.currency);
        for (const auto& part : s.parts) sum += part.amount;
        if (sum != *s.stated_payout)
            throw RecordError(r.at("parts"), "the parts sum to " + sum.to_string() + ", the stated payout is " +
                                                 s.stated_payout->to_string());
    }
    return s;
}

// A connector's last step: the settlement it built, put through the record's own reader
// (dates, types, unique row ids), and sums beyond int64 refused naming `where` rather
// than escaping as a bare overflow_error.
inline Settlement checked_settlement(const Settlement& s, const std::string& where) {
    try {
        return read_settlement(boost::json::value_from(s), where);
    } catch (const RecordError&) {
        throw;
    } catch (const std::exception& e) {
        throw RecordError(where, std::string("amounts out of range: ") + e.what());
    }
}

inline void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const VoucherRow& r) {
    v = {{"account", r.account}, {"amount", boost::json::value_from(r.amount)}, {"text", r.text}};
}
inline void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const Voucher& x) {
    v = {{"series", x.series}, {"date", x.date}, {"text", x.text}, {"rows", boost::json::value_from(x.rows)}};
}
inline Voucher read_voucher(const boost::json::value& v, const std::string& path = "voucher") {
    JsonReader r(v, path);
    Voucher x;
    x.series = r.string_or("series", "");
    x.date = r.string("date");
    x.text = r.string_or("text", "");
    x.rows = r.list<VoucherRow>("rows", [](const boost::json::value& e, const std::string& p) {
        JsonReader rr(e, p);
        return VoucherRow{rr.string("account"), read_money(rr.value("amount"), rr.at("amount")), rr.string_or("text", "")};
    });
    for (std::size_t i = 0; i < x.rows.size(); ++i)
        if (x.rows[i].amount.currency() != x.rows.front().amount.currency())
            throw RecordError(path + ".rows[" + std::to_string(i) + "]", "currency differs from the first row's");
    if (!x.balanced()) throw RecordError(path + ".rows", "a voucher's rows must sum to zero");
    return x;
}

}  // namespace skarv::model
