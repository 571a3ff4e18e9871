#include <gtest/gtest.h>

#include <skarv/json_reader.hpp>

#include "skarv/host/config/schema_validator.hpp"

using skarv::host::validate_against_schema;

namespace {
std::vector<std::string> problems(const char* doc, const char* schema) {
    std::vector<std::string> out;
    for (auto& p : validate_against_schema(skarv::parse_json(doc), skarv::parse_json(schema), "cfg")) out.push_back(p.to_string());
    return out;
}
}  // namespace

TEST(HostSchemaValidator, ReportsEveryProblemWithItsPath) {
    auto found = problems(R"({"base_url": "ftp://x", "retries": 20, "mode": "fast", "extra": 1,
                              "channels": [{"id": 1}, {"id": "two"}]})",
                          R"({"type": "object", "required": ["api_key", "base_url"], "additionalProperties": false,
                              "properties": {
                                "api_key": {"type": "string"}, "base_url": {"type": "string", "pattern": "^https?://"},
                                "retries": {"type": "integer", "minimum": 0, "maximum": 10},
                                "mode": {"enum": ["order", "invoice"]},
                                "channels": {"type": "array", "items": {"$ref": "#/$defs/channel"}}},
                              "$defs": {"channel": {"type": "object", "properties": {"id": {"type": "integer"}}}}})");
    std::vector<std::string> expected = {
        "cfg.api_key: required",
        "cfg.base_url: does not match ^https?://",
        "cfg.retries: must be at most 10",
        "cfg.mode: must be one of \"order\", \"invoice\"",
        "cfg.extra: unknown field",
        "cfg.channels[1].id: expected integer, got string",
    };
    std::sort(found.begin(), found.end());
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(found, expected);
}

TEST(HostSchemaValidator, AcceptsAValidDocument) {
    EXPECT_TRUE(problems(R"({"name": "Åsa", "n": 2.0, "x": null})",
                         R"({"type": "object", "properties": {"name": {"type": "string", "minLength": 3, "maxLength": 3},
                             "n": {"type": "integer"}, "x": {"type": ["string", "null"]}}})").empty());
    EXPECT_EQ(problems(R"({"name": ""})", R"({"properties": {"name": {"type": "string", "minLength": 1}}})"),
              std::vector<std::string>{"cfg.name: must not be empty"});
}

// Keywords the host's own validator used to ignore (it knew a subset); valijson enforces
// them, and the problems still name their path.
TEST(HostSchemaValidator, EnforcesOneOfPatternPropertiesAndTheOtherDraft7Keywords) {
    const char* schema = R"({"type": "object", "additionalProperties": false,
        "properties": {
          "port": {"oneOf": [{"type": "integer", "exclusiveMinimum": 0, "maximum": 65535}, {"type": "string", "pattern": "^\\$\\{[A-Z_]+\\}$"}]},
          "hosts": {"type": "array", "maxItems": 2, "uniqueItems": true},
          "headers": {"type": "object", "patternProperties": {"^X-": {"type": "string"}}, "additionalProperties": false},
          "since": {"type": "string", "format": "date"}}})";
    EXPECT_TRUE(problems(R"({"port": 8080, "hosts": ["a", "b"], "headers": {"X-Id": "1"}, "since": "2026-12-06"})", schema).empty());
    EXPECT_TRUE(problems(R"({"port": "${PORT}"})", schema).empty());

    auto found = problems(R"({"port": "eighty", "hosts": ["a", "b", "c"], "headers": {"X-Id": 1, "Cookie": "x"},
                              "since": "06/12/2026"})", schema);
    std::vector<std::string> expected = {
        "cfg.port: expected integer, got string",   // the first form's verdict, then the second's
        "cfg.port: does not match ^\\$\\{[A-Z_]+\\}$",
        "cfg.port: matches none of the allowed forms (each one's problems are listed)",
        "cfg.hosts: allows at most 2 item(s)",
        "cfg.headers.X-Id: expected string, got integer",
        "cfg.headers.Cookie: unknown field",
        "cfg.since: is not a valid date",
    };
    std::sort(found.begin(), found.end());
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(found, expected);
    EXPECT_EQ(problems(R"({"port": 0})", schema).front(), "cfg.port: must be greater than 0");
}

