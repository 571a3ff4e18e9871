// sdk/schema/: every example validates against its schema with the host's validator, and
// the C++ reader of the same record accepts it and writes it back unchanged.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

#include <skarv/records.hpp>

#include "skarv/host/config/schema_validator.hpp"

namespace {
boost::json::value load(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return skarv::parse_json(s.str(), p.string());
}
}  // namespace

TEST(SdkSchemas, ExamplesValidateAndRoundTripThroughTheReaders) {
    using namespace skarv::model;
    const std::filesystem::path dir = SKARV_SCHEMA_DIR;
    std::map<std::string, std::function<boost::json::value(const boost::json::value&)>> readers = {
        {"money", [](const auto& v) { return boost::json::value_from(read_money(v, "money")); }},
        {"product", [](const auto& v) { return boost::json::value_from(read_product(v)); }},
        {"price", [](const auto& v) { return boost::json::value_from(read_price(v)); }},
        {"price_list", [](const auto& v) { return boost::json::value_from(read_price_list(v)); }},
        {"stock_level", [](const auto& v) { return boost::json::value_from(read_stock_level(v)); }},
        {"customer", [](const auto& v) { return boost::json::value_from(read_customer(v)); }},
        {"order", [](const auto& v) { return boost::json::value_from(read_order(v)); }},
        {"order_status_event", [](const auto& v) { return boost::json::value_from(read_order_status_event(v)); }},
        {"settlement", [](const auto& v) { return boost::json::value_from(read_settlement(v)); }},
        {"voucher", [](const auto& v) { return boost::json::value_from(read_voucher(v)); }},
    };
    int checked = 0;
    for (const auto& [name, read] : readers) {
        auto schema = load(dir / (name + ".schema.json"));
        auto example = load(dir / "examples" / (name + ".example.json"));
        auto problems = skarv::host::validate_against_schema(example, schema);
        for (const auto& p : problems) ADD_FAILURE() << name << ": " << p.to_string();
        auto written = read(example);
        EXPECT_TRUE(skarv::host::validate_against_schema(written, schema).empty()) << name << " as written back";
        ++checked;
    }
    EXPECT_EQ(checked, 10);
    // And a schema does refuse what the reader refuses.
    auto order_schema = load(dir / "order.schema.json");
    auto bad = load(dir / "examples" / "order.example.json");
    bad.as_object().erase("order_id");
    EXPECT_FALSE(skarv::host::validate_against_schema(bad, order_schema).empty());

    // A delivery's lines: what the reader writes validates, what it refuses the schema refuses.
    auto status_schema = load(dir / "order_status_event.schema.json");
    auto partial = skarv::parse_json(R"({"order_id":"100234","status":"delivered",
        "lines":[{"sku":"A1001-1","quantity":2,"line_no":1},{"sku":"A1002-1","quantity":1}]})");
    const auto written = boost::json::value_from(read_order_status_event(partial));
    EXPECT_TRUE(skarv::host::validate_against_schema(written, status_schema).empty());
    partial.as_object()["lines"].as_array()[1].as_object()["quantity"] = 0;
    EXPECT_FALSE(skarv::host::validate_against_schema(partial, status_schema).empty());
}
