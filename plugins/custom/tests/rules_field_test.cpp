// The field and text rules, one by one, through rules.so.
#include "transform_fixture.hpp"

using namespace custom_test;

TEST(CustomTransformsRules, SetFieldCreatesNestedKeysAndSetsEveryLine) {
    Transform t("rules", rules(R"([{"rule": "set_field", "field": "customer.customer_group", "value": "RETAIL"},
                                   {"rule": "set_field", "field": "lines[*].warehouse", "value": "MAIN"},
                                   {"rule": "set_field", "field": "erp.project", "value": 42}])"));
    auto r = t.kept(order());
    EXPECT_EQ(r.at("customer").at("customer_group"), "RETAIL");
    for (const auto& line : r.at("lines").as_array()) EXPECT_EQ(line.at("warehouse"), "MAIN");
    EXPECT_EQ(r.at("erp").at("project"), 42);
}

TEST(CustomTransformsRules, CopyFieldCopiesAndLeavesAMissingSourceAlone) {
    Transform t("rules", rules(R"([{"rule": "copy_field", "from": "customer.email", "to": "note"},
                                   {"rule": "copy_field", "from": "customer.org_number", "to": "order_number"},
                                   {"rule": "copy_field", "from": "$context.connection", "to": "erp.connection"}])"));
    auto r = t.kept(order());
    EXPECT_EQ(r.at("note"), "asa@example.se");
    EXPECT_EQ(r.at("order_number"), "100234");
    EXPECT_EQ(r.at("erp").at("connection"), "main");
}

TEST(CustomTransformsRules, CopyFieldRequiredFailsWhenTheSourceIsMissing) {
    Transform t("rules", rules(R"([{"rule": "copy_field", "from": "customer.org_number", "to": "note", "required": true}])"));
    auto r = t.one(order());
    EXPECT_EQ(r["action"], "fail");
    EXPECT_EQ(r["reason"], "order 100234: rules[0] (copy_field): customer.org_number is missing, so it cannot be copied to note");
}

TEST(CustomTransformsRules, RemoveFieldRemovesKeysAndLines) {
    Transform t("rules", rules(R"([{"rule": "remove_field", "field": "customer.email"},
                                   {"rule": "remove_field", "field": "lines[1]"}])"));
    auto r = t.kept(order());
    EXPECT_FALSE(r.at("customer").as_object().contains("email"));
    ASSERT_EQ(r.at("lines").as_array().size(), 1u);
    // A line gone is money gone: the stated total follows.
    EXPECT_EQ(minor(r.at("total_inc_vat")), 2 * 19900 + 4900);
}

TEST(CustomTransformsRules, DefaultValueFillsOnlyEmptyFields) {
    Transform t("rules", rules(R"([{"rule": "default_value", "field": "note", "value": "Webborder"},
                                   {"rule": "default_value", "field": "customer.email", "value": "x@y.se"},
                                   {"rule": "default_value", "field": "customer.phone", "value": "-"}])"));
    auto r = t.kept(order());
    EXPECT_EQ(r.at("note"), "Webborder");
    EXPECT_EQ(r.at("customer").at("email"), "asa@example.se");
    EXPECT_EQ(r.at("customer").at("phone"), "-");
}

TEST(CustomTransformsRules, TruncateNeverSplitsACharacter) {
    auto record = json(R"({"article_number": "A1", "name": "Åsa Bergström", "description": "Ä"})");
    Transform chars("rules", rules(R"([{"rule": "truncate", "field": "name", "max_length": 5}])"));
    EXPECT_EQ(chars.kept(record).at("name"), "Åsa B");
    Transform bytes("rules", rules(R"([{"rule": "truncate", "field": "name", "max_length": 4, "unit": "bytes"}])"));
    EXPECT_EQ(bytes.kept(record).at("name"), "Åsa");
    Transform one_byte("rules", rules(R"([{"rule": "truncate", "field": "description", "max_length": 1, "unit": "bytes"}])"));
    EXPECT_EQ(one_byte.kept(record).at("description"), "");
    Transform ellipsis("rules", rules(R"([{"rule": "truncate", "field": "name", "max_length": 6, "ellipsis": "…"}])"));
    EXPECT_EQ(ellipsis.kept(record).at("name"), "Åsa B…");
    Transform short_enough("rules", rules(R"([{"rule": "truncate", "field": "name", "max_length": 50}])"));
    EXPECT_EQ(short_enough.kept(record).at("name"), "Åsa Bergström");
}

TEST(CustomTransformsRules, UppercaseAndLowercaseKnowSwedishLetters) {
    Transform t("rules", rules(R"([{"rule": "uppercase", "field": "customer.first_name"},
                                   {"rule": "lowercase", "field": "shipping_address.city"},
                                   {"rule": "uppercase", "field": "lines[*].sku"}])"));
    auto record = order();
    record.as_object()["shipping_address"].as_object()["city"] = "ÖSTERÅKER";
    record.as_object()["lines"].as_array()[0].as_object()["sku"] = "a1001-blå";
    auto r = t.kept(record);
    EXPECT_EQ(r.at("customer").at("first_name"), "ÅSA");
    EXPECT_EQ(r.at("shipping_address").at("city"), "österåker");
    EXPECT_EQ(r.at("lines").at(0).at("sku"), "A1001-BLÅ");
}

