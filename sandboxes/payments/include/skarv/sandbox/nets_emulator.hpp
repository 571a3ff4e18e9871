#pragma once
// A local stand-in for Nets Easy's (Nexi Checkout) Reporting API v1: payouts and the
// payment actions of each, behind the secret API key. Sources in README.md.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "skarv/sandbox/http_emulator.hpp"
#include "skarv/sandbox/seed_payouts.hpp"

namespace skarv::sandbox {

class NetsEmulator {
public:
    struct Options {
        SeedOptions seed;
        std::string today = "2026-11-23";
        std::string secret_key = "live-secret-key-0123456789abcdef";
        int max_page_size = 100;    // guess nets.page-size, docs/guesses.md
    };

    explicit NetsEmulator(Options options);
    ~NetsEmulator();
    NetsEmulator(const NetsEmulator&) = delete;
    NetsEmulator& operator=(const NetsEmulator&) = delete;

    uint16_t start(uint16_t port = 0);
    void stop();
    std::string base_url() const;
    HttpEmulator& http();
    const Options& options() const;

    const std::vector<SeedPayout>& payouts() const;
    const SeedData& seed() const;
    // GET /report/v1/payouts/{id} with every payment action on one page: what a person
    // saves for the connector's file-drop mode.
    boost::json::value payout_details(const std::string& id) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace skarv::sandbox
