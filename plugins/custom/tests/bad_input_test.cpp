// Bad configs are refused at create naming the rule and the field; bad records fail
// alone with a reason naming the record; nothing throws out of call or crashes.
#include "transform_fixture.hpp"

using namespace custom_test;

TEST(CustomTransformsBadInput, BadRuleConfigsNameTheRuleAndTheField) {
    EXPECT_EQ(create_error("rules", rules(R"([{"rule": "set_field", "field": "a", "value": 1},
                                             {"rule": "uppercase", "field": "b"},
                                             {"rule": "lowercase", "field": "c"},
                                             {"rule": "strip_html"}])")),
              "rules[3].field: required");
    EXPECT_EQ(create_error("rules", boost::json::object{}), "rules: required");
    EXPECT_EQ(create_error("rules", boost::json::object{{"rules", 1}}), "rules: expected an array of rules");
    EXPECT_EQ(create_error("rules", rules(R"([{"field": "x"}])")), "rules[0].rule: required");
    auto unknown = create_error("rules", rules(R"([{"rule": "explode"}])"));
    EXPECT_EQ(unknown.rfind("rules[0].rule: unknown rule 'explode' (known: set_field, ", 0), 0u) << unknown;
    EXPECT_EQ(create_error("rules", rules(R"([{"rule": "uppercase", "field": "a", "feild": "b"}])")),
              "rules[0].feild: unknown setting (this rule takes field)");
    EXPECT_EQ(create_error("rules", rules(R"([{"rule": "set_field", "field": "lines[x].sku", "value": 1}])")),
              "rules[0].field: 'lines[x].sku' is not a path: expected a number or * inside [ ]");
    EXPECT_EQ(create_error("rules", rules(R"([{"rule": "ignore"}])")),
              "rules[0].when: required (the condition under which the rule acts)");
    EXPECT_EQ(create_error("rules", rules(R"([{"rule": "price_adjust", "field": "p", "percent": "12,5"}])")),
              "rules[0].percent: '12,5' is not a decimal number");
    EXPECT_EQ(create_error("rules", rules(R"([{"rule": "price_adjust", "field": "p"}])")), "rules[0].percent: give either percent or amount");
    EXPECT_EQ(create_error("rules", rules(R"([{"rule": "price_adjust", "field": "p", "percent": 1, "rounding": "up"}])")),
              "rules[0].rounding: expected none, ore, whole_krona or ending_9");
    EXPECT_EQ(create_error("rules", rules(R"([{"rule": "truncate", "field": "p"}])")), "rules[0].max_length: required");
}

