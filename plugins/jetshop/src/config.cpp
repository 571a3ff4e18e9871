#include "config.hpp"

#include <algorithm>
#include <cctype>

#include <skarv/json_reader.hpp>
#include <skarv/model/order_status.hpp>

namespace jetshop {

namespace {

bool iequal(const std::string& a, const std::string& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

// Release statuses may be given as Query numbers or as the names Norce shows.
int status_id_from(const boost::json::value& v, const std::string& path) {
    if (v.is_int64()) return static_cast<int>(v.get_int64());
    if (v.is_string()) {
        static const std::pair<const char*, int> kNames[] = {{"Created", 0},  {"Allocation", 1}, {"Confirmed", 2},
                                                             {"Delivered", 4}, {"Invoiced", 5},  {"Cancelled", 6},
                                                             {"PartlyDelivered", 8}};
        for (const auto& [name, id] : kNames)
            if (iequal(name, std::string(v.get_string()))) return id;
    }
    throw skarv::RecordError(path, "expected a Norce status id or name (Created, Allocation, Confirmed, "
                                   "Delivered, Invoiced, Cancelled, PartlyDelivered)");
}

std::chrono::milliseconds ms(const skarv::JsonReader& r, std::string_view key, int64_t fallback, int64_t low,
                             int64_t high) {
    return std::chrono::milliseconds(r.integer_in(key, fallback, low, high));
}

}  // namespace

const Application* Config::by_channel(int channel) const {
    for (const auto& a : applications)
        if (a.channel == channel) return &a;
    return nullptr;
}
const Application* Config::by_application_id(int id) const {
    for (const auto& a : applications)
        if (a.application_id == id) return &a;
    return nullptr;
}
const Application* Config::by_application_key(const std::string& key) const {
    for (const auto& a : applications)
        if (!a.application_key.empty() && iequal(a.application_key, key)) return &a;
    return nullptr;
}

Config read_config(const boost::json::object& json) {
    skarv::JsonReader r(json, "config");
    Config c;
    c.base_url = r.string("base_url");
    if (c.base_url.rfind("http://", 0) != 0 && c.base_url.rfind("https://", 0) != 0)
        throw skarv::RecordError(r.at("base_url"), "must start with http:// or https://");
    while (!c.base_url.empty() && c.base_url.back() == '/') c.base_url.pop_back();
    c.client_id = r.string("client_id");
    c.client_secret = r.string("client_secret");
    if (c.client_id.empty()) throw skarv::RecordError(r.at("client_id"), "must not be empty");
    c.scope = r.string_or("scope", c.scope);

    c.applications = r.list<Application>("applications", [](const boost::json::value& v, const std::string& p) {
        skarv::JsonReader a(v, p);
        Application app;
        app.channel = static_cast<int>(a.integer_in("channel", 1, 1, 100000));
        app.application_id = static_cast<int>(a.integer_in("application_id", 0, 0, INT32_MAX));
        app.application_key = a.string_or("application_key", "");
        app.price_list = a.string_or("price_list", "");
        app.currency = a.string_or("currency", "SEK");
        app.culture = a.string_or("culture", "sv-SE");
        app.sales_area_id = static_cast<int>(a.integer_in("sales_area_id", 1, 1, 1000));
        return app;
    });
    if (c.applications.empty()) throw skarv::RecordError(r.at("applications"), "at least one application is needed");
    for (std::size_t i = 0; i < c.applications.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
            if (c.applications[i].channel == c.applications[j].channel)
                throw skarv::RecordError(r.at("applications") + "[" + std::to_string(i) + "].channel",
                                         "channel " + std::to_string(c.applications[i].channel) + " appears twice");

    if (r.has("push")) {
        auto p = r.child("push");
        c.push_user = p.string("user");
        c.push_password = p.string("password");
    }
    if (r.has("release_statuses")) {
        const auto& v = r.value("release_statuses");
        if (!v.is_array() || v.get_array().empty())
            throw skarv::RecordError(r.at("release_statuses"), "expected a non-empty array");
        c.release_status_ids.clear();
        for (std::size_t i = 0; i < v.get_array().size(); ++i)
            c.release_status_ids.push_back(
                status_id_from(v.get_array()[i], r.at("release_statuses") + "[" + std::to_string(i) + "]"));
    }
    if (r.has("status_map")) {
        auto m = r.child("status_map");
        for (const auto& [k, v] : m.object()) {
            skarv::model::order_status_from(std::string(k), m.at(k));   // only canonical names
            if (v.is_null()) c.status_map[std::string(k)] = "";
            else if (v.is_string()) c.status_map[std::string(k)] = std::string(v.get_string());
            else throw skarv::RecordError(m.at(k), "expected a Norce OrderStatus name or null");
        }
    }
    if (r.has("payment_methods")) {
        auto m = r.child("payment_methods");
        for (const auto& [k, v] : m.object()) {
            if (!v.is_string()) throw skarv::RecordError(m.at(k), "expected a payment method name");
            try {
                c.payment_methods[std::stoi(std::string(k))] = std::string(v.get_string());
            } catch (const std::exception&) {
                throw skarv::RecordError(m.at(k), "keys are Query PaymentMethodIds (integers)");
            }
        }
    }
    if (r.has("freight_part_nos"))
        c.freight_part_nos = r.list<std::string>("freight_part_nos", [](const boost::json::value& v, const std::string& p) {
            if (!v.is_string()) throw skarv::RecordError(p, "expected a string");
            return std::string(v.get_string());
        });
    if (r.has("timeouts")) {
        auto t = r.child("timeouts");
        c.request_timeout = ms(t, "request_ms", 10000, 100, 600000);
        c.job_timeout = ms(t, "job_wait_ms", 120000, 100, 3600000);
        c.job_poll = ms(t, "job_poll_ms", 250, 10, 60000);
        c.token_renew_margin_s = static_cast<int>(t.integer_in("token_renew_margin_s", 60, 0, 3000));
    }
    c.batch_size = static_cast<int>(r.integer_in("batch_size", 200, 1, 10000));
    c.jobs_in_flight = static_cast<int>(r.integer_in("jobs_in_flight", 4, 1, 64));
    c.query_page_size = static_cast<int>(r.integer_in("query_page_size", 500, 1, 500));
    // X-StormConnect-Header "AccountId integer Required": the account of this integration in
    // Norce Admin (https://docs.norce.io/api-reference/connect/productservice/x-stormconnect-header-product.md).
    if (!r.has("account_id"))
        throw skarv::RecordError(r.at("account_id"),
                                 "is required: the AccountId of the integration's account in Norce Admin, "
                                 "which every Connect import names in X-StormConnect-Header");
    c.account_id = static_cast<int>(r.integer_in("account_id", 0, 1, INT32_MAX));
    c.manufacturer_code = r.string_or("manufacturer_code", c.manufacturer_code);
    c.manufacturer_name = r.string_or("manufacturer_name", "");
    c.default_location = r.string_or("default_location", c.default_location);
    return c;
}

const char* config_schema_json() { return JETSHOP_CONFIG_SCHEMA; }

}  // namespace jetshop
