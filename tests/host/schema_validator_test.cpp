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
