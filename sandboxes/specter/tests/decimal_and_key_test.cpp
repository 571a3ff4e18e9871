// The exact-decimal helpers behind prices and VAT, and the key over Latin-1 bytes.

#include <gtest/gtest.h>

#include "api_key.hpp"
#include "decimal.hpp"

using namespace skarv::sandbox::specter;

TEST(SandboxSpecterDecimal, ParsesDotCommaSignAndRoundsHalfAwayFromZero) {
    EXPECT_EQ(parse_decimal("199.20", 2), 19920);
    EXPECT_EQ(parse_decimal("12,5", 2), 1250);
    EXPECT_EQ(parse_decimal("-40", 2), -4000);
    EXPECT_EQ(parse_decimal("0.005", 2), 1);
    EXPECT_EQ(parse_decimal("-0.005", 2), -1);
    EXPECT_EQ(parse_decimal("0.0049", 2), 0);
    EXPECT_EQ(parse_decimal(" 7 ", 0), 7);
    EXPECT_FALSE(parse_decimal("", 2));
    EXPECT_FALSE(parse_decimal("1.2.3", 2));
    EXPECT_FALSE(parse_decimal("1e5", 2));
    EXPECT_FALSE(parse_decimal("99999999999999999999", 2));
}

TEST(SandboxSpecterDecimal, FormatsAndDivides) {
    EXPECT_EQ(format_decimal(19920, 2), "199.20");
    EXPECT_EQ(format_decimal(-5, 2), "-0.05");
    EXPECT_EQ(format_decimal(883929, 4), "88.3929");
    EXPECT_EQ(format_decimal(42, 0), "42");
    EXPECT_EQ(round_div(5, 10), 1);
    EXPECT_EQ(round_div(-5, 10), -1);
    EXPECT_EQ(round_div(14, 10), 1);
    EXPECT_EQ(round_div(-16, 10), -2);
}

TEST(SandboxSpecterKeyFormula, Md5OfKnownInputs) {
    EXPECT_EQ(md5_hex(""), "d41d8cd98f00b204e9800998ecf8427e");
    Credentials c{"1001", "skarv", "userkey", "intkey"};
    // md5("intkey" + md5("userkey" + "1001" + "42"))
    EXPECT_EQ(compute_key(c, "42"), md5_hex("intkey" + md5_hex("userkey100142")));
    // Over the Latin-1 bytes, not UTF-8.
    EXPECT_NE(compute_key(c, "\xC5sa"), compute_key(c, "\xC3\x85sa"));
}
