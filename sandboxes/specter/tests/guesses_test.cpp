// The guesses the emulator makes where the record is silent (docs/guesses.md,
// "Specter"), in both modes: as guessed, and with --contradict-guesses, which answers the
// probed ones the other way so a connector's probe can be tested on both paths.

#include <gtest/gtest.h>

#include "specter_test_client.hpp"

using namespace specter_test;
using skarv::sandbox::SpecterEmulator;

namespace {

SpecterEmulator::Options contradicting() {
    auto o = small_options();
    o.contradict_guesses = true;
    return o;
}

struct SpecterGuesses : ::testing::Test {
    SpecterEmulator emu{small_options()};
    SpecterEmulator contra{contradicting()};
    Client client{emu};
    Client contra_client{contra};
    void SetUp() override {
        emu.start();
        contra.start();
    }
};

}  // namespace

// guess specter.unknown-action
TEST_F(SpecterGuesses, UnknownActionIsRefusedAsTextOrContradictedAsAnHtml500) {
    Reply r = client.get("getOrderByExternalOrderNo", "x", {{"externalOrderNo", "x"}}, "1");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body.rfind("0;4;", 0), 0u) << r.body;
    Reply c = contra_client.get("getOrderByExternalOrderNo", "x", {{"externalOrderNo", "x"}}, "1");
    EXPECT_EQ(c.status, 500);
    EXPECT_NE(c.body.find("<html>"), std::string::npos);
}

// guess specter.error-codes
TEST_F(SpecterGuesses, WrongKeyIsCode3OrContradicted) {
    client.key_override = "0123";
    contra_client.key_override = "0123";
    EXPECT_EQ(client.get("checkAccountSettings", "", {{"date", "2026-11-23"}}, "1").body.rfind("0;3;", 0), 0u);
    EXPECT_EQ(contra_client.get("checkAccountSettings", "", {{"date", "2026-11-23"}}, "1").body.rfind("0;8;", 0), 0u);
}

// guess specter.xml-document
TEST_F(SpecterGuesses, XmlDeclaresItsEncodingOrContradictedDoesNot) {
    std::string decl = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>";
    EXPECT_EQ(client.get("getArticleExternalNeedUpdate", "b", {{"batchNo", "b"}}, "2").body.rfind(decl, 0), 0u);
    Reply c = contra_client.get("getArticleExternalNeedUpdate", "b", {{"batchNo", "b"}}, "2");
    EXPECT_EQ(c.body.rfind("<response><APIresponse>", 0), 0u) << c.body;
}

// guess specter.xml-elsewhere
TEST_F(SpecterGuesses, UseXml2OnACallWithoutDocumentedXmlAnswersTextOrContradictedXml) {
    EXPECT_EQ(client.get("checkAccountSettings", "2026-11-23", {{"date", "2026-11-23"}}, "2").body.rfind("1;", 0), 0u);
    Reply c = contra_client.get("checkAccountSettings", "2026-11-23", {{"date", "2026-11-23"}}, "2");
    EXPECT_NE(c.body.find("<APIresponse><result>1</result>"), std::string::npos) << c.body;
}

// guess specter.callback-fields-kept
TEST_F(SpecterGuesses, CheckAccountSettingsKeepsCallbacksNotSentOrContradictedClearsThem) {
    for (Client* c : {&client, &contra_client}) {
        c->get("checkAccountSettings", "2026-11-23",
               {{"date", "2026-11-23"}, {"actionStockChange", "http://other.example/stock"}}, "1");
        c->get("checkAccountSettings", "2026-11-23",
               {{"date", "2026-11-23"}, {"actionNewInvoice", "http://skarv.example/cb"}}, "1");
    }
    auto held = client.state().at("callbacks").at("1").as_object();
    EXPECT_EQ(held.at("actionStockChange").as_string(), "http://other.example/stock");
    EXPECT_EQ(held.at("actionNewInvoice").as_string(), "http://skarv.example/cb");
    auto contra_held = contra_client.state().at("callbacks").at("1").as_object();
    EXPECT_FALSE(contra_held.contains("actionStockChange"));
    EXPECT_EQ(contra_held.at("actionNewInvoice").as_string(), "http://skarv.example/cb");
}
