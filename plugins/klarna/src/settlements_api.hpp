#pragma once
// settlements.read against Klarna's Settlements API v1: the payouts since the cursor's
// date, each with every one of its transactions (all pages), in minor units.

#include <string>

#include <boost/json.hpp>

#include <skarv/http_client.hpp>
#include <skarv/model/settlement.hpp>
#include <skarv/plugin.hpp>

namespace klarna {

struct ApiConfig {
    std::string base_url = "https://api.klarna.com";
    std::string username, password;
    std::string start_date;              // first payout date to read, YYYY-MM-DD
    int transactions_page_size = 500;    // Klarna's maximum
    int timeout_ms = 30000;
};

// A payout JSON object and its transaction objects → the settlement. Throws RecordError
// naming the payout and field.
skarv::model::Settlement payout_from_json(const boost::json::value& payout, const boost::json::array& transactions);

class SettlementsApi {
public:
    SettlementsApi(ApiConfig config, skarv::HostServices host);
    boost::json::value read(const boost::json::object& request);
    boost::json::value check();

private:
    boost::json::value get(const std::string& path_and_query, const std::string& what) const;

    ApiConfig config_;
    skarv::HostServices host_;
    skarv::HttpClient http_;
    std::string authorization_;
};

}  // namespace klarna
