// The customer plugins in examples/: acme-b2b (C++) and gift-wrap-c (plain C).
#include "transform_fixture.hpp"

using namespace custom_test;

namespace {
boost::json::value company_order(int channel, const char* payment) {
    auto o = order();
    auto& customer = o.as_object()["customer"].as_object();
    customer["type"] = "company";
    customer["company_name"] = "Acme Bygg AB";
    customer["org_number"] = "556677-8899";
    o.as_object()["channel"] = channel;
    o.as_object()["payment"].as_object()["method"] = payment;
    return o;
}
}  // namespace

TEST(CustomTransformsExamples, AcmeCompanyCustomersAreB2BWithTheOrgNumberInTheNote) {
    Transform t("acme-b2b", boost::json::object{});
    auto r = t.kept(company_order(1, "card"));
    EXPECT_EQ(r.at("customer").at("customer_group"), "B2B");
    EXPECT_EQ(r.at("note"), "Org.nr 556677-8899");
    EXPECT_EQ(r.at("lines").as_array().size(), 2u);
    auto person = t.kept(order());
    EXPECT_FALSE(person.at("customer").as_object().contains("customer_group"));
    EXPECT_EQ(person.at("note"), "");
}

TEST(CustomTransformsExamples, AcmeInvoiceOrdersOnChannel2GetATwoPercentFee) {
    Transform t("acme-b2b", boost::json::object{});
    auto r = t.kept(company_order(2, "invoice"));
    ASSERT_EQ(r.at("lines").as_array().size(), 3u);
    const auto& fee = r.at("lines").at(2);
    EXPECT_EQ(fee.at("sku"), "FAKTURAAVGIFT");
    EXPECT_EQ(minor(fee.at("unit_price_inc_vat")), 975);   // 2 % of 487.50 kr
    EXPECT_EQ(fee.at("vat_rate_bp"), 2500);
    EXPECT_EQ(minor(r.at("total_inc_vat")), 53650 + 975);
    // Replayed, the order keeps one fee.
    EXPECT_EQ(t.kept(r).at("lines").as_array().size(), 3u);
    // Channel 1 or another payment method: no fee.
    EXPECT_EQ(t.kept(company_order(1, "invoice")).at("lines").as_array().size(), 2u);
    EXPECT_EQ(t.kept(company_order(2, "card")).at("lines").as_array().size(), 2u);
}

TEST(CustomTransformsExamples, AcmeFailsABadOrderAloneAndRefusesABadConfig) {
    Transform t("acme-b2b", boost::json::object{{"invoice_fee_bp", 150}});
    auto bad = order();
    bad.as_object()["lines"] = boost::json::array{};
    auto results = t.run(boost::json::array{bad, company_order(2, "invoice")});
    ASSERT_EQ(results.size(), 2u);
    EXPECT_EQ(results[0].at("action"), "fail");
    EXPECT_EQ(results[0].at("reason"), "order 100234: order.lines: an order needs at least one line");
    EXPECT_EQ(minor(results[1].at("record").at("lines").at(2).at("unit_price_inc_vat")), 731);   // 1.5 % of 487.50 = 7.3125
    EXPECT_EQ(create_error("acme-b2b", boost::json::object{{"invoice_fee_bp", 20000}}), "invoice_fee_bp: out of range 0..10000");
}

TEST(CustomTransformsExamples, GiftWrapCDropsTestOrders) {
    Transform t("gift-wrap-c", boost::json::object{});
    auto test_order = order();
    test_order.as_object()["note"] = "TEST - do not ship";
    auto r = t.one(test_order);
    EXPECT_EQ(r["action"], "drop");
    EXPECT_EQ(r["reason"], "the order's note says TEST: a test order");
    test_order.as_object()["note"] = "TESTAMENTE: ring först";
    EXPECT_EQ(t.one(test_order)["action"], "keep");
}

TEST(CustomTransformsExamples, GiftWrapCTagsGiftOrdersAndLeavesOthersByteForByte) {
    Transform t("gift-wrap-c", boost::json::object{});
    EXPECT_EQ(t.kept(order()), order());
    auto gift = order();
    gift.as_object()["lines"].as_array().push_back(boost::json::parse(
        R"({"sku": "GIFTWRAP", "name": "Presentinslagning", "quantity": 1, "unit_price_inc_vat": {"minor": 0, "currency": "SEK"}})"));
    EXPECT_EQ(t.kept(gift).at("note"), "PRESENT");
    gift.as_object()["note"] = "Grattis Åsa!";
    auto tagged = t.kept(gift);
    EXPECT_EQ(tagged.at("note"), "PRESENT: Grattis Åsa!");
    EXPECT_EQ(t.kept(tagged).at("note"), "PRESENT: Grattis Åsa!");   // once only
    gift.as_object().erase("note");
    EXPECT_EQ(t.kept(gift).at("note"), "PRESENT");
}

TEST(CustomTransformsExamples, GiftWrapCConfigAndBadInput) {
    Transform t("gift-wrap-c", boost::json::object{{"gift_sku", "PAKET"}, {"tag", "GAVA"}, {"test_word", "PROV"}});
    auto gift = order();
    gift.as_object()["lines"].as_array()[0].as_object()["sku"] = "PAKET";
    EXPECT_EQ(t.kept(gift).at("note"), "GAVA");
    auto results = t.run(boost::json::array{42, "x", boost::json::object{}});
    ASSERT_EQ(results.size(), 3u);
    EXPECT_EQ(results[0].at("action"), "fail");
    EXPECT_EQ(results[1].at("action"), "fail");
    EXPECT_EQ(results[2].at("action"), "keep");
    EXPECT_EQ(t.raw(boost::json::object{{"op", "transform"}}).status, SKARV_ERR_INVALID);
    EXPECT_EQ(t.raw(boost::json::object{{"op", "orders.read"}}).status, SKARV_ERR_UNSUPPORTED);
    EXPECT_EQ(create_error("gift-wrap-c", boost::json::object{{"tag", 5}}),
              "gift_sku, tag and test_word: expected short strings without escapes");
}