TEST(CustomTransformsRules, SearchReplaceOnEveryLinesSku) {
    Transform t("rules", rules(R"([{"rule": "search_replace", "field": "lines[*].sku", "pattern": "^A(\\d+)-", "replace": "ART$1/"},
                                   {"rule": "search_replace", "field": "customer.email", "pattern": "EXAMPLE", "replace": "exempel", "ignore_case": true}])"));
    auto r = t.kept(order());
    EXPECT_EQ(r.at("lines").at(0).at("sku"), "ART1001/BLUE-M");
    EXPECT_EQ(r.at("lines").at(1).at("sku"), "FOOD-7");
    EXPECT_EQ(r.at("customer").at("email"), "asa@exempel.se");
}

TEST(CustomTransformsRules, SearchReplaceSurvivesAHugeValue) {
    // The backtracking executor would overflow the stack on this; the polynomial one does not.
    Transform t("rules", rules(R"([{"rule": "search_replace", "field": "description", "pattern": "(a|b)*c", "replace": "x"}])"));
    std::string big(300000, 'a');
    auto r = t.kept(boost::json::object{{"article_number", "A1"}, {"name", "n"}, {"description", big + "c"}});
    EXPECT_EQ(r.at("description"), "x");
}

TEST(CustomTransformsRules, SearchReplaceFinishesOnAPatternThatBacktracksExponentially) {
    // "(x+x+)+y" against x's with no y: a backtracking matcher tries 2^n ways; RE2 one pass.
    Transform t("rules", rules(R"([{"rule": "search_replace", "field": "description", "pattern": "(x+x+)+y", "replace": "z"}])"));
    const std::string xs(100000, 'x');
    auto r = t.kept(boost::json::object{{"article_number", "A1"}, {"name", "n"}, {"description", xs}});
    EXPECT_EQ(r.at("description").as_string(), xs);
}

TEST(CustomTransformsRules, SearchReplaceKnowsSwedishLettersAndTheEcmaScriptFormat) {
    // Case folding and "." are by character (UTF-8), not by byte.
    Transform t("rules", rules(R"([{"rule": "search_replace", "field": "name", "pattern": "^(.)(.*) ÖST$", "replace": "$2 [$1] $& $$ $9", "ignore_case": true}])"));
    auto r = t.kept(boost::json::object{{"article_number", "A1"}, {"name", "Åsa öst"}});
    EXPECT_EQ(r.at("name"), "sa [Å] Åsa öst $ ");
}

TEST(CustomTransformsRules, StripHtmlLeavesReadableText) {
    Transform t("rules", rules(R"([{"rule": "strip_html", "field": "description"}])"));
    auto r = t.kept(json(R"({"article_number": "A1", "name": "T", "description":
        "<p>Mjuk <b>bomull</b> &amp; lin</p><ul><li>S&ouml;t</li><li title=\"a > b\">M&#229;l</li></ul><script>alert(1)</script><!-- x -->a < b"})"));
    EXPECT_EQ(r.at("description"), "Mjuk bomull & lin\nSöt\nMål\na < b");
}

TEST(CustomTransformsRules, AddressSwitchSwapsBillingAndShipping) {
    Transform t("rules", rules(R"([{"rule": "address_switch"}])"));
    auto r = t.kept(order());
    EXPECT_EQ(r.at("billing_address").at("city"), "Lund");
    EXPECT_EQ(r.at("shipping_address").at("city"), "Stockholm");
}

TEST(CustomTransformsRules, CarrierMapOnOrdersAndStatusEvents) {
    Transform t("rules", rules(R"([{"rule": "carrier_map", "source": "shipping.method",
                                    "table": {"ombud": "PostNord", "express": "DHL Express"}}])"));
    EXPECT_EQ(t.kept(order()).at("shipping").at("carrier"), "PostNord");
    Transform status("rules", rules(R"([{"rule": "carrier_map", "table": {"PN": "PostNord"}, "default": "DHL"}])"));
    auto event = json(R"({"order_id": "100234", "status": "delivered", "carrier": "PN", "tracking_number": "1"})");
    EXPECT_EQ(status.kept(event).at("carrier"), "PostNord");
    event.as_object()["carrier"] = "??";
    EXPECT_EQ(status.kept(event).at("carrier"), "DHL");
    Transform strict("rules", rules(R"([{"rule": "carrier_map", "source": "shipping.method", "table": {"x": "y"}, "required": true}])"));
    auto r = strict.one(order());
    EXPECT_EQ(r["action"], "fail");
    EXPECT_EQ(r["reason"], "order 100234: rules[0] (carrier_map): carrier_map: no entry for 'ombud' (shipping.method)");
}

TEST(CustomTransformsRules, SetPaymentMethodMapsNames) {
    Transform t("rules", rules(R"([{"rule": "set_payment_method", "map": {"card": "KORT", "klarna_checkout": "KLARNA"}}])"));
    EXPECT_EQ(t.kept(order()).at("payment").at("method"), "KORT");
    auto no_payment = order();
    no_payment.as_object().erase("payment");
    EXPECT_FALSE(t.kept(no_payment).as_object().contains("payment"));
}

TEST(CustomTransformsRules, WritingThroughAMissingArrayWritesNothing) {
    Transform t("rules", rules(R"([{"rule": "set_field", "field": "lines[*].warehouse", "value": "MAIN"},
                                   {"rule": "set_field", "field": "lines[3].warehouse", "value": "MAIN"}])"));
    auto product = json(R"({"article_number": "A1", "name": "T"})");
    EXPECT_EQ(t.kept(product), product);
    auto r = t.one(order());
    EXPECT_EQ(r["action"], "fail");
    EXPECT_EQ(r["reason"], "order 100234: rules[1] (set_field): cannot reach lines[3].warehouse: the array has 2 element(s)");
}
