// Drop and fail: the rules that decide whether a record goes on, and the chain's order.
#include "transform_fixture.hpp"

using namespace custom_test;

TEST(CustomTransformsFilter, IgnoreDropsWithItsReasonWhenTheConditionHolds) {
    Transform t("rules", rules(R"([{"rule": "ignore", "when": {"field": "status", "equals": "test"}, "reason": "test orders stay in the shop"}])"));
    auto record = order();
    EXPECT_EQ(t.one(record)["action"], "keep");
    record.as_object()["status"] = "test";
    auto r = t.one(record);
    EXPECT_EQ(r["action"], "drop");
    EXPECT_EQ(r["reason"], "test orders stay in the shop");
    EXPECT_FALSE(r.contains("record"));
}

TEST(CustomTransformsFilter, IgnoreByPatternOnSkusArticlesAndLines) {
    Transform t("rules", rules(R"([{"rule": "ignore_by_pattern", "pattern": "^GIFT-"}])"));
    auto dropped = t.one(json(R"({"sku": "GIFT-CARD-500", "price_ex_vat": {"minor": 1, "currency": "SEK"}})"));
    EXPECT_EQ(dropped["action"], "drop");
    EXPECT_EQ(dropped["reason"], "SKU GIFT-CARD-500 matches ignore pattern ^GIFT-");
    EXPECT_EQ(t.one(json(R"({"article_number": "GIFT-1", "name": "x"})"))["action"], "drop");
    EXPECT_EQ(t.one(json(R"({"article_number": "A-1", "name": "x"})"))["action"], "keep");
    auto gift_order = order();
    gift_order.as_object()["lines"].as_array()[1].as_object()["sku"] = "GIFT-CARD";
    EXPECT_EQ(t.one(gift_order)["action"], "drop");
    EXPECT_EQ(t.one(order())["action"], "keep");
    Transform by_field("rules", rules(R"([{"rule": "ignore_by_pattern", "field": "customer.email", "pattern": "@example\\.se$", "reason": "internal"}])"));
    EXPECT_EQ(by_field.one(order())["reason"], "internal");
}

TEST(CustomTransformsFilter, FailWhenMakesADeadLetterNamingTheRecord) {
    Transform t("rules", rules(R"([{"rule": "fail_when", "when": {"field": "customer.email", "exists": false}, "reason": "no e-mail for the invoice"}])"));
    auto record = order();
    record.as_object()["customer"].as_object().erase("email");
    auto r = t.one(record);
    EXPECT_EQ(r["action"], "fail");
    EXPECT_EQ(r["reason"], "order 100234: rules[0] (fail_when): no e-mail for the invoice");
    EXPECT_EQ(t.one(order())["action"], "keep");
}

TEST(CustomTransformsFilter, TheChainRunsInOrderAndStopsAtTheFirstDrop) {
    Transform t("rules", rules(R"([{"rule": "set_field", "field": "note", "value": "first"},
                                   {"rule": "search_replace", "field": "note", "pattern": "first", "replace": "second"},
                                   {"rule": "ignore", "when": {"field": "note", "equals": "second"}, "reason": "seen"},
                                   {"rule": "fail_when", "when": {"field": "note", "exists": true}, "reason": "never reached"}])"));
    auto r = t.one(order());
    EXPECT_EQ(r["action"], "drop");
    EXPECT_EQ(r["reason"], "seen");
}

TEST(CustomTransformsFilter, EachRecordOfABatchHasItsOwnResult) {
    Transform t("rules", rules(R"([{"rule": "ignore_by_pattern", "pattern": "^X"}, {"rule": "uppercase", "field": "name"}])"));
    auto results = t.run(boost::json::array{json(R"({"article_number": "X1", "name": "a"})"), json(R"({"article_number": "A1", "name": "b"})"),
                                            json(R"("not an object")")});
    ASSERT_EQ(results.size(), 3u);
    EXPECT_EQ(results[0].at("action"), "drop");
    EXPECT_EQ(results[1].at("action"), "keep");
    EXPECT_EQ(results[1].at("record").at("name"), "B");
    EXPECT_EQ(results[2].at("action"), "fail");
    EXPECT_EQ(results[2].at("reason"), "record 2: expected a JSON object");
    for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(results[i].at("index"), i);
}
