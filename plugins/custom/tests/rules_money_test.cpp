// The money rules: exact integer arithmetic, each rounding rule, and stated totals that
// follow every change.
#include "transform_fixture.hpp"

using namespace custom_test;

namespace {
int64_t adjusted(const char* rule_json, int64_t price_minor) {
    Transform t("rules", rules(rule_json));
    auto r = t.kept(boost::json::object{{"sku", "S1"}, {"price_ex_vat", {{"minor", price_minor}, {"currency", "SEK"}}}});
    return minor(r.at("price_ex_vat"));
}
}  // namespace

TEST(CustomTransformsMoney, PriceAdjustPercentOnEveryLineRestatesTheTotal) {
    Transform t("rules", rules(R"([{"rule": "price_adjust", "field": "lines[*].unit_price_inc_vat", "percent": 10}])"));
    auto r = t.kept(order());
    EXPECT_EQ(minor(r.at("lines").at(0).at("unit_price_inc_vat")), 21890);
    EXPECT_EQ(minor(r.at("lines").at(1).at("unit_price_inc_vat")), 9845);
    EXPECT_EQ(minor(r.at("total_inc_vat")), 2 * 21890 + 9845 + 4900);
}

TEST(CustomTransformsMoney, PriceAdjustRoundsToTheOre) {
    // 89.50 kr less 12.5 % is 78.3125 kr: 78.31 to the öre.
    EXPECT_EQ(adjusted(R"([{"rule": "price_adjust", "field": "price_ex_vat", "percent": -12.5}])", 8950), 7831);
    EXPECT_EQ(adjusted(R"([{"rule": "price_adjust", "field": "price_ex_vat", "percent": "-12.5", "rounding": "ore"}])", 8950), 7831);
    // Half an öre rounds away from zero: 0.05 kr * 1.1 = 5.5 öre -> 6.
    EXPECT_EQ(adjusted(R"([{"rule": "price_adjust", "field": "price_ex_vat", "percent": 10}])", 5), 6);
    // A percentage with a float's trouble (0.1 + 0.2) is still exact: 100 kr + 0.3 % = 100.30 kr.
    EXPECT_EQ(adjusted(R"([{"rule": "price_adjust", "field": "price_ex_vat", "percent": 0.3}])", 10000), 10030);
}

TEST(CustomTransformsMoney, PriceAdjustWholeKronaAndEnding9) {
    EXPECT_EQ(adjusted(R"([{"rule": "price_adjust", "field": "price_ex_vat", "percent": -12.5, "rounding": "whole_krona"}])", 8950), 7800);
    EXPECT_EQ(adjusted(R"([{"rule": "price_adjust", "field": "price_ex_vat", "percent": -12.5, "rounding": "ending_9"}])", 8950), 7900);
    EXPECT_EQ(adjusted(R"([{"rule": "price_adjust", "field": "price_ex_vat", "amount": {"minor": 0, "currency": "SEK"}, "rounding": "ending_9"}])", 12340), 11900);
    EXPECT_EQ(adjusted(R"([{"rule": "price_adjust", "field": "price_ex_vat", "amount": {"minor": 0, "currency": "SEK"}, "rounding": "ending_9"}])", 12400), 12900);
    EXPECT_EQ(adjusted(R"([{"rule": "price_adjust", "field": "price_ex_vat", "amount": {"minor": 0, "currency": "SEK"}, "rounding": "ending_9"}])", 300), 900);
}

TEST(CustomTransformsMoney, PriceAdjustByAmount) {
    EXPECT_EQ(adjusted(R"([{"rule": "price_adjust", "field": "price_ex_vat", "amount": {"minor": -1000, "currency": "SEK"}}])", 19900), 18900);
    Transform t("rules", rules(R"([{"rule": "price_adjust", "field": "price_ex_vat", "amount": {"minor": 100, "currency": "EUR"}}])"));
    auto r = t.one(boost::json::object{{"sku", "S1"}, {"price_ex_vat", {{"minor", 100}, {"currency", "SEK"}}}}, {}, "prices.before_write");
    EXPECT_EQ(r["action"], "fail");
    EXPECT_EQ(r["reason"], "price S1: rules[0] (price_adjust): price_ex_vat is in SEK, the adjustment in EUR");
}

TEST(CustomTransformsMoney, RoundingNoneRefusesToRoundSilently) {
    Transform t("rules", rules(R"([{"rule": "price_adjust", "field": "price_ex_vat", "percent": -12.5, "rounding": "none"}])"));
    auto r = t.one(boost::json::object{{"sku", "S1"}, {"price_ex_vat", {{"minor", 8950}, {"currency", "SEK"}}}});
    EXPECT_EQ(r["action"], "fail");
    EXPECT_NE(r["reason"].as_string().find("not a whole minor unit of SEK"), std::string::npos) << r["reason"];
    EXPECT_EQ(adjusted(R"([{"rule": "price_adjust", "field": "price_ex_vat", "percent": -12.5, "rounding": "none"}])", 8000), 7000);
}

TEST(CustomTransformsMoney, PriceAdjustNeverMakesAPriceNegative) {
    Transform t("rules", rules(R"([{"rule": "price_adjust", "field": "price_ex_vat", "amount": {"minor": -5000, "currency": "SEK"}}])"));
    auto r = t.one(boost::json::object{{"sku", "S1"}, {"price_ex_vat", {{"minor", 100}, {"currency", "SEK"}}}});
    EXPECT_EQ(r["action"], "fail");
}

