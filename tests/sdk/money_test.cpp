#include <gtest/gtest.h>

#include <skarv/model/money.hpp>

using skarv::model::Money;
using skarv::model::round_div;

TEST(SdkMoney, ParsesDecimalTextExactly) {
    EXPECT_EQ(Money::parse("1234.50", "SEK").minor(), 123450);
    EXPECT_EQ(Money::parse("0,1", "SEK").minor(), 10);
    EXPECT_EQ(Money::parse("-3", "EUR").minor(), -300);
    EXPECT_EQ(Money::parse("1500", "JPY").minor(), 1500);
    EXPECT_THROW(Money::parse("1.005", "SEK"), std::invalid_argument);   // never rounds silently
    EXPECT_THROW(Money::parse("12a", "SEK"), std::invalid_argument);
    EXPECT_THROW(Money::parse("", "SEK"), std::invalid_argument);
    EXPECT_THROW(Money::parse("99999999999999999999", "SEK"), std::overflow_error);
}

TEST(SdkMoney, TenthsAddUpWithoutBinaryFloatError) {
    Money sum = Money::zero("SEK");
    for (int i = 0; i < 10; ++i) sum += Money::parse("0.10", "SEK");
    EXPECT_EQ(sum, Money::parse("1.00", "SEK"));
    EXPECT_EQ((Money::parse("0.1", "SEK") + Money::parse("0.2", "SEK")).minor(), 30);
}

TEST(SdkMoney, FormatsAsDecimal) {
    EXPECT_EQ(Money(123450, "SEK").to_decimal_string(), "1234.50");
    EXPECT_EQ(Money(-5, "SEK").to_decimal_string(), "-0.05");
    EXPECT_EQ(Money(7, "JPY").to_decimal_string(), "7");
    EXPECT_EQ(Money(1, "KWD").to_decimal_string(), "0.001");
    EXPECT_EQ(Money(123450, "SEK").to_string(), "1234.50 SEK");
}

TEST(SdkMoney, RefusesToMixCurrencies) {
    EXPECT_THROW(Money(100, "SEK") + Money(100, "EUR"), std::invalid_argument);
}

TEST(SdkMoney, RoundsHalfAwayFromZero) {
    EXPECT_EQ(round_div(5, 10), 1);
    EXPECT_EQ(round_div(-5, 10), -1);
    EXPECT_EQ(round_div(4, 10), 0);
    EXPECT_EQ(round_div(15, 10), 2);
    EXPECT_EQ(round_div(-15, 10), -2);
    EXPECT_EQ(Money(2, "SEK").scaled(1, 4).minor(), 1);   // 0.5 öre -> 1 öre
}

TEST(SdkMoney, OverflowIsAnErrorNotAWrap) {
    EXPECT_THROW(Money(INT64_MAX, "SEK") + Money(1, "SEK"), std::overflow_error);
    EXPECT_THROW(Money(INT64_MAX / 2, "SEK").times(3), std::overflow_error);
}

TEST(SdkMoney, JsonFormNeedsAnIsoCurrencyAndAnInteger) {
    auto read = [](const char* text) { return skarv::model::read_money(skarv::parse_json(text), "amount"); };
    EXPECT_EQ(read(R"({"minor": 74770, "currency": "SEK"})").minor(), 74770);
    EXPECT_THROW(read(R"({"minor": 1, "currency": "sek"})"), skarv::RecordError);
    EXPECT_THROW(read(R"({"minor": 1, "currency": "€"})"), skarv::RecordError);
    EXPECT_THROW(read(R"({"minor": 1e19, "currency": "SEK"})"), skarv::RecordError);
    EXPECT_THROW(read(R"({"minor": 1.5, "currency": "SEK"})"), skarv::RecordError);
    EXPECT_THROW(Money::parse(".", "SEK"), std::invalid_argument);
}
