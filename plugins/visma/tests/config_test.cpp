// Config, the ADK library and the login: refused clearly, with the path named and
// never the password.

#include "plugin_fixture.hpp"

namespace visma_test {

using VismaPluginConfig = VismaFixture;

TEST_F(VismaPluginConfig, SchemaNamesEveryKeyAndMarksThePasswordWriteOnly) {
    const auto& caps = plugin->module().capabilities();
    const auto& props = caps.at("config_schema").at("properties").as_object();
    for (const char* key : {"adk_library", "company_path", "user", "password", "orders_as", "customer_numbers",
                            "article_number", "price_lists", "stock"})
        EXPECT_TRUE(props.contains(key)) << key;
    EXPECT_EQ(props.at("password").at("writeOnly"), true);
    EXPECT_EQ(caps.at("entities").at("orders").as_array().size(), 2u);
}

TEST_F(VismaPluginConfig, CheckOpensTheCompanyAndNamesLibraryAndPriceLists) {
    auto r = plugin->check();
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_EQ(r.document.at("ok"), true);
    EXPECT_EQ(text(r.document.at("adk_library")), SKARV_ADK_EMULATOR_PATH);
    EXPECT_EQ(text(r.document.at("adk_version")), "2019.2");
    EXPECT_EQ(r.document.at("price_lists").as_array().size(), 2u);
}

TEST_F(VismaPluginConfig, AMissingAdkLibraryIsRefusedAtCreateNamingThePath) {
    auto cfg = config();
    cfg["adk_library"] = "/opt/visma/nowhere/Adk.dll";
    try {
        make(cfg, "bad-path");
        FAIL() << "create should refuse a missing library";
    } catch (const skarv::host::PluginCreateError& e) {
        EXPECT_EQ(e.result().status, SKARV_ERR_INVALID);
        EXPECT_NE(std::string(e.what()).find("/opt/visma/nowhere/Adk.dll"), std::string::npos) << e.what();
    }
}

TEST_F(VismaPluginConfig, ALibraryThatIsNotTheAdkIsRefusedNamingTheMissingFunction) {
    auto cfg = config();
    cfg["adk_library"] = SKARV_VISMA_PLUGIN;   // loads fine, but exports no Adk* function
    try {
        make(cfg, "not-adk");
        FAIL() << "create should refuse a library without the ADK's functions";
    } catch (const skarv::host::PluginCreateError& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find(SKARV_VISMA_PLUGIN), std::string::npos) << m;
        EXPECT_NE(m.find("has no function AdkCreateData"), std::string::npos) << m;
    }
}

TEST_F(VismaPluginConfig, AWrongCompanyPathIsAnInvalidConfigAtCheck) {
    auto cfg = config();
    cfg["company_path"] = (dir / "NoSuchCompany").string();
    auto p = make(cfg, "bad-company");
    auto r = p->check();
    EXPECT_EQ(r.status, SKARV_ERR_INVALID);
    EXPECT_EQ(text(r.document.at("code")), "company_path");
    EXPECT_NE(r.message().find("NoSuchCompany"), std::string::npos) << r.message();
    EXPECT_NE(r.message().find("Ogiltig sökväg till företaget"), std::string::npos) << r.message();
}

TEST_F(VismaPluginConfig, SystemPathIsRequiredAndNamedWhenMissing) {
    for (const bool empty : {false, true}) {
        auto cfg = config();
        if (empty) cfg["system_path"] = "";
        else cfg.erase("system_path");
        try {
            make(cfg, "no-system-path");
            FAIL() << "create should refuse a config without system_path";
        } catch (const skarv::host::PluginCreateError& e) {
            EXPECT_EQ(e.result().status, SKARV_ERR_INVALID);
            EXPECT_NE(std::string(e.what()).find("system_path"), std::string::npos) << e.what();
        }
    }
    const auto& required = plugin->module().capabilities().at("config_schema").at("required").as_array();
    EXPECT_NE(std::find(required.begin(), required.end(), boost::json::value("system_path")), required.end());
}

