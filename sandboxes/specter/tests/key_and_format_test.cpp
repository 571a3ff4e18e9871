// The key, the answer shapes and Latin-1 on the wire.

#include <gtest/gtest.h>

#include "specter_test_client.hpp"

using namespace specter_test;
using skarv::sandbox::SpecterEmulator;

namespace {

struct SandboxSpecterKey : ::testing::Test {
    SpecterEmulator emu{small_options()};
    Client client{emu};
    void SetUp() override { emu.start(); }
};

}  // namespace

TEST_F(SandboxSpecterKey, KeyForMatchesTheV2Formula) {
    EXPECT_EQ(emu.key_for(to_latin1("Åsa Öberg")), v2_key(emu.options(), "Åsa Öberg"));
    EXPECT_EQ(emu.key_for("10001").size(), 32u);
}

TEST_F(SandboxSpecterKey, RightKeyIsAcceptedWrongKeyRejected) {
    std::string id = create_customer(client);
    EXPECT_FALSE(id.empty());

    client.key_override = std::string(32, '0');
    Reply r = client.put("newCustomerSubmit", "Åsa Öberg",
                         {{"firstName", "Åsa"}, {"surName", "Öberg"}, {"emailAddress", "other@example.se"}});
    EXPECT_EQ(r.status, 200);   // Specter errors are answers, not HTTP statuses
    auto parts = split(r.body);
    ASSERT_EQ(parts.size(), 3u) << r.body;
    EXPECT_EQ(parts[0], "0");
    EXPECT_EQ(parts[1], "3");
    EXPECT_EQ(emu.customers().size(), 1u);
}

TEST_F(SandboxSpecterKey, KeyOverAnotherCallValueIsRejected) {
    // A key over the wrong X (here the e-mail instead of the name) is a wrong key.
    client.key_override = v2_key(emu.options(), "asa@example.se");
    Reply r = client.put("newCustomerSubmit", "",
                         {{"firstName", "Åsa"}, {"surName", "Öberg"}, {"emailAddress", "asa@example.se"}});
    EXPECT_EQ(r.body.rfind("0;3;", 0), 0u) << r.body;
    EXPECT_TRUE(emu.customers().empty());
}

TEST_F(SandboxSpecterKey, WrongSbmIdAndMissingKeyAreErrors) {
    Reply r = request(emu.base_url(), "GET",
                      "/getInfo.asp?Action=getOrdersExternalNeedUpdate&sbmId=999&apiUserId=skarv&batchNo=b1&key=x");
    EXPECT_NE(r.body.find("<result>0</result>"), std::string::npos) << r.body;
    EXPECT_NE(r.body.find("<code>2</code>"), std::string::npos) << r.body;
    r = request(emu.base_url(), "GET", "/getInfo.asp?Action=getArticleExternalNeedUpdate&sbmId=1001&batchNo=b1");
    EXPECT_EQ(r.body.rfind("0;1;", 0), 0u) << r.body;
}

TEST_F(SandboxSpecterKey, TextAndXmlAnswerShapes) {
    Reply text = client.put("newCustomerSubmit", "Bygg AB",
                            {{"customerOrganizationalForm", "C"}, {"name", "Bygg AB"}, {"emailAddress", "a@bygg.se"}});
    EXPECT_EQ(text.content_type, "text/plain; charset=ISO-8859-1");
    auto parts = split(text.body);
    ASSERT_EQ(parts.size(), 3u);
    EXPECT_EQ(parts[0], "1");
    EXPECT_EQ(parts[1], "10001");

    // guess specter.xml-elsewhere: useXML=2 where the record has no XML answers text.
    Reply text2 = client.put("newCustomerSubmit", "Hus AB",
                             {{"customerOrganizationalForm", "C"}, {"name", "Hus AB"}, {"emailAddress", "a@hus.se"}},
                             {}, "2");
    EXPECT_EQ(text2.body, "1;10002;Customer created") << text2.body;

    Reply xml = client.get("getArticleExternalNeedUpdate", "k1", {{"batchNo", "k1"}}, "2");
    EXPECT_EQ(xml.content_type, "text/xml; charset=ISO-8859-1");
    EXPECT_EQ(xml.body.rfind("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>", 0), 0u);
    EXPECT_NE(xml.body.find("<APIresponse><result>1</result><code>0</code><message>"), std::string::npos)
        << xml.body;

    client.key_override = "bad";
    Reply bad = client.get("getArticleExternalNeedUpdate", "k2", {{"batchNo", "k2"}}, "2");
    EXPECT_NE(bad.body.find("<APIresponse><result>0</result><code>3</code>"), std::string::npos) << bad.body;
}

TEST_F(SandboxSpecterKey, UnknownActionIsAnErrorAnswer) {
    Reply r = client.get("getEverything", "");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body.rfind("0;4;", 0), 0u) << r.body;
}

TEST_F(SandboxSpecterKey, Latin1RoundTripOfAsaOberg) {
    std::string id = create_customer(client);
    ASSERT_FALSE(id.empty());
    // In state (UTF-8) the name is intact.
    auto customers = emu.customers();
    ASSERT_EQ(customers.size(), 1u);
    EXPECT_EQ(customers[0].name, "Åsa Öberg");
    EXPECT_EQ(customers[0].fields.at("city"), "Göteborg");
    auto state = client.state();
    EXPECT_EQ(state.at("customers").at(0).at("name").as_string(), "Åsa Öberg");

    // Out on the wire, Specter's own text is Latin-1: an article renamed in Specter
    // comes back in the article-info feed as single bytes.
    std::string variant;
    for (const auto& a : emu.articles())
        if (!a.main_article_no.empty()) variant = a.article_no;
    Reply c = client.control("article", {{"articleNo", variant}, {"name", "Kjol Åsa Öberg"}});
    ASSERT_EQ(c.status, 200) << c.body;
    Reply feed = client.get("getArticleInfoExternalNeedUpdate", "b1",
                            {{"batchNo", "b1"}, {"responseMaxLimit", "1000"}}, "2");
    EXPECT_NE(feed.body.find("Kjol \xC5sa \xD6" "berg"), std::string::npos);
    EXPECT_EQ(feed.body.find("\xC3\x85"), std::string::npos);   // no UTF-8 Å
    EXPECT_NE(to_utf8(feed.body).find("Kjol Åsa Öberg"), std::string::npos);
}
