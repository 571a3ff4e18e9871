#pragma once
// Settlement: one payout from a payment provider (Klarna, Nets, Svea) with the
// transactions it pays for and the fees it keeps. Voucher: the balanced bookkeeping
// entry the ERP gets for it.

#include <string>
#include <vector>

#include "skarv/json_reader.hpp"
#include "skarv/model/money.hpp"

namespace skarv::model {

struct SettlementTransaction {
    std::string type;                // "sale", "refund", "fee", "chargeback", "adjustment"
    std::string order_id;            // the shop's reference, when the provider gives it
    std::string payment_reference;
    Money amount;                    // sale positive, refund negative
    Money fee;                       // the provider's fee on this transaction (positive)
};

struct Settlement {
    std::string provider;            // "klarna", "nets", "svea"
    std::string settlement_id;
    std::string payout_date;         // ISO 8601 date
    std::string currency = "SEK";
    std::vector<SettlementTransaction> transactions;

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
    Money payout() const { return gross() - fees(); }
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
    v = {{"type", t.type}, {"order_id", t.order_id}, {"payment_reference", t.payment_reference},
         {"amount", boost::json::value_from(t.amount)}, {"fee", boost::json::value_from(t.fee)}};
}
inline void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const Settlement& s) {
    v = {{"provider", s.provider}, {"settlement_id", s.settlement_id}, {"payout_date", s.payout_date},
         {"currency", s.currency}, {"transactions", boost::json::value_from(s.transactions)},
         {"payout", boost::json::value_from(s.payout())}};
}
inline Settlement read_settlement(const boost::json::value& v, const std::string& path = "settlement") {
    JsonReader r(v, path);
    Settlement s;
    s.provider = r.string("provider");
    s.settlement_id = r.string("settlement_id");
    s.payout_date = r.string_or("payout_date", "");
    s.currency = r.string_or("currency", "SEK");
    s.transactions = r.list<SettlementTransaction>("transactions", [&](const boost::json::value& e, const std::string& p) {
        JsonReader t(e, p);
        SettlementTransaction x{t.string("type"), t.string_or("order_id", ""), t.string_or("payment_reference", ""),
                                read_money(t.value("amount"), t.at("amount")),
                                t.has("fee") ? read_money(t.value("fee"), t.at("fee")) : Money::zero(s.currency)};
        if (x.amount.currency() != s.currency || x.fee.currency() != s.currency)
            throw RecordError(p, "currency differs from the settlement's " + s.currency);
        return x;
    });
    return s;
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
