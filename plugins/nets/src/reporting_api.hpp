#pragma once
// settlements.read against Nets Easy's Reporting API v1: the payouts since the cursor's
// date, each with all of its payment actions.

#include <string>

#include <boost/json.hpp>

#include <skarv/http_client.hpp>
#include <skarv/plugin.hpp>

namespace nets {

struct ApiConfig {
    std::string base_url = "https://api.dibspayment.eu";
    std::string secret_key;
    std::string start_date;          // first payout date read, YYYY-MM-DD
    int page_size = 100;             // guess nets.page-size
    int timeout_ms = 30000;
};

class ReportingApi {
public:
    ReportingApi(ApiConfig config, skarv::HostServices host);
    boost::json::value read(const boost::json::object& request);
    boost::json::value check();

private:
    boost::json::value get(const std::string& path_and_query, const std::string& what) const;

    ApiConfig config_;
    skarv::HostServices host_;
    skarv::HttpClient http_;
};

}  // namespace nets
