#pragma once
// A local stand-in for Klarna's Settlements API v1: payouts, transactions and the CSV
// payout report, behind HTTP Basic auth. Shapes and rules with their sources in
// README.md; the seeded payouts come from seed_payouts.hpp.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "skarv/sandbox/http_emulator.hpp"
#include "skarv/sandbox/seed_payouts.hpp"

namespace skarv::sandbox {

class KlarnaEmulator {
public:
    struct Options {
        SeedOptions seed;
        std::string today = "2026-11-23";
        std::string username = "K123456_abcd12345";
        std::string password = "klarna-shared-secret";
        std::string merchant_id = "K123456";
    };

    explicit KlarnaEmulator(Options options);
    ~KlarnaEmulator();
    KlarnaEmulator(const KlarnaEmulator&) = delete;
    KlarnaEmulator& operator=(const KlarnaEmulator&) = delete;

    uint16_t start(uint16_t port = 0);
    void stop();
    std::string base_url() const;
    HttpEmulator& http();
    const Options& options() const;

    const std::vector<SeedPayout>& payouts() const;
    const SeedData& seed() const;
    // The CSV payout report of one payout, as GET /settlements/v1/reports/payout-with-transactions answers it.
    std::string csv_report(const std::string& payment_reference) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace skarv::sandbox
