#pragma once
// The payouts the payment-provider emulators hold, built from the shared seed's orders
// so that every transaction of a known order points at that order's payment reference.
// Provider-neutral: each emulator renders them in its own wire format. Amounts are
// magnitudes in minor units; `kind` says which way the money goes.
//
// Per provider and per currency of its orders, the seed makes:
//   - payout 1 (today − 3): a sale for each of the first orders (fee and fee VAT on each);
//   - payout 2 (today − 1, SEK only), the awkward one: the rest of the sales, a partial
//     return of payout 1's first order, a fee correction (Klarna, Svea), and a sale for
//     an order Skarv never saw; its rows are dated over two days (Klarna pages it).
// A currency other than SEK gets its own payout (the payout in another currency).

#include <cstdint>
#include <string>
#include <vector>

#include "skarv/sandbox/seed_data.hpp"

namespace skarv::sandbox {

struct SeedPayoutRow {
    std::string kind;                // "sale", "return", "fee_correction"
    std::string row_id;              // unique in the provider: capture id, action id, delivery id
    std::string order_number;        // the shop's order number ("999999" for the unknown order)
    std::string payment_reference;   // the order's payment id at the provider
    std::string date;                // YYYY-MM-DD
    int64_t amount = 0;              // sale/return magnitude; 0 on a fee correction
    int64_t fee = 0;                 // fee ex VAT kept (sale) or given back (fee_correction), magnitude
    int64_t fee_vat = 0;             // VAT on that fee, magnitude
    bool known_order = true;         // false: an order the shop never had
};

struct SeedPayout {
    std::string provider;
    std::string id;                  // the provider's payout id
    std::string bank_reference;      // text on the bank statement
    std::string date;                // payout date YYYY-MM-DD
    std::string currency;
    std::vector<SeedPayoutRow> rows;

    // What reaches the bank: sales − returns − fees − fee VAT + fee corrections (with VAT).
    int64_t total() const;
    int64_t sales() const;
    int64_t returns() const;
    int64_t fees() const;            // fees kept minus fees given back, ex VAT
    int64_t fee_vat() const;
};

struct PayoutSeedOptions {
    std::string provider;            // "klarna", "nets", "svea"
    std::string today;               // YYYY-MM-DD; payouts are dated before it
    int fee_basis_points = 249;      // percentage fee on each sale
    int64_t fixed_fee_minor = 200;   // fixed fee on each sale (2.00 SEK/EUR/NOK)
    int fee_vat_basis_points = 0;    // VAT on fees: 0 for Nets ("no taxation on the fees")
    bool fee_correction = true;      // Nets has none
};

std::vector<SeedPayout> seed_payouts(const SeedData& seed, const PayoutSeedOptions& options);

// "YYYY-MM-DD" moved by `days`.
std::string add_days(const std::string& date, int days);

}  // namespace skarv::sandbox
