// Every kind of condition, the shortcuts, and all/any/not nested.
#include "transform_fixture.hpp"

using namespace custom_test;

namespace {
// Whether the rule guarded by `when` ran on `record`.
bool fires(const char* when, const boost::json::value& record, const boost::json::object& context = {{"connection", "main"}, {"channel", 1}}) {
    std::string config = std::string(R"([{"rule": "set_field", "field": "fired", "value": true, "when": )") + when + "}]";
    Transform t("rules", rules(config.c_str()));
    auto r = t.kept(record, context);
    return r.as_object().contains("fired");
}
}  // namespace

TEST(CustomTransformsConditions, EqualsAndNotEquals) {
    EXPECT_TRUE(fires(R"({"field": "currency", "equals": "SEK"})", order()));
    EXPECT_FALSE(fires(R"({"field": "currency", "equals": "EUR"})", order()));
    EXPECT_TRUE(fires(R"({"field": "currency", "equals": ["EUR", "SEK"]})", order()));
    EXPECT_TRUE(fires(R"({"field": "lines[0].quantity", "equals": 2.0})", order()));
    EXPECT_TRUE(fires(R"({"field": "currency", "not_equals": "EUR"})", order()));
    EXPECT_FALSE(fires(R"({"field": "lines[*].sku", "not_equals": "FOOD-7"})", order()));
    EXPECT_TRUE(fires(R"({"field": "customer.org_number", "not_equals": "x"})", order()));   // absent: not equal
}

TEST(CustomTransformsConditions, MatchesAnyLineWithStar) {
    EXPECT_TRUE(fires(R"({"field": "lines[*].sku", "matches": "^FOOD-"})", order()));
    EXPECT_FALSE(fires(R"({"field": "lines[*].sku", "matches": "^BOOK-"})", order()));
    EXPECT_TRUE(fires(R"({"field": "channel", "matches": "^1$"})", order()));   // numbers match as text
}

TEST(CustomTransformsConditions, GreaterThanAndLessThan) {
    EXPECT_TRUE(fires(R"({"field": "total_inc_vat.minor", "greater_than": 50000})", order()));
    EXPECT_FALSE(fires(R"({"field": "total_inc_vat.minor", "greater_than": 53650})", order()));
    EXPECT_TRUE(fires(R"({"field": "lines[*].quantity", "less_than": 2})", order()));
    EXPECT_TRUE(fires(R"({"field": "created_at", "less_than": "2027-01-01"})", json(R"({"sku": "S", "created_at": "2026-11-23T10:00:00Z"})")));
    EXPECT_FALSE(fires(R"({"field": "currency", "greater_than": 5})", order()));   // cannot be ordered: false
}

TEST(CustomTransformsConditions, Exists) {
    EXPECT_TRUE(fires(R"({"field": "payment.method", "exists": true})", order()));
    EXPECT_FALSE(fires(R"({"field": "customer.org_number", "exists": true})", order()));
    EXPECT_TRUE(fires(R"({"field": "customer.org_number", "exists": false})", order()));
}

TEST(CustomTransformsConditions, ShortcutsChannelCustomerGroupPaymentMethod) {
    auto record = order();
    record.as_object()["channel"] = 2;
    record.as_object()["customer"].as_object()["customer_group"] = "B2B";
    record.as_object()["payment"].as_object()["method"] = "invoice";
    EXPECT_TRUE(fires(R"({"channel": 2})", record));
    EXPECT_TRUE(fires(R"({"channel": [1, 2]})", record));
    EXPECT_FALSE(fires(R"({"channel": 1})", record));
    EXPECT_TRUE(fires(R"({"customer_group": "B2B"})", record));
    EXPECT_TRUE(fires(R"({"payment_method": "invoice"})", record));
    EXPECT_FALSE(fires(R"({"payment_method": "card"})", record));
    // Several tests in one object must all hold.
    EXPECT_TRUE(fires(R"({"channel": 2, "payment_method": "invoice"})", record));
    EXPECT_FALSE(fires(R"({"channel": 2, "payment_method": "card"})", record));
}

TEST(CustomTransformsConditions, ChannelFallsBackToTheRequestContext) {
    auto product = json(R"({"article_number": "A1", "name": "T"})");
    EXPECT_TRUE(fires(R"({"channel": 3})", product, {{"channel", 3}}));
    EXPECT_TRUE(fires(R"({"field": "channel", "equals": 3})", product, {{"channel", 3}}));
    EXPECT_FALSE(fires(R"({"channel": 3})", product, {{"channel", 1}}));
    EXPECT_TRUE(fires(R"({"field": "$context.connection", "equals": "eu"})", product, {{"connection", "eu"}}));
    EXPECT_TRUE(fires(R"({"field": "$context.hook", "equals": "order.before_write"})", product));
}

TEST(CustomTransformsConditions, AllAnyAndNotNest) {
    auto record = order();
    const char* nested = R"({"any": [
        {"all": [{"channel": 1}, {"field": "lines[*].sku", "matches": "^FOOD"}, {"not": {"payment_method": "invoice"}}]},
        {"field": "note", "equals": "rush"}]})";
    EXPECT_TRUE(fires(nested, record));
    record.as_object()["payment"].as_object()["method"] = "invoice";
    EXPECT_FALSE(fires(nested, record));
    record.as_object()["note"] = "rush";
    EXPECT_TRUE(fires(nested, record));
    EXPECT_FALSE(fires(R"({"all": [{"channel": 1}, {"any": [{"channel": 5}, {"customer_group": "B2B"}]}]})", order()));
}
