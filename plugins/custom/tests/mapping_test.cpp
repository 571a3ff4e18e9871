// The mapping transform: source paths, constants, lookup tables and jq expressions.
#include <thread>

#include "transform_fixture.hpp"

using namespace custom_test;

namespace {
boost::json::value mappings(const char* list) { return boost::json::object{{"mappings", boost::json::parse(list)}}; }
}  // namespace

TEST(CustomTransformsMapping, TheFourKindsFromTheIssue) {
    Transform t("mapping", mappings(R"([
        {"target": "note", "source": "customer.email"},
        {"target": "order_number", "constant": "X"},
        {"target": "shipping.carrier", "lookup": {"source": "shipping.method", "table": {"ombud": "PostNord"}, "default": "DHL"}},
        {"target": "customer.customer_group", "jq": "if .customer.type == \"company\" then \"B2B\" else \"B2C\" end"}])"));
    auto r = t.kept(order());
    EXPECT_EQ(r.at("note"), "asa@example.se");
    EXPECT_EQ(r.at("order_number"), "X");
    EXPECT_EQ(r.at("shipping").at("carrier"), "PostNord");
    EXPECT_EQ(r.at("customer").at("customer_group"), "B2C");

    auto company = order();
    auto& customer = company.as_object()["customer"].as_object();
    customer["type"] = "company";
    customer["company_name"] = "Acme AB";
    company.as_object()["shipping"].as_object()["method"] = "hemleverans";
    r = t.kept(company);
    EXPECT_EQ(r.at("customer").at("customer_group"), "B2B");
    EXPECT_EQ(r.at("shipping").at("carrier"), "DHL");
}

TEST(CustomTransformsMapping, LaterEntriesSeeEarlierOnesAndJqBuildsValues) {
    Transform t("mapping", mappings(R"([
        {"target": "erp.reference", "jq": "\"WEB-\" + .order_id"},
        {"target": "erp.label", "jq": ".erp.reference + \" (\" + (.lines | length | tostring) + \" rader)\""},
        {"target": "erp.skus", "jq": "[.lines[].sku]"},
        {"target": "lines[*].erp_unit", "constant": "st"}])"));
    auto r = t.kept(order());
    EXPECT_EQ(r.at("erp").at("reference"), "WEB-100234");
    EXPECT_EQ(r.at("erp").at("label"), "WEB-100234 (2 rader)");
    EXPECT_EQ(r.at("erp").at("skus"), boost::json::parse(R"(["A1001-BLUE-M", "FOOD-7"])"));
    EXPECT_EQ(r.at("lines").at(1).at("erp_unit"), "st");
}

TEST(CustomTransformsMapping, MissingSourceKeepsTheTargetUnlessRequiredOrDefaulted) {
    Transform t("mapping", mappings(R"([
        {"target": "note", "source": "customer.org_number"},
        {"target": "order_number", "source": "customer.org_number", "default": "none"},
        {"target": "status", "jq": "empty"}])"));
    auto r = t.kept(order());
    EXPECT_EQ(r.at("note"), "");
    EXPECT_EQ(r.at("order_number"), "none");
    EXPECT_EQ(r.at("status"), "released");
    Transform strict("mapping", mappings(R"([{"target": "note", "source": "customer.org_number", "required": true}])"));
    auto failed = strict.one(order());
    EXPECT_EQ(failed["action"], "fail");
    EXPECT_EQ(failed["reason"], "order 100234: mappings[0] (source): nothing to map to note");
}

TEST(CustomTransformsMapping, WhenGuardsAnEntry) {
    Transform t("mapping", mappings(R"([{"target": "note", "constant": "B2B shop", "when": {"channel": 2}}])"));
    EXPECT_EQ(t.kept(order()).at("note"), "");
    auto record = order();
    record.as_object()["channel"] = 2;
    EXPECT_EQ(t.kept(record).at("note"), "B2B shop");
}