TEST(CustomTransformsBadInput, BadPatternsAndConditionsAreRefused) {
    auto bad_regex = create_error("rules", rules(R"([{"rule": "ignore_by_pattern", "pattern": "(["}])"));
    EXPECT_EQ(bad_regex.rfind("rules[0].pattern: '([' is not a valid regular expression", 0), 0u) << bad_regex;
    EXPECT_EQ(create_error("rules", rules(R"([{"rule": "ignore_by_pattern", "pattern": "(a)\\1"}])")),
              "rules[0].pattern: '(a)\\1': back-references are not supported");
    EXPECT_EQ(create_error("rules", rules(R"([{"rule": "uppercase", "field": "a", "when": {"field": "x"}}])")),
              "rules[0].when: a field needs a test: equals, not_equals, matches, greater_than, less_than or exists");
    EXPECT_EQ(create_error("rules", rules(R"([{"rule": "uppercase", "field": "a", "when": {"all": [{"channel": 1}, {"equals": 2}]}}])")),
              "rules[0].when.all[1].field: required with 'equals'");
    EXPECT_EQ(create_error("rules", rules(R"([{"rule": "uppercase", "field": "a", "when": {"any": []}}])")),
              "rules[0].when.any: expected a non-empty array of conditions");
    auto unknown = create_error("rules", rules(R"([{"rule": "uppercase", "field": "a", "when": {"chanel": 1}}])"));
    EXPECT_EQ(unknown.rfind("rules[0].when.chanel: unknown condition", 0), 0u) << unknown;
}

TEST(CustomTransformsBadInput, ARecordTheRuleCannotApplyToFailsNamingIt) {
    Transform t("rules", rules(R"([{"rule": "price_adjust", "field": "lines[*].unit_price_inc_vat", "percent": 10},
                                   {"rule": "set_field", "field": "customer.email.domain", "value": "x"}])"));
    auto bad_price = order();
    bad_price.as_object()["lines"].as_array()[0].as_object()["unit_price_inc_vat"] = 199;
    auto results = t.run(boost::json::array{bad_price, order()});
    ASSERT_EQ(results.size(), 2u);
    EXPECT_EQ(results[0].at("action"), "fail");
    EXPECT_EQ(std::string(results[0].at("reason").as_string()),
              "order 100234: rules[0] (price_adjust): lines[0].unit_price_inc_vat: expected an object (expected money {\"minor\": 12900, \"currency\": \"SEK\"})");
    EXPECT_EQ(results[1].at("action"), "fail");
    EXPECT_EQ(results[1].at("reason"),
              "order 100234: rules[1] (set_field): cannot reach customer.email.domain: found a string before 'domain'");
}

TEST(CustomTransformsBadInput, AnOrderMadeInvalidByARuleFails) {
    Transform t("rules", rules(R"([{"rule": "remove_field", "field": "lines[*]"}])"));
    auto r = t.one(order());
    EXPECT_EQ(r["action"], "fail");
    EXPECT_EQ(r["reason"], "order 100234: after the change the order is not valid: order.lines: an order needs at least one line");
}

TEST(CustomTransformsBadInput, BadRequestsAreErrorsNotCrashes) {
    Transform t("rules", rules(R"([{"rule": "uppercase", "field": "name"}])"));
    auto no_records = t.raw(boost::json::object{{"op", "transform"}});
    EXPECT_EQ(no_records.status, SKARV_ERR_INVALID);
    EXPECT_EQ(no_records.message(), "transform request: records: expected an array");
    EXPECT_EQ(t.raw(boost::json::object{{"op", "orders.read"}}).status, SKARV_ERR_UNSUPPORTED);
    Transform m("mapping", boost::json::object{{"mappings", boost::json::array{}}});
    EXPECT_EQ(m.raw(boost::json::object{{"op", "transform"}, {"records", "x"}}).status, SKARV_ERR_INVALID);
    // Odd but valid JSON records: each fails or passes alone.
    auto results = t.run(boost::json::array{nullptr, boost::json::array{}, json(R"({"name": 5})"), json(R"({"name": "ok"})")});
    ASSERT_EQ(results.size(), 4u);
    EXPECT_EQ(results[0].at("action"), "fail");
    EXPECT_EQ(results[1].at("action"), "fail");
    EXPECT_EQ(results[2].at("action"), "fail");
    EXPECT_EQ(results[2].at("reason"), "record 2: rules[0] (uppercase): name is not a string");
    EXPECT_EQ(results[3].at("record").at("name"), "OK");
}

TEST(CustomTransformsBadInput, AValueTooLongForARegexFailsItsRecord) {
    Transform t("rules", rules(R"([{"rule": "search_replace", "field": "description", "pattern": "a", "replace": "b"}])"));
    auto r = t.one(boost::json::object{{"article_number", "A1"}, {"description", std::string(2 << 20, 'x')}});
    EXPECT_EQ(r["action"], "fail");
    EXPECT_NE(r["reason"].as_string().find("too long to match"), std::string::npos);
}

TEST(CustomTransformsBadInput, CancelledCallsFailWhatIsLeftWithAReason) {
    // The host's cancellation flag, set before the call: every record says so.
    auto context = quiet_context("rules-cancel");
    skarv::host::PluginInstance instance(load_plugin("rules"), "rules-cancel", rules(R"([{"rule": "uppercase", "field": "name"}])"), context);
    context->cancelled->store(true);
    auto result = instance.call(boost::json::object{{"op", "transform"}, {"records", boost::json::array{json(R"({"name": "a"})")}}});
    ASSERT_TRUE(result.ok()) << result.message();
    const auto& r = result.document.at("results").at(0);
    EXPECT_EQ(r.at("action"), "fail");
    EXPECT_NE(r.at("reason").as_string().find("cancelled"), std::string::npos);
}

TEST(CustomTransformsBadInput, ReasonsNameEachKindOfRecord) {
    Transform t("rules", rules(R"([{"rule": "fail_when", "when": {"field": "x", "exists": false}, "reason": "r"}])"));
    auto reason = [&](const char* record, const char* hook) {
        return std::string(t.one(json(record), {}, hook)["reason"].as_string());
    };
    EXPECT_EQ(reason(R"({"order_id": "7", "status": "delivered"})", "status.before_write"), "status event of order 7: rules[0] (fail_when): r");
    EXPECT_EQ(reason(R"({"article_number": "A1"})", "products.before_write"), "product A1: rules[0] (fail_when): r");
    EXPECT_EQ(reason(R"({"sku": "S1", "warehouse": "MAIN"})", "stock.before_write"), "stock S1@MAIN: rules[0] (fail_when): r");
    EXPECT_EQ(reason(R"({"sku": "S1"})", "prices.before_write"), "price S1: rules[0] (fail_when): r");
    EXPECT_EQ(reason(R"({"code": "B2B", "prices": []})", "pricelists.before_write"), "price list B2B: rules[0] (fail_when): r");
    EXPECT_EQ(reason(R"({"customer_number": "C1"})", "customers.before_write"), "customer C1: rules[0] (fail_when): r");
    EXPECT_EQ(reason(R"({"y": 1})", "x.y"), "record 0: rules[0] (fail_when): r");
}
