#pragma once
// The voucher that books one payout: the bank debited with what arrived, each matched
// invoice's receivable credited (refunds debited), the provider's fees and the VAT on
// them debited to their accounts, holdbacks to the provider receivable, reversals to
// losses, and what could not be matched to the suspense account with its reason. Every
// account can be set per provider; the defaults are BAS accounts (docs/reconciliation.md).

#include <optional>
#include <string>

#include <boost/json.hpp>
#include <skarv/model/settlement.hpp>

#include "skarv/host/reconcile/payout_matching.hpp"

namespace skarv::host {

struct BookingAccounts {
    std::string bank = "1930";          // Företagskonto: where the payout lands
    std::string receivables = "1510";   // Kundfordringar: the invoices the payout settles
    std::string fees = "6040";          // Kontokortsavgifter: the provider's fees, net of VAT
    std::string fee_vat = "2641";       // Debiterad ingående moms: VAT the provider charged on its fees
    std::string reserve = "1689";       // Övriga kortfristiga fordringar: money the provider holds back
    std::string losses = "6351";        // Konstaterade förluster på kundfordringar: reversals, chargebacks
    std::string suspense = "2999";      // OBS account: unmatched rows and payout rows without a rule
    std::string series = "A";           // voucher series; Visma Administration imports only A-Z
    std::string currency = "SEK";       // the books' currency: a payout in another is not booked
};

// `settings` overrides the defaults key by key ("bank", "receivables", ...). Throws
// RecordError naming `path`.key for an account that is not 1-10 digits or an unknown key.
BookingAccounts read_booking_accounts(const boost::json::object& settings, const std::string& path);

// "klarna" -> "Klarna": for voucher texts a bookkeeper reads.
std::string provider_title(const std::string& provider);

// The idempotency key of a payout everywhere it is booked: "<provider>:<settlement_id>".
std::string payout_key(const model::Settlement& payout);

struct PayoutVoucher {
    std::optional<model::Voucher> voucher;   // set when the payout can be booked
    std::string refusal;                     // else why not, naming the figures
};

// Refuses a payout whose stated sum differs from its rows (showing the difference), a
// payout whose parts do not add up to it, one in another currency than the books', and
// one with rows still waiting for their order. `match` is match_payout's answer for it.
PayoutVoucher build_payout_voucher(const model::Settlement& payout, const PayoutMatch& match,
                                   const BookingAccounts& accounts);

}  // namespace skarv::host