TEST(CustomTransformsMoney, RoundToWholeUnitsOnAFieldOrAsARow) {
    Transform field("rules", rules(R"([{"rule": "round_to_whole_units", "field": "lines[*].unit_price_inc_vat"}])"));
    auto r = field.kept(order());
    EXPECT_EQ(minor(r.at("lines").at(1).at("unit_price_inc_vat")), 9000);   // 89.50 -> 90
    EXPECT_EQ(minor(r.at("total_inc_vat")), 2 * 19900 + 9000 + 4900);
    Transform row("rules", rules(R"([{"rule": "round_to_whole_units"}])"));
    r = row.kept(order());   // 536.50 -> 537.00: a row of +0.50
    const auto& last = r.at("lines").as_array().back();
    EXPECT_EQ(last.at("sku"), "ORESAVRUNDNING");
    EXPECT_EQ(minor(last.at("unit_price_inc_vat")), 50);
    EXPECT_EQ(last.at("vat_rate_bp"), 0);
    EXPECT_EQ(minor(r.at("total_inc_vat")), 53700);
}

TEST(CustomTransformsMoney, AddRowWithAPriceOrAPercentOfTheGoods) {
    Transform wrap("rules", rules(R"([{"rule": "add_row", "sku": "GIFTWRAP", "name": "Presentinslagning",
                                       "price": {"minor": 2900, "currency": "SEK"}, "vat_rate_bp": 2500}])"));
    auto r = wrap.kept(order());
    ASSERT_EQ(r.at("lines").as_array().size(), 3u);
    EXPECT_EQ(r.at("lines").at(2).at("name"), "Presentinslagning");
    EXPECT_EQ(minor(r.at("total_inc_vat")), 53650 + 2900);
    // Applied again to its own output, the row is not added twice.
    EXPECT_EQ(wrap.kept(r).at("lines").as_array().size(), 3u);

    Transform fee("rules", rules(R"([{"rule": "add_row", "sku": "FEE", "percent": 2, "vat_rate_bp": 2500}])"));
    r = fee.kept(order());   // 2 % of 487.50 kr goods = 9.75 kr
    EXPECT_EQ(minor(r.at("lines").at(2).at("unit_price_inc_vat")), 975);
    EXPECT_EQ(minor(r.at("total_inc_vat")), 53650 + 975);
    const auto& vat = r.at("total_inc_vat");
    EXPECT_EQ(vat.at("currency"), "SEK");
}

TEST(CustomTransformsMoney, AddRowOnlyAppliesToOrdersInTheirCurrency) {
    Transform t("rules", rules(R"([{"rule": "add_row", "sku": "FEE", "price": {"minor": 100, "currency": "EUR"}}])"));
    auto r = t.one(order());
    EXPECT_EQ(r["action"], "fail");
    EXPECT_EQ(r["reason"], "order 100234: rules[0] (add_row): the row FEE is priced in EUR, the order in SEK");
    auto product = t.one(json(R"({"article_number": "A1", "name": "T"})"));
    EXPECT_EQ(product["action"], "fail");
    EXPECT_EQ(product["reason"], "product A1: rules[0] (add_row): add_row applies to orders, and this record has no lines");
}

TEST(CustomTransformsMoney, VatTypeMapsRatesToCodesAndBySku) {
    Transform codes("rules", rules(R"([{"rule": "vat_type", "target": "vat_code", "map": {"2500": "MP1", "1200": "MP2", "600": "MP3"}}])"));
    auto r = codes.kept(order());
    EXPECT_EQ(r.at("lines").at(0).at("vat_code"), "MP1");
    EXPECT_EQ(r.at("lines").at(1).at("vat_code"), "MP2");
    EXPECT_EQ(r.at("shipping").at("vat_code"), "MP1");

    Transform by_sku("rules", rules(R"([{"rule": "vat_type", "by_sku": [{"pattern": "^FOOD-", "vat_rate_bp": 600}], "required": false}])"));
    r = by_sku.kept(order());
    EXPECT_EQ(r.at("lines").at(1).at("vat_rate_bp"), 600);
    EXPECT_EQ(r.at("lines").at(0).at("vat_rate_bp"), 2500);
    EXPECT_EQ(minor(r.at("total_inc_vat")), 53650);   // the gross stays; only its VAT split moves

    Transform strict("rules", rules(R"([{"rule": "vat_type", "map": {"2500": 2500}}])"));
    auto failed = strict.one(order());
    EXPECT_EQ(failed["action"], "fail");
    EXPECT_EQ(failed["reason"], "order 100234: rules[0] (vat_type): no VAT mapping for rate 1200 (lines[1])");
}

TEST(CustomTransformsMoney, SettingAPriceByHandAlsoRestatesTheTotal) {
    Transform t("rules", rules(R"([{"rule": "set_field", "field": "shipping.price_inc_vat", "value": {"minor": 0, "currency": "SEK"}}])"));
    EXPECT_EQ(minor(t.kept(order()).at("total_inc_vat")), 53650 - 4900);
    Transform m("mapping", boost::json::object{{"mappings", boost::json::parse(R"([{"target": "shipping.price_inc_vat", "jq": "{minor: 0, currency: \"SEK\"}"}])")}});
    EXPECT_EQ(minor(m.kept(order()).at("total_inc_vat")), 53650 - 4900);
}