// 2020-12: keywords beside "$ref" apply too (draft 7, valijson's, would ignore them).
TEST(HostSchemaValidator, KeywordsBesideARefApply) {
    const char* schema = R"({"properties": {"amount": {"$ref": "#/$defs/money", "required": ["currency"]},
                                            "nothing": false},
                             "$defs": {"money": {"type": "object", "properties": {"minor": {"type": "integer"}}}}})";
    auto found = problems(R"({"amount": {"minor": "5"}, "nothing": 1})", schema);
    std::sort(found.begin(), found.end());
    EXPECT_EQ(found, (std::vector<std::string>{"cfg.amount.currency: required", "cfg.amount.minor: expected integer, got string",
                                               "cfg.nothing: not allowed"}));
}

// A plugin's broken schema is reported, never followed into a crash: valijson aborts on
// a reference it cannot resolve and recurses without end on one that loops.
TEST(HostSchemaValidator, ABrokenSchemaIsASchemaErrorNotACrash) {
    EXPECT_EQ(problems("{}", R"({"properties": {"a": {"$ref": "#/$defs/missing"}}})"),
              std::vector<std::string>{"cfg: schema error: cannot resolve #/$defs/missing at #/properties/a "
                                       "(only references within the same schema are followed)"});
    EXPECT_EQ(problems("{}", R"({"properties": {"a": {"$ref": "other.json#/x"}}})").size(), 1u);
    EXPECT_EQ(problems(R"({"a": 1})", R"({"$defs": {"x": {"allOf": [{"$ref": "#/$defs/x"}]}}, "properties": {"a": {"$ref": "#/$defs/x"}}})"),
              std::vector<std::string>{"cfg: schema error: #/$defs/x refers back to itself without going into the value"});
    EXPECT_EQ(problems(R"({"a": "x"})", R"({"properties": {"a": {"pattern": "(["}}})"),
              std::vector<std::string>{"cfg: schema error: bad pattern (["});
    // A setting may be called "default" or "enum": its schema is checked all the same.
    EXPECT_EQ(problems(R"({"default": "x"})", R"({"properties": {"default": {"pattern": "(["}}})"),
              std::vector<std::string>{"cfg: schema error: bad pattern (["});
    EXPECT_EQ(problems(R"({"enum": 5})", R"({"properties": {"enum": {"$ref": "#/$defs/text", "minLength": 1}},
                                              "$defs": {"text": {"type": "string"}}})"),
              std::vector<std::string>{"cfg.enum: expected string, got integer"});
    // Recursion that goes into the value is fine.
    EXPECT_EQ(problems(R"({"child": {"child": {"name": 5}}})",
                       R"({"$ref": "#/$defs/node", "$defs": {"node": {"type": "object", "properties": {
                             "name": {"type": "string"}, "child": {"$ref": "#/$defs/node"}}}}})"),
              std::vector<std::string>{"cfg.child.child.name: expected string, got integer"});
}

// The array form of "items" (draft 7's tuples) and "additionalItems": false.
TEST(HostSchemaValidator, TupleItemsAndNoMore) {
    const char* schema = R"({"properties": {"pair": {"type": "array", "items": [{"type": "string"}, {"type": "integer"}],
                                                       "additionalItems": false}}})";
    EXPECT_TRUE(problems(R"({"pair": ["a", 1]})", schema).empty());
    auto found = problems(R"({"pair": [1, 1, 3]})", schema);
    std::sort(found.begin(), found.end());
    EXPECT_EQ(found, (std::vector<std::string>{"cfg.pair: allows at most 2 item(s)", "cfg.pair[0]: expected string, got integer"}));
}
