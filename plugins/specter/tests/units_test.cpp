// The connector's pure parts, compiled in directly: the key over Latin-1 bytes against
// the emulator's, answers in both forms (and cut ones), and the row arithmetic that
// keeps Specter's total equal to the shop's.
#include <gtest/gtest.h>

#include <skarv/text_encoding.hpp>

#include "api_client.hpp"
#include "order_rows.hpp"
#include "skarv/sandbox/specter_emulator.hpp"

using namespace specter;

namespace {
Config test_config(const skarv::sandbox::SpecterEmulator::Options& o) {
    Config c;
    c.sbm_id = o.sbm_id;
    c.api_user_id = o.api_user_id;
    c.api_user_key = o.api_user_key;
    c.integration_key = o.integration_key;
    return c;
}
}  // namespace

TEST(SpecterPluginUnits, KeyIsTheV2FormulaOverLatin1Bytes) {
    skarv::sandbox::SpecterEmulator emu({});
    auto config = test_config(emu.options());
    // The emulator's key_for takes the Latin-1 bytes; ours takes UTF-8 and converts.
    EXPECT_EQ(api_key(config, "Åsa Öberg"), emu.key_for("\xC5sa \xD6" "berg"));
    EXPECT_EQ(api_key(config, "50001"), emu.key_for("50001"));
    EXPECT_EQ(form_encode(skarv::text::utf8_to_latin1("Ränta & Söner")), "R%E4nta%20%26%20S%F6ner");
}

TEST(SpecterPluginUnits, AnswersInTextAndXmlAndCutOnesAreRetryable) {
    auto text = parse_answer("1;50001;Order created", "newOrderSubmit", "order 1");
    EXPECT_TRUE(text.ok);
    EXPECT_EQ(text.id, "50001");
    auto refused = parse_answer("0;11;Article 'K\xD6K' does not exist", "newOrderSubmit", "order 1");
    EXPECT_FALSE(refused.ok);
    EXPECT_EQ(refused.code, 11);
    EXPECT_EQ(refused.message, "Article 'KÖK' does not exist");
    std::string xml = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<response><APIresponse><result>0</result>"
                      "<code>99</code><message>Batch 'b1' is still open, acknowledge batch 'b1' \xE5 </message>"
                      "</APIresponse></response>\n";
    auto open = parse_answer(xml, "getOrdersExternalNeedUpdate", "");
    EXPECT_FALSE(open.ok);
    EXPECT_EQ(open.code, 99);
    EXPECT_NE(open.message.find("å"), std::string::npos);
    try {
        parse_answer(xml.substr(0, xml.size() / 2), "getOrdersExternalNeedUpdate", "webshop 1");
        FAIL() << "a cut answer was accepted";
    } catch (const skarv::PluginError& e) {
        EXPECT_EQ(e.status(), SKARV_ERR_RETRYABLE);
        EXPECT_EQ(e.code(), "malformed_answer");
    }
    EXPECT_THROW(parse_answer("<html>Bad gateway", "x", ""), skarv::PluginError);
    EXPECT_THROW(parse_answer("", "x", ""), skarv::PluginError);
    EXPECT_THROW(parse_answer("OK", "x", ""), skarv::PluginError);
    // A text answer cut inside its id has lost its second ';': never read as a shorter id.
    EXPECT_THROW(parse_answer("1;500", "newOrderSubmit", "order 1"), skarv::PluginError);
    EXPECT_THROW(parse_answer("0;1", "newOrderSubmit", "order 1"), skarv::PluginError);
    EXPECT_EQ(parse_answer("1;50001;", "newOrderSubmit", "order 1").id, "50001");

    auto auth = refusal(Answer{false, 3, "", "Wrong key", {}}, "newOrderSubmit", "order 7");
    EXPECT_EQ(auth.status(), SKARV_ERR_AUTH);
    auto invalid = refusal(Answer{false, 11, "", "Article 'X' does not exist", {}}, "newOrderSubmit", "order 7");
    EXPECT_EQ(invalid.status(), SKARV_ERR_INVALID);
    EXPECT_EQ(std::string(invalid.what()), "order 7: Specter refused newOrderSubmit (code 11): Article 'X' does not exist");
}

TEST(SpecterPluginUnits, RowsAddUpToTheShopTotalToTheOre) {
    EXPECT_EQ(format_e4(1234500), "123.45");
    EXPECT_EQ(format_e4(-125), "-0.0125");
    EXPECT_EQ(format_e4(0), "0");
    EXPECT_EQ(format_vat_percent(2500), "25");
    EXPECT_EQ(format_vat_percent(1250), "12.5");
    EXPECT_EQ(format_vat_percent(605), "6.05");

    Config config;
    // Every gross amount from 1 öre to 20 kr, at each Swedish rate, several quantities.
    for (int rate : {2500, 1200, 600, 0})
        for (int64_t qty : {1, 3, 7, 150})
            for (int64_t unit = 1; unit <= 2000; unit += 7) {
                skarv::model::Order o;
                o.order_id = "1";
                o.lines.push_back({"A", "a", qty, skarv::model::Money(unit, "SEK"), rate, skarv::model::Money(0, "SEK")});
                auto rows = order_rows(o, config);
                int64_t total = 0;
                for (const auto& r : rows) total += r.specter_total_inc_vat();
                ASSERT_EQ(total, o.total_inc_vat().minor()) << unit << " x " << qty << " at " << rate;
                ASSERT_LE(rows.size(), 2u);
            }
    // 2 öre at 25 % has no ex-VAT price: the rounding row, VAT-free, takes the difference.
    skarv::model::Order o;
    o.order_id = "2";
    o.lines.push_back({"A", "a", 1, skarv::model::Money(2, "SEK"), 2500, skarv::model::Money(0, "SEK")});
    auto rows = order_rows(o, config);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[1].article_no, "discount_rounding");
    EXPECT_EQ(rows[1].vat_rate_bp, 0);
}
