#pragma once
// The connector's settings, read once in create() and checked there, so a bad value is
// reported with its path before any call reaches Norce.

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

namespace jetshop {

// One Norce application (market) and the Skarv channel it is.
struct Application {
    int channel = 1;
    int application_id = 0;
    std::string application_key;      // GUID the order push carries in Header.ApplicationKey
    std::string price_list;           // the application's price list code
    std::string currency = "SEK";
    std::string culture = "sv-SE";
    int sales_area_id = 1;            // VAT region, for SKU VatRates
};

struct Config {
    std::string base_url;
    std::string client_id;
    std::string client_secret;
    std::string scope = "playground";
    std::vector<Application> applications;

    std::string push_user;            // what Norce sends as Basic auth to the ERP endpoint
    std::string push_password;

    std::vector<int> release_status_ids{0};   // Query StatusIds that release an order to the ERP
    // Canonical status -> Norce OrderStatus name for SendOrderStatus; empty = send none.
    std::map<std::string, std::string> status_map{
        {"confirmed", "Confirmed"}, {"delivered", "Delivered"}, {"invoiced", "Invoiced"}, {"paid", "Invoiced"}, {"cancelled", "Cancelled"}};
    std::map<int, std::string> payment_methods;   // Query PaymentMethodId -> canonical method
    std::vector<std::string> freight_part_nos{"FREIGHT"};

    std::chrono::milliseconds request_timeout{10000};
    std::chrono::milliseconds job_timeout{120000};
    std::chrono::milliseconds job_poll{250};
    int token_renew_margin_s = 60;
    int batch_size = 200;
    int jobs_in_flight = 4;           // import jobs posted and not yet finished, at most
    int query_page_size = 500;

    int account_id = 0;               // AccountId in X-StormConnect-Header (required)
    std::string manufacturer_code = "SKARV";
    std::string manufacturer_name;
    std::string default_location = "MAIN";

    const Application* by_channel(int channel) const;
    const Application* by_application_id(int id) const;
    const Application* by_application_key(const std::string& key) const;
    const Application& primary() const { return applications.front(); }
};

// Throws skarv::RecordError naming the path of the bad setting.
Config read_config(const boost::json::object& json);

// The JSON Schema of the config, as the capability document carries it.
const char* config_schema_json();

}  // namespace jetshop

// A literal, so the descriptor's capability document is one constant string.
#define JETSHOP_CONFIG_SCHEMA \
    "{" \
    "\"type\":\"object\",\"required\":[\"base_url\",\"client_id\",\"client_secret\",\"applications\",\"account_id\"],\"properties\":{" \
    "\"base_url\":{\"type\":\"string\",\"minLength\":8,\"description\":\"https://{client}.api-se.norce.tech (Connect, Query and identity live under it)\"}," \
    "\"client_id\":{\"type\":\"string\",\"minLength\":1,\"description\":\"OAuth2 client id (Admin > Settings > Users > OAUTH)\"}," \
    "\"client_secret\":{\"type\":\"string\",\"minLength\":1,\"writeOnly\":true,\"description\":\"OAuth2 client secret\"}," \
    "\"scope\":{\"type\":\"string\",\"description\":\"token scope: playground, stage or prod\"}," \
    "\"applications\":{\"type\":\"array\",\"minItems\":1,\"description\":\"one entry per Norce application (market) = Skarv channel\",\"items\":{\"type\":\"object\",\"required\":[\"channel\",\"application_id\"],\"properties\":{\"channel\":{\"type\":\"integer\",\"minimum\":1},\"application_id\":{\"type\":\"integer\",\"minimum\":0},\"application_key\":{\"type\":\"string\",\"description\":\"GUID in OrderRequest.Header.ApplicationKey\"},\"price_list\":{\"type\":\"string\",\"description\":\"price list code for prices without one\"},\"currency\":{\"type\":\"string\",\"minLength\":3,\"maxLength\":3},\"culture\":{\"type\":\"string\"},\"sales_area_id\":{\"type\":\"integer\",\"minimum\":1}}}}," \
    "\"push\":{\"type\":\"object\",\"required\":[\"user\",\"password\"],\"description\":\"credentials Norce uses on the ERP endpoint (order push)\",\"properties\":{\"user\":{\"type\":\"string\",\"minLength\":1},\"password\":{\"type\":\"string\",\"minLength\":1,\"writeOnly\":true}}}," \
    "\"release_statuses\":{\"type\":\"array\",\"minItems\":1,\"description\":\"Query statuses (ids or names) that release an order to the ERP\",\"items\":{\"type\":[\"integer\",\"string\"]}}," \
    "\"status_map\":{\"type\":\"object\",\"description\":\"canonical status -> Norce OrderStatus name sent with SendOrderStatus (null: none)\",\"properties\":{\"confirmed\":{\"type\":[\"string\",\"null\"]},\"delivered\":{\"type\":[\"string\",\"null\"]},\"invoiced\":{\"type\":[\"string\",\"null\"]},\"paid\":{\"type\":[\"string\",\"null\"]},\"cancelled\":{\"type\":[\"string\",\"null\"]}}}," \
    "\"payment_methods\":{\"type\":\"object\",\"description\":\"Query PaymentMethodId -> canonical payment method\",\"additionalProperties\":{\"type\":\"string\"}}," \
    "\"freight_part_nos\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}," \
    "\"timeouts\":{\"type\":\"object\",\"properties\":{\"request_ms\":{\"type\":\"integer\",\"minimum\":100},\"job_wait_ms\":{\"type\":\"integer\",\"minimum\":100},\"job_poll_ms\":{\"type\":\"integer\",\"minimum\":10},\"token_renew_margin_s\":{\"type\":\"integer\",\"minimum\":0}}}," \
    "\"batch_size\":{\"type\":\"integer\",\"minimum\":1}," \
    "\"jobs_in_flight\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":64,\"description\":\"Connect import jobs one write keeps posted and unfinished at once (default 4); 1 waits for each job before the next\"}," \
    "\"query_page_size\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":500}," \
    "\"account_id\":{\"type\":\"integer\",\"minimum\":1,\"description\":\"AccountId of the integration's account in Norce Admin, required in X-StormConnect-Header\"}," \
    "\"manufacturer_code\":{\"type\":\"string\"}," \
    "\"manufacturer_name\":{\"type\":\"string\"}," \
    "\"default_location\":{\"type\":\"string\"}" \
    "}}"
