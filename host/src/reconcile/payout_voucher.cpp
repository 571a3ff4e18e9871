#include "skarv/host/reconcile/payout_voucher.hpp"

#include <cctype>
#include <map>
#include <utility>

#include <skarv/json_reader.hpp>

namespace skarv::host {

BookingAccounts read_booking_accounts(const boost::json::object& settings, const std::string& path) {
    BookingAccounts a;
    const std::pair<const char*, std::string*> accounts[] = {
        {"bank", &a.bank},       {"receivables", &a.receivables}, {"fees", &a.fees},         {"fee_vat", &a.fee_vat},
        {"reserve", &a.reserve}, {"losses", &a.losses},           {"suspense", &a.suspense},
    };
    for (const auto& [key, value] : settings) {
        const std::string at = path + "." + std::string(key);
        if (!value.is_string()) throw RecordError(at, "expected a string");
        const std::string text(value.get_string());
        if (key == "series") {
            // Visma Administration maps only series A-Z (payments.md §5.4).
            if (text.size() != 1 || text[0] < 'A' || text[0] > 'Z') throw RecordError(at, "a voucher series is one letter A-Z");
            a.series = text;
            continue;
        }
        if (key == "currency") {
            if (text.size() != 3) throw RecordError(at, "expected an ISO 4217 code such as \"SEK\"");
            a.currency = text;
            continue;
        }
        std::string* target = nullptr;
        for (const auto& [name, field] : accounts)
            if (key == name) target = field;
        if (!target)
            throw RecordError(at, "unknown key (bank, receivables, fees, fee_vat, reserve, losses, suspense, series, currency)");
        bool digits = !text.empty() && text.size() <= 10;
        for (char c : text) digits = digits && std::isdigit(static_cast<unsigned char>(c));
        if (!digits) throw RecordError(at, "an account number is 1-10 digits, e.g. \"1930\"");
        *target = text;
    }
    return a;
}

std::string provider_title(const std::string& provider) {
    std::string s = provider;
    if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
    return s;
}

std::string payout_key(const model::Settlement& payout) { return payout.provider + ":" + payout.settlement_id; }

namespace {

// Rows of one kind on one account (one invoice's sales, all fees) become one voucher
// row, in the order first met, so the voucher reads like the bookkeeper's own.
class RowSum {
public:
    explicit RowSum(std::string currency) : currency_(std::move(currency)) {}
    void add(const std::string& account, const std::string& text, const model::Money& amount) {
        auto key = std::make_pair(account, text);
        auto it = index_.find(key);
        if (it == index_.end()) {
            index_.emplace(key, rows_.size());
            rows_.push_back({account, amount, text});
        } else {
            rows_[it->second].amount += amount;
        }
    }
    std::vector<model::VoucherRow> rows() const {
        std::vector<model::VoucherRow> out;
        for (const auto& r : rows_)
            if (!r.amount.is_zero()) out.push_back(r);
        return out;
    }

private:
    std::string currency_;
    std::map<std::pair<std::string, std::string>, std::size_t> index_;
    std::vector<model::VoucherRow> rows_;
};

std::string reference_of(const model::SettlementTransaction& t) {
    if (!t.payment_reference.empty()) return t.payment_reference;
    if (!t.order_id.empty()) return "order " + t.order_id;
    return t.transaction_id;
}

}  // namespace

PayoutVoucher build_payout_voucher(const model::Settlement& payout, const PayoutMatch& match, const BookingAccounts& accounts) {
    PayoutVoucher out;
    const std::string title = provider_title(payout.provider);
    const std::string name = title + " payout " + payout.settlement_id;
    if (payout.currency != accounts.currency) {
        out.refusal = name + " is in " + payout.currency + " but the books are in " + accounts.currency +
                      ": Skarv does not convert currencies; book it by hand at the bank's rate";
        return out;
    }
    if (auto diff = payout.difference(); diff && !diff->is_zero()) {
        out.refusal = name + ": the provider states a payout of " + payout.stated_payout->to_string() +
                      " but its transactions add up to " + payout.payout().to_string() + " (difference " +
                      diff->to_string() + "); nothing booked";
        return out;
    }
    if (!payout.parts.empty()) {
        auto sum = model::Money::zero(payout.currency);
        for (const auto& p : payout.parts) sum += p.amount;
        if (sum != payout.payout()) {
            out.refusal = name + ": its deposits add up to " + sum.to_string() + " but the payout is " +
                          payout.payout().to_string() + " (difference " + (sum - payout.payout()).to_string() +
                          "); nothing booked";
            return out;
        }
    }
    if (match.rows.size() != payout.transactions.size()) {
        out.refusal = name + ": the match covers " + std::to_string(match.rows.size()) + " of " +
                      std::to_string(payout.transactions.size()) + " transactions";
        return out;
    }
    if (!match.ready()) {
        std::string first;
        for (const auto& r : match.rows)
            if (r.state == MatchState::waiting && first.empty()) first = r.reason;
        out.refusal = name + ": " + std::to_string(match.count(MatchState::waiting)) +
                      " transaction(s) wait for their order (" + first + "); not booked yet";
        return out;
    }
    if (payout.transactions.empty()) {
        out.refusal = name + " has no transactions; nothing to book";
        return out;
    }

    const auto zero = model::Money::zero(payout.currency);
    RowSum rows(payout.currency);
    RowSum fees(payout.currency);   // after the invoices, as a bookkeeper writes them
    // The bank first: what arrived, one row a deposit when the payout came in parts.
    if (payout.parts.empty()) {
        rows.add(accounts.bank, title + " " + (payout.bank_reference.empty() ? payout.settlement_id : payout.bank_reference),
                 payout.payout());
    } else {
        for (std::size_t i = 0; i < payout.parts.size(); ++i) {
            const auto& p = payout.parts[i];
            rows.add(accounts.bank, title + " " + payout.settlement_id + " del " + std::to_string(i + 1) + " " + p.date +
                                        (p.bank_reference.empty() ? "" : " " + p.bank_reference),
                     p.amount);
        }
    }
    const bool net = payout.settlement_type == "net";
    const std::string fee_text = title + " avgifter";
    const std::string vat_text = "Moms " + title + " avgifter";
    for (const auto& m : match.rows) {
        const auto& t = payout.transactions[m.index];
        // Money leaving the payout's side is booked with the opposite sign: a sale
        // (positive) credits the receivable, a refund (negative) debits it.
        const auto booked = zero - t.amount;
        if (m.state == MatchState::matched) {
            if (t.type == "sale")
                rows.add(accounts.receivables, "Faktura " + m.invoice_no + " / order " + m.order_id, booked);
            else if (t.type == "refund")
                rows.add(accounts.receivables, "Återbetalning faktura " + m.invoice_no + " / order " + m.order_id, booked);
            else if (t.type == "reversal" || t.type == "chargeback")
                rows.add(accounts.losses, title + " " + t.type + " faktura " + m.invoice_no + " / order " + m.order_id, booked);
            else
                rows.add(accounts.receivables, "Korrigering faktura " + m.invoice_no + " / order " + m.order_id, booked);
        } else if (m.state == MatchState::unmatched) {
            rows.add(accounts.suspense, "Oavstämd " + t.type + " " + reference_of(t), booked);
        } else if (t.type == "holdback" || t.type == "release") {
            rows.add(accounts.reserve, title + " reserv", booked);
        } else if (!t.amount.is_zero()) {
            rows.add(accounts.suspense, title + " " + t.type + " " + reference_of(t), booked);
        }
        if (net) {
            fees.add(accounts.fees, fee_text, t.fee);
            fees.add(accounts.fee_vat, vat_text, t.vat_on_fee);
        }
    }
    model::Voucher v;
    v.series = accounts.series;
    v.date = payout.payout_date;
    v.text = title + " utbetalning " + payout.settlement_id;
    v.rows = rows.rows();
    for (auto& r : fees.rows()) v.rows.push_back(std::move(r));
    if (!v.balanced()) {
        // Cannot happen when the rows above follow payout(): kept so a future rule that
        // breaks it refuses instead of booking a lopsided voucher.
        out.refusal = name + ": the voucher does not balance; nothing booked";
        return out;
    }
    out.voucher = std::move(v);
    return out;
}

}  // namespace skarv::host
