#pragma once
// A local stand-in for Norce Commerce (formerly Jetshop): the OAuth2 client-credentials
// token endpoint, Connect 4.0 imports with jobs and order follow-ups, Query 2.0 orders
// (OData), and the order push Norce makes to a merchant's ERP endpoint. See README.md
// for which parts follow public documentation and which are guesses.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "skarv/sandbox/http_emulator.hpp"
#include "skarv/sandbox/seed_data.hpp"

namespace skarv::sandbox {

// Where each Norce service lives under the emulator's base URL; the same relative paths
// as on https://{client}.api-se.norce.tech, so a connector only swaps the host.
struct JetshopPaths {
    static constexpr const char* token = "/identity/1.0/connect/token";
    static constexpr const char* connect = "/commerce/connect/4.0";
    static constexpr const char* query = "/commerce/query/2.0";
};

class JetshopEmulator {
public:
    struct Options {
        SeedOptions seed;
        std::string client_id = "skarv";
        std::string client_secret = "skarv-secret";
        int token_ttl_s = 3600;
        // Norce allows 3 token requests a minute per caller with a burst of 20; off by
        // default so unrelated tests are not throttled, on to prove a client caches tokens.
        bool token_rate_limit = false;

        // The merchant's ERP endpoint Norce pushes OrderRequest to; empty = no push.
        std::string erp_push_url;
        // More addresses of the same endpoint (several Skarv workers behind what would be
        // one load-balanced URL): each attempt goes to one of all of them, drawn at random,
        // as a load balancer without health checks spreads requests; a dead one fails that
        // attempt and the retry draws again.
        std::vector<std::string> erp_push_more_urls;
        std::string erp_push_user;
        std::string erp_push_password;
        int push_retry_ms = 1000;
        int push_timeout_ms = 5000;
        int push_max_attempts = 0;      // 0 = keep trying until the ERP answers OK
        bool push_seed_orders = true;   // push the seed's "New" orders at start

        int job_delay_ms = 0;           // how long an import job stays queued before it may run
        // How long a running job takes per item it holds (Totals), so a big import is slow
        // the way a real one is; 0 = instant, so unrelated tests stay fast.
        int job_item_ms = 0;
        // How many jobs run at once; more wait Queued. guess norce.job-parallelism, docs/guesses.md
        int job_workers = 4;
        int query_max_page_size = 500;  // Norce clamps $top to 500
        int norce_client_id = 1001;     // ClientId in Query results and events
        std::string default_location_code = "MAIN";   // stock location in each warehouse

        // Answer every guess in docs/guesses.md ("Norce Commerce") that `probe` checks the
        // other way, so the probe's "contradicted" verdicts are tested too.
        bool contradict_guesses = false;
    };

    explicit JetshopEmulator(Options options);
    ~JetshopEmulator();
    JetshopEmulator(const JetshopEmulator&) = delete;
    JetshopEmulator& operator=(const JetshopEmulator&) = delete;

    uint16_t start(uint16_t port = 0);
    void stop();
    std::string base_url() const;
    HttpEmulator& http();

    // What GET /_control/state answers.
    boost::json::value state() const;
    // Same as POST /_control/orders: adds an order (and queues its push); returns its
    // ClientOrderRef. Throws std::invalid_argument naming what is wrong with the spec.
    std::string create_order(const boost::json::object& spec);
    // Push attempts made so far for one order (0 if unknown).
    int push_attempts(const std::string& client_order_ref) const;
    // True once the ERP endpoint answered StatusCode "OK" for this order.
    bool push_delivered(const std::string& client_order_ref) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace skarv::sandbox
