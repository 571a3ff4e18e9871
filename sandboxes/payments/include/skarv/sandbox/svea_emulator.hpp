#pragma once
// A local stand-in for Svea's Payment Admin API reconciliation report
// (GET /api/v2/reports?date=...): the payout of each day with its rows and fees, behind
// Svea's signed Authorization and Timestamp headers. Sources in README.md.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "skarv/sandbox/http_emulator.hpp"
#include "skarv/sandbox/seed_payouts.hpp"

namespace skarv::sandbox {

class SveaEmulator {
public:
    struct Options {
        SeedOptions seed;
        std::string today = "2026-11-23";
        std::string merchant_id = "124842";
        std::string secret = "svea-secret-word";
    };

    explicit SveaEmulator(Options options);
    ~SveaEmulator();
    SveaEmulator(const SveaEmulator&) = delete;
    SveaEmulator& operator=(const SveaEmulator&) = delete;

    uint16_t start(uint16_t port = 0);
    void stop();
    std::string base_url() const;
    HttpEmulator& http();
    const Options& options() const;

    const std::vector<SeedPayout>& payouts() const;
    const SeedData& seed() const;
    // The report for one date as the API answers it: what the connector's file-drop mode reads.
    boost::json::value report(const std::string& date) const;
    // Svea's client id for a currency (one client account per currency).
    static int64_t client_id(const std::string& currency);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// "Svea " + base64(merchant_id + ":" + uppercase hex SHA-512(body + secret + timestamp)).
std::string svea_authorization(const std::string& merchant_id, const std::string& secret, const std::string& body,
                               const std::string& timestamp);

}  // namespace skarv::sandbox
