// VAT on a Swedish order with 25 %, 12 % and 6 % lines, to the öre.
#include <gtest/gtest.h>

#include <skarv/records.hpp>

using namespace skarv::model;

namespace {
Money sek(const char* s) { return Money::parse(s, "SEK"); }

Order swedish_order() {
    Order o;
    o.order_id = "100234";
    o.currency = "SEK";
    o.lines = {
        {"TSHIRT-BLUE-M", "T-shirt blå M", 2, sek("199.00"), 2500, sek("0")},   // clothes 25 %
        {"KAFFE-500", "Kaffe 500 g", 3, sek("33.90"), 1200, sek("0")},           // food 12 %
        {"BOK-0042", "Bok: Skarven", 1, sek("249.00"), 600, sek("0")},           // books 6 %
    };
    o.discounts = {{"VINTER50", "Vinterrabatt", sek("50.00"), 2500}};
    o.shipping = Shipping{"postnord-ombud", "PostNord", sek("49.00"), 2500};
    return o;
}
}  // namespace

TEST(SdkVat, ConvertsBetweenInclusiveAndExclusive) {
    EXPECT_EQ(vat_of_inclusive(sek("199.00"), 2500), sek("39.80"));
    EXPECT_EQ(exclusive_of_inclusive(sek("199.00"), 2500), sek("159.20"));
    EXPECT_EQ(inclusive_of_exclusive(sek("159.20"), 2500), sek("199.00"));
    EXPECT_EQ(vat_of_inclusive(sek("33.90"), 1200), sek("3.63"));    // 3.6321... rounds down
    EXPECT_EQ(vat_of_inclusive(sek("249.00"), 600), sek("14.09"));   // 14.0943...
    EXPECT_EQ(vat_of_exclusive(sek("0.02"), 2500), sek("0.01"));     // 0.5 öre rounds away from zero
    EXPECT_EQ(vat_of_exclusive(sek("-0.02"), 2500), sek("-0.01"));
    EXPECT_EQ(vat_of_inclusive(sek("100.00"), 0), sek("0"));
}

TEST(SdkVat, SwedishOrderWithThreeRatesAddsUpToTheOre) {
    auto order = swedish_order();
    auto amounts = order.vat_breakdown().amounts();
    ASSERT_EQ(amounts.size(), 3u);
    // Ordered by rate: 6 %, 12 %, 25 %.
    EXPECT_EQ(amounts[0].rate, 600);
    EXPECT_EQ(amounts[0].gross, sek("249.00"));
    EXPECT_EQ(amounts[0].vat, sek("14.09"));
    EXPECT_EQ(amounts[0].net, sek("234.91"));
    EXPECT_EQ(amounts[1].rate, 1200);
    EXPECT_EQ(amounts[1].gross, sek("101.70"));
    EXPECT_EQ(amounts[1].vat, sek("10.90"));
    EXPECT_EQ(amounts[1].net, sek("90.80"));
    EXPECT_EQ(amounts[2].rate, 2500);
    EXPECT_EQ(amounts[2].gross, sek("397.00"));   // 398.00 - 50.00 discount + 49.00 freight
    EXPECT_EQ(amounts[2].vat, sek("79.40"));
    EXPECT_EQ(amounts[2].net, sek("317.60"));

    auto b = order.vat_breakdown();
    EXPECT_EQ(b.total_gross(), sek("747.70"));
    EXPECT_EQ(b.total_vat(), sek("104.39"));
    EXPECT_EQ(b.total_net(), sek("643.31"));
    EXPECT_EQ(b.total_net() + b.total_vat(), b.total_gross());
    EXPECT_EQ(order.total_inc_vat(), sek("747.70"));
}

TEST(SdkVat, PerRateRoundingAvoidsTheDriftOfPerLineRounding) {
    // Three separate 33.90 lines at 12 %: rounding each line's VAT gives 3 x 3.63 = 10.89,
    // one öre short of the VAT on their sum. The breakdown splits the sum: 10.90.
    Money per_line = Money::zero("SEK");
    for (int i = 0; i < 3; ++i) per_line += vat_of_inclusive(sek("33.90"), 1200);
    EXPECT_EQ(per_line, sek("10.89"));
    VatBreakdown b("SEK");
    for (int i = 0; i < 3; ++i) b.add_inclusive(sek("33.90"), 1200);
    EXPECT_EQ(b.total_vat(), sek("10.90"));
    EXPECT_EQ(b.total_net() + b.total_vat(), sek("101.70"));
}

TEST(SdkVat, RoundsTotalToWholeKronor) {
    EXPECT_EQ(rounding_to_whole_units(sek("747.70")), sek("0.30"));
    EXPECT_EQ(rounding_to_whole_units(sek("747.49")), sek("-0.49"));
    EXPECT_EQ(rounding_to_whole_units(sek("747.50")), sek("0.50"));
    EXPECT_EQ(rounding_to_whole_units(sek("748.00")), sek("0"));
}

TEST(SdkVat, LineDiscountReducesTheLine) {
    OrderLine l{"X", "X", 3, sek("100.00"), 2500, sek("30.00")};
    EXPECT_EQ(l.total_inc_vat(), sek("270.00"));
}
