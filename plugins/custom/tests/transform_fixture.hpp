#pragma once
// Loads a transform .so exactly as the host does and sends it `transform` requests.

#include <gtest/gtest.h>

#include <string>

#include <boost/json.hpp>

#include "skarv/host/loader/plugin_instance.hpp"
#include "skarv/host/loader/plugin_loader.hpp"

namespace custom_test {

inline skarv::host::PluginModulePtr load_plugin(const std::string& name) {
    auto r = skarv::host::PluginLoader::load_file(std::string(SKARV_PLUGIN_DIR) + "/" + name + ".so");
    EXPECT_TRUE(r.loaded()) << r.refusal;
    return r.module;
}

inline std::shared_ptr<skarv::host::HostContext> quiet_context(const std::string& name) {
    auto c = std::make_shared<skarv::host::HostContext>();
    c->instance_name = name;
    c->log = [](skarv_log_level, std::string_view, std::string_view) {};
    return c;
}

inline boost::json::value json(const char* text) { return boost::json::parse(text); }

// One configured transform instance.
class Transform {
public:
    Transform(const std::string& plugin, const boost::json::value& config)
        : instance_(load_plugin(plugin), plugin + "-test", config, quiet_context(plugin + "-test")) {}

    // The whole result list of one call; the call itself must succeed.
    boost::json::array run(const boost::json::array& records, const boost::json::object& context = {{"connection", "main"}, {"channel", 1}},
                           const std::string& hook = "order.before_write") {
        auto result = instance_.call(boost::json::object{{"op", "transform"}, {"hook", hook}, {"records", records}, {"context", context}});
        EXPECT_TRUE(result.ok()) << result.message();
        if (!result.ok()) return {};
        return result.document.at("results").as_array();
    }
    // One record through: its result object.
    boost::json::object one(const boost::json::value& record, const boost::json::object& context = {{"connection", "main"}, {"channel", 1}},
                            const std::string& hook = "order.before_write") {
        auto results = run(boost::json::array{record}, context, hook);
        EXPECT_EQ(results.size(), 1u);
        return results.empty() ? boost::json::object{} : results.at(0).as_object();
    }
    // One record that must be kept: the changed record.
    boost::json::value kept(const boost::json::value& record, const boost::json::object& context = {{"connection", "main"}, {"channel", 1}}) {
        auto r = one(record, context);
        EXPECT_EQ(r["action"], "keep") << boost::json::serialize(r);
        return r["record"];
    }
    skarv::host::CallResult raw(const boost::json::value& request) { return instance_.call(request); }

private:
    skarv::host::PluginInstance instance_;
};

inline boost::json::value rules(const char* rules_json) {
    return boost::json::object{{"rules", boost::json::parse(rules_json)}};
}

// The message create refused with, or "" when it was accepted.
inline std::string create_error(const std::string& plugin, const boost::json::value& config) {
    try {
        Transform t(plugin, config);
    } catch (const skarv::host::PluginCreateError& e) {
        EXPECT_EQ(e.result().status, SKARV_ERR_INVALID);
        return e.result().message();
    }
    return "";
}

// A small valid order: two lines (25 % and 12 %), freight, paid by card, channel 1.
inline boost::json::value order() {
    return boost::json::parse(R"({
      "order_id": "100234", "order_number": "100234", "channel": 1, "currency": "SEK", "status": "released",
      "customer": {"customer_number": "C-17", "type": "person", "first_name": "Åsa", "last_name": "Berg",
                   "email": "asa@example.se"},
      "billing_address": {"name": "Åsa Berg", "street": "Storgatan 1", "postal_code": "11122", "city": "Stockholm", "country": "SE"},
      "shipping_address": {"name": "Åsa Berg", "street": "Lillgatan 2", "postal_code": "22233", "city": "Lund", "country": "SE"},
      "lines": [
        {"sku": "A1001-BLUE-M", "name": "T-shirt", "quantity": 2, "unit_price_inc_vat": {"minor": 19900, "currency": "SEK"}, "vat_rate_bp": 2500},
        {"sku": "FOOD-7", "name": "Kaffe", "quantity": 1, "unit_price_inc_vat": {"minor": 8950, "currency": "SEK"}, "vat_rate_bp": 1200}
      ],
      "shipping": {"method": "ombud", "carrier": "", "price_inc_vat": {"minor": 4900, "currency": "SEK"}, "vat_rate_bp": 2500},
      "payment": {"method": "card", "reference": "psp-1", "amount": {"minor": 53650, "currency": "SEK"}},
      "note": "",
      "total_inc_vat": {"minor": 53650, "currency": "SEK"}
    })");
}

inline int64_t minor(const boost::json::value& money) { return money.at("minor").to_number<int64_t>(); }

}  // namespace custom_test