// The ADK refuses a folder that is not "Gemensamma filer" with 137 (AdkContract.
// OpenRefusesAWrongSystemPathWith137); the connector reports it as the system_path's fault.
TEST_F(VismaPluginConfig, AWrongSystemPathIsAnInvalidConfigAtCheck) {
    auto cfg = config();
    cfg["system_path"] = company();   // a folder, but not the system folder
    auto p = make(cfg, "bad-system");
    auto r = p->check();
    EXPECT_EQ(r.status, SKARV_ERR_INVALID);
    EXPECT_EQ(text(r.document.at("code")), "system_path");
    EXPECT_NE(r.message().find("137"), std::string::npos) << r.message();
}

TEST_F(VismaPluginConfig, AMissingConfiguredPriceListFailsTheCheck) {
    auto cfg = config();
    cfg["price_lists"].as_object()["customer_groups"] = {{"B2B", "PL-GULD"}};
    auto p = make(cfg, "bad-list");
    auto r = p->check();
    EXPECT_EQ(r.status, SKARV_ERR_INVALID);
    EXPECT_NE(r.message().find("PL-GULD"), std::string::npos) << r.message();
}

TEST_F(VismaPluginConfig, BadValuesAreRefusedAtCreateWithTheirPath) {
    auto cfg = config();
    cfg["orders_as"] = "offer";
    try {
        make(cfg, "bad-as");
        FAIL();
    } catch (const skarv::host::PluginCreateError& e) {
        EXPECT_NE(std::string(e.what()).find("config.orders_as: expected one of \"order\", \"invoice\""), std::string::npos)
            << e.what();
    }
}

TEST_F(VismaPluginConfig, UnsupportedOpsSaySo) {
    EXPECT_EQ(call({{"op", "orders.read"}}).status, SKARV_ERR_UNSUPPORTED);
    EXPECT_EQ(call({{"op", "status.write"}, {"records", boost::json::array{}}}).status, SKARV_ERR_UNSUPPORTED);
}

// A company with login activated.
struct VismaPluginLogin : VismaFixture {
    void configure_seed() override {
        seed.user = "skarv";
        seed.password = "Hemligt-123";
    }
};

TEST_F(VismaPluginLogin, TheRightPasswordOpensTheCompany) {
    auto r = plugin->check();
    EXPECT_TRUE(r.ok()) << r.message();
}

TEST_F(VismaPluginLogin, AWrongPasswordIsAnAuthErrorWithTheAdkTextAndNoPassword) {
    auto cfg = config();
    cfg["password"] = "fel-lösen-999";
    auto p = make(cfg, "bad-password");
    auto r = p->check();
    EXPECT_EQ(r.status, SKARV_ERR_AUTH);
    EXPECT_NE(r.message().find("Fel användarnamn eller lösenord"), std::string::npos) << r.message();
    EXPECT_NE(r.message().find("as user skarv"), std::string::npos) << r.message();
    EXPECT_EQ(r.message().find("fel-lösen-999"), std::string::npos) << r.message();
    // A write stops the whole call the same way: the host must tell the operator.
    auto w = p->call({{"op", "orders.write"}, {"records", boost::json::array{order("200001", {{skus().at(0), 1, 10000}})}}});
    EXPECT_EQ(w.status, SKARV_ERR_AUTH);
    for (const auto& line : log_lines) EXPECT_EQ(line.find("fel-lösen-999"), std::string::npos) << line;
}

TEST_F(VismaPluginLogin, NoUserAgainstALoginCompanyIsRefusedToo) {
    auto cfg = config();
    cfg.erase("user");
    cfg.erase("password");
    auto p = make(cfg, "no-user");
    EXPECT_EQ(p->check().status, SKARV_ERR_AUTH);
}

}  // namespace visma_test
