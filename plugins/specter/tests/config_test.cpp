// Point 1: the config schema the host validates against, and create() refusing a bad
// config with the field's path; check() tests the credentials with checkAccountSettings.
#include "plugin_fixture.hpp"

using namespace specter_plugin_test;

using SpecterPluginConfig = SpecterPluginFixture;

TEST_F(SpecterPluginConfig, SchemaNamesEveryKeyAndMarksSecretsWriteOnly) {
    auto module = specter_module();
    ASSERT_TRUE(module);
    EXPECT_EQ(module->name(), "specter");
    const auto& schema = module->config_schema().as_object();
    const auto& props = schema.at("properties").as_object();
    for (const char* key : {"base_url", "sbm_id", "api_user_id", "api_user_key", "integration_key", "webshops",
                            "stock_site", "orders_as", "customer_numbers", "payment_types"})
        EXPECT_TRUE(props.contains(key)) << key;
    EXPECT_EQ(props.at("api_user_key").at("writeOnly"), true);
    EXPECT_EQ(props.at("integration_key").at("writeOnly"), true);
    EXPECT_FALSE(props.at("sbm_id").as_object().contains("writeOnly"));
    EXPECT_EQ(props.at("orders_as").at("enum"), (boost::json::array{"order", "invoice"}));
    EXPECT_EQ(props.at("customer_numbers").at("enum"), (boost::json::array{"erp", "shop"}));
    const auto& entities = module->capabilities().at("entities").as_object();
    EXPECT_EQ(entities.at("orders"), (boost::json::array{"write", "find"}));
    EXPECT_EQ(entities.at("pricelists"), (boost::json::array{"read", "write", "ack"}));
    EXPECT_EQ(props.at("price_lists").at("type"), "boolean");
    EXPECT_EQ(props.at("price_lists").at("default"), false);
}

TEST_F(SpecterPluginConfig, BadConfigIsRefusedNamingTheField) {
    auto cfg = config();
    cfg.erase("sbm_id");
    try {
        make(cfg, "broken");
        FAIL() << "created without sbm_id";
    } catch (const skarv::host::PluginCreateError& e) {
        EXPECT_NE(std::string(e.what()).find("config.sbm_id"), std::string::npos) << e.what();
    }
    cfg = config();
    cfg["orders_as"] = "quote";
    EXPECT_THROW(make(cfg, "broken"), skarv::host::PluginCreateError);
    cfg = config();
    cfg["webshops"] = {{"first", "1"}};
    EXPECT_THROW(make(cfg, "broken"), skarv::host::PluginCreateError);
    cfg = config();
    cfg["price_lists"] = "yes";
    EXPECT_THROW(make(cfg, "broken"), skarv::host::PluginCreateError);
}

TEST_F(SpecterPluginConfig, CheckValidatesTheAccount) {
    auto r = plugin->check();
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_EQ(r.document.at("system"), "Specter");
    EXPECT_EQ(r.document.at("sbm_id"), "1001");
}

TEST_F(SpecterPluginConfig, WrongKeyIsAnAuthErrorWithoutSecrets) {
    auto cfg = config();
    cfg["integration_key"] = "not-the-integration-key";
    auto bad = make(cfg, "wrong-key");
    auto r = bad->check();
    EXPECT_EQ(r.status, SKARV_ERR_AUTH) << r.message();
    EXPECT_NE(r.message().find("code 3"), std::string::npos) << r.message();
    expect_no_secrets(r.message());
    EXPECT_EQ(r.message().find("not-the-integration-key"), std::string::npos);

    auto w = bad->call({{"op", "orders.write"}, {"records", {order("100900", {{stock_articles()[0], 1, 10000}})}}});
    EXPECT_EQ(w.status, SKARV_ERR_AUTH) << w.message();
    EXPECT_NE(w.message().find("order 100900"), std::string::npos) << w.message();
    expect_no_secrets(w.message());
    EXPECT_TRUE(emu.orders().empty());
}

TEST_F(SpecterPluginConfig, OrdersAsInvoiceFromConfigUnlessTheRequestSaysOrder) {
    auto cfg = config();
    cfg["orders_as"] = "invoice";
    auto p = make(cfg, "invoicing");
    auto sku = stock_articles()[0];
    auto r = p->call({{"op", "orders.write"}, {"records", {order("100901", {{sku, 1, 10000}})}}});
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_EQ(emu.invoices().size(), 1u);
    r = p->call({{"op", "orders.write"}, {"as", "order"}, {"records", {order("100902", {{sku, 1, 10000}})}}});
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_EQ(emu.orders().size(), 2u);
    EXPECT_EQ(emu.invoices().size(), 1u);   // the request's "as" won
}

TEST_F(SpecterPluginConfig, UnsupportedOperationsSaySo) {
    for (const char* op : {"stock.write", "pricelists.read", "pricelists.write", "orders.read", "status.write"}) {
        auto r = call({{"op", op}, {"records", boost::json::array{}}});
        EXPECT_EQ(r.status, SKARV_ERR_UNSUPPORTED) << op;
    }
    // Price lists only through guessed calls, so only when asked for: the message says so.
    auto r = call({{"op", "pricelists.read"}, {"cursor", nullptr}});
    EXPECT_NE(r.message().find("no public Specter call for price lists"), std::string::npos) << r.message();
    EXPECT_NE(r.message().find("\"price_lists\": true"), std::string::npos) << r.message();
    // No guessed call went out.
    EXPECT_FALSE(emu.open_batch(SpecterFeed::price_lists, "1"));
    EXPECT_EQ(emu.price_lists().size(), 1u);
}

TEST_F(SpecterPluginConfig, PaymentTypesAndCustomerNumbersFollowTheConfig) {
    auto cfg = config();
    cfg["payment_types"] = {{"klarna", "K"}, {"nets", "NE"}};
    cfg["customer_numbers"] = "shop";
    auto p = make(cfg, "configured");
    auto sku = stock_articles()[0];
    auto a = order("100911", {{sku, 1, 10000}});
    auto b = order("100912", {{sku, 1, 10000}});
    b["payment"] = {{"method", "nets"}, {"reference", "nets-pay-1"}, {"amount", money(10000)}};
    auto c = order("100913", {{sku, 1, 10000}});
    c["payment"] = {{"method", "svea"}, {"reference", "svea-1"}, {"amount", money(10000)}};
    auto r = p->call({{"op", "orders.write"}, {"records", {a, b, c}}});
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_EQ(emu.order_by_external_no("100911")->fields.at("payTypeIdentifier"), "K");
    EXPECT_EQ(emu.order_by_external_no("100912")->fields.at("payTypeIdentifier"), "NE");
    EXPECT_EQ(emu.order_by_external_no("100912")->fields.at("payTypeReference"), "nets-pay-1");
    EXPECT_EQ(emu.order_by_external_no("100913")->fields.at("payTypeIdentifier"), "SCH");   // the default stays
    bool shop_number_sent = false;
    for (const auto& customer : emu.customers())
        if (customer.fields.count("customerNo") && customer.fields.at("customerNo") == "C-100911") shop_number_sent = true;
    EXPECT_TRUE(shop_number_sent);
}
