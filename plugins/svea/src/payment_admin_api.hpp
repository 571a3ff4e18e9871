#pragma once
// settlements.read against Svea's Payment Admin API: the reconciliation report of each
// day from the cursor's date to today, one day a page.

#include <string>

#include <boost/json.hpp>

#include <skarv/http_client.hpp>
#include <skarv/plugin.hpp>

namespace svea {

struct ApiConfig {
    std::string base_url = "https://paymentadminapi.svea.com";
    std::string merchant_id, secret;
    std::string start_date;          // first report date read, YYYY-MM-DD
    bool include_withholding = false;
    int timeout_ms = 30000;
};

// "Svea " + base64(merchant id + ":" + uppercase hex SHA-512(body + secret + timestamp)):
// Svea Checkout's scheme, assumed for the Payment Admin API too (guess svea.auth).
std::string authorization(const std::string& merchant_id, const std::string& secret, const std::string& body,
                          const std::string& timestamp);

class PaymentAdminApi {
public:
    PaymentAdminApi(ApiConfig config, skarv::HostServices host);
    boost::json::value read(const boost::json::object& request);
    boost::json::value check();

private:
    boost::json::value report(const std::string& date) const;

    ApiConfig config_;
    skarv::HostServices host_;
    skarv::HttpClient http_;
};

}  // namespace svea