TEST(CustomTransformsMapping, AJqErrorFailsThatRecordOnlyWithJqsMessage) {
    Transform t("mapping", mappings(R"([{"target": "customer.org_number",
        "jq": "if .customer.type == \"company\" then .customer.org_number else error(\"order \" + .order_id + \" has no company\") end"},
        {"target": "n", "jq": ".customer.first_name | tonumber"}])"));
    auto company = order();
    auto& customer = company.as_object()["customer"].as_object();
    customer["type"] = "company";
    customer["company_name"] = "Acme AB";
    customer["first_name"] = "7";
    customer["org_number"] = "556677-8899";
    auto results = t.run(boost::json::array{order(), company});
    ASSERT_EQ(results.size(), 2u);
    EXPECT_EQ(results[0].at("action"), "fail");
    EXPECT_EQ(results[0].at("reason"), "order 100234: mappings[0] (jq): jq: order 100234 has no company");
    EXPECT_EQ(results[1].at("action"), "keep");
    EXPECT_EQ(results[1].at("record").at("n"), 7);
    // A type error is jq's own message.
    Transform types("mapping", mappings(R"([{"target": "x", "jq": ".lines + 1"}])"));
    auto r = types.one(order());
    EXPECT_EQ(r["action"], "fail");
    EXPECT_NE(r["reason"].as_string().find("jq: array"), std::string::npos) << r["reason"];
    EXPECT_NE(r["reason"].as_string().find("cannot be added"), std::string::npos) << r["reason"];
}

TEST(CustomTransformsMapping, HaltErrorIsAFailureNotAnExit) {
    Transform t("mapping", mappings(R"([{"target": "x", "jq": "\"stop here\" | halt_error"}])"));
    auto r = t.one(order());
    EXPECT_EQ(r["action"], "fail");
    EXPECT_NE(r["reason"].as_string().find("stop here"), std::string::npos) << r["reason"];
    // The instance keeps working afterwards.
    Transform ok("mapping", mappings(R"([{"target": "x", "jq": "1"}])"));
    EXPECT_EQ(ok.kept(order()).at("x"), 1);
    EXPECT_EQ(t.one(order())["action"], "fail");
}

TEST(CustomTransformsMapping, AJqCompileErrorRefusesTheConfigNamingTheEntry) {
    auto message = create_error("mapping", mappings(R"([{"target": "a", "constant": 1}, {"target": "b", "jq": "if . then"}])"));
    EXPECT_EQ(message, "mappings[1].jq: jq: syntax error, unexpected $end (Unix shell quoting issues?) at <top-level>, "
                       "line 1: if . then; Possibly unterminated 'if' statement at <top-level>, line 1: if . then");
}

TEST(CustomTransformsMapping, BadMappingConfigs) {
    EXPECT_EQ(create_error("mapping", mappings(R"([{"target": "a", "constant": 1, "source": "b"}])")),
              "mappings[0]: give exactly one of source, constant, lookup or jq");
    EXPECT_EQ(create_error("mapping", mappings(R"([{"source": "b"}])")), "mappings[0].target: required");
    EXPECT_EQ(create_error("mapping", mappings(R"([{"target": "a", "lookup": {"source": "b"}}])")), "mappings[0].lookup.table: required");
    EXPECT_EQ(create_error("mapping", mappings(R"([{"target": "$context.x", "constant": 1}])")),
              "mappings[0].target: the context is read-only; write to a field of the record");
    EXPECT_EQ(create_error("mapping", boost::json::object{}), "mappings: required");
}

TEST(CustomTransformsMapping, InstancesOnDifferentThreadsDoNotDisturbEachOther) {
    // The ABI lets different instances run at once; each has its own jq_state.
    auto worker = [](const char* program, const char* expected, int* good) {
        Transform t("mapping", mappings((std::string(R"([{"target": "x", "jq": ")") + program + R"("}])").c_str()));
        for (int i = 0; i < 200; ++i) {
            auto r = t.kept(order());
            if (r.at("x") == expected) ++*good;
        }
    };
    int good_a = 0, good_b = 0;
    std::thread a(worker, R"(.customer.first_name + \" \" + .customer.last_name)", "Åsa Berg", &good_a);
    std::thread b(worker, R"(.lines | map(.sku) | join(\",\"))", "A1001-BLUE-M,FOOD-7", &good_b);
    a.join();
    b.join();
    EXPECT_EQ(good_a, 200);
    EXPECT_EQ(good_b, 200);
}
