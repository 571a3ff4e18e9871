// The example connector, loaded from the built plugin directory as a user would: the
// Swedish order is created once, and its total survives the trip to the öre.
#include <gtest/gtest.h>

#include <skarv/records.hpp>

#include "skarv/host/loader/plugin_instance.hpp"
#include "skarv/host/loader/plugin_loader.hpp"

using namespace skarv::host;

TEST(HostExamplePlugin, MemoryErpCreatesEachOrderOnce) {
    auto loaded = PluginLoader::load_file(std::string(SKARV_PLUGIN_DIR) + "/memory-erp.so");
    ASSERT_TRUE(loaded.loaded()) << loaded.refusal;
    auto context = std::make_shared<HostContext>();
    context->instance_name = "erp";
    PluginInstance erp(loaded.module, "erp", boost::json::object{{"series", "ORD"}}, context);

    skarv::model::Order order;
    order.order_id = "100234";
    auto sek = [](const char* s) { return skarv::model::Money::parse(s, "SEK"); };
    order.lines = {{"TSHIRT-BLUE-M", "T-shirt", 2, sek("199.00"), 2500, sek("0")},
                   {"KAFFE-500", "Kaffe", 3, sek("33.90"), 1200, sek("0")},
                   {"BOK-0042", "Bok", 1, sek("249.00"), 600, sek("0")}};
    order.discounts = {{"VINTER50", "", sek("50.00"), 2500}};
    order.shipping = skarv::model::Shipping{"ombud", "PostNord", sek("49.00"), 2500};
    boost::json::value request = {{"op", "orders.write"}, {"records", {boost::json::value_from(order)}}};

    auto first = erp.call(request);
    ASSERT_TRUE(first.ok()) << first.message();
    const auto& r1 = first.document.at("results").as_array().at(0);
    EXPECT_EQ(r1.at("created"), true);
    EXPECT_EQ(r1.at("erp_id"), "ORD1");
    EXPECT_EQ(r1.at("total_inc_vat").at("minor"), 74770);

    auto second = erp.call(request);
    EXPECT_EQ(second.document.at("results").as_array().at(0).at("created"), false);
    EXPECT_EQ(second.document.at("results").as_array().at(0).at("erp_id"), "ORD1");
    EXPECT_EQ(erp.call({{"op", "orders.find"}, {"order_id", "100234"}}).document.at("found"), true);

    // A bad record is refused with its path, and the instance goes on working.
    auto bad = erp.call({{"op", "orders.write"}, {"records", {{{"order_id", "9"}, {"lines", {{{"quantity", 1}}}}}}}});
    EXPECT_EQ(bad.status, SKARV_ERR_INVALID);
    EXPECT_EQ(bad.message(), "request.records[0].lines[0].sku: required");
    EXPECT_EQ(erp.call({{"op", "orders.find"}, {"order_id", "9"}}).document.at("found"), false);
}
