// Point 1: the plugin loads from its file into a host built without it, and says what
// it can do and which settings it takes (secrets marked writeOnly).
#include "plugin_fixture.hpp"

using namespace jetshop_test;

using JetshopPluginDescriptor = Fixture;

TEST_F(JetshopPluginDescriptor, LoadsAndDescribesCapabilitiesAndConfigSchema) {
    auto module = load_jetshop();
    ASSERT_TRUE(module);
    EXPECT_EQ(module->name(), "jetshop");
    const auto& caps = module->capabilities();
    const auto& entities = caps.at("entities").as_object();
    EXPECT_EQ(entities.at("orders"), (json::array{"read", "parse_push"}));
    EXPECT_EQ(entities.at("status"), (json::array{"write"}));
    EXPECT_EQ(entities.at("products"), (json::array{"read", "write"}));
    for (const char* e : {"prices", "pricelists", "stock"}) EXPECT_EQ(entities.at(e), (json::array{"write"})) << e;
    const auto& props = caps.at("config_schema").at("properties").as_object();
    for (const char* key : {"base_url", "client_id", "client_secret", "applications", "push", "release_statuses",
                            "status_map", "timeouts"})
        EXPECT_TRUE(props.contains(key)) << key;
    EXPECT_EQ(props.at("client_secret").at("writeOnly"), true);
    EXPECT_EQ(props.at("push").at("properties").at("password").at("writeOnly"), true);
    EXPECT_TRUE(props.at("applications").at("items").at("properties").as_object().contains("application_id"));
}

TEST_F(JetshopPluginDescriptor, CheckFetchesATokenAndQueriesTheApplication) {
    auto plugin = instance();
    auto r = plugin->check();
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_EQ(r.document.at("ok"), true);
    auto cfg = config();
    cfg["client_secret"] = "fel";
    EXPECT_EQ(instance(cfg, "bad")->check().status, SKARV_ERR_AUTH);
}

TEST_F(JetshopPluginDescriptor, UnknownOperationsAreUnsupported) {
    auto plugin = instance();
    EXPECT_EQ(plugin->call(json::object{{"op", "orders.write"}}).status, SKARV_ERR_UNSUPPORTED);
    EXPECT_EQ(plugin->call(json::object{{"op", "stock.read"}}).status, SKARV_ERR_UNSUPPORTED);
}

// X-StormConnect-Header "AccountId integer Required" (docs.norce.io, x-stormconnect-header-product):
// the connector does not start without it, and the schema says so for `skarv check`.
TEST_F(JetshopPluginDescriptor, AccountIdIsARequiredSetting) {
    auto cfg = config();
    cfg.erase("account_id");
    try {
        instance(cfg, "no-account");
        ADD_FAILURE() << "a config without account_id was accepted";
    } catch (const skarv::host::PluginCreateError& e) {
        EXPECT_NE(std::string(e.what()).find("account_id"), std::string::npos) << e.what();
    }
    auto module = load_jetshop();
    const auto& caps = module->capabilities();
    bool listed = false;
    for (const auto& k : caps.at("config_schema").at("required").as_array()) listed = listed || k == "account_id";
    EXPECT_TRUE(listed);
}
