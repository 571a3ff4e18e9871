// The SDK's money arithmetic without __int128 and GCC's overflow builtins, as a 32-bit
// target (the Visma ADK's i386 runner) or MSVC compiles it. Its own executable: the forced
// fallback changes inline functions' bodies, which must not share a program with the
// normal build's (one definition rule).
#define SKARV_PORTABLE_ARITHMETIC 1

#include <gtest/gtest.h>

#include <random>

#include <skarv/model/money.hpp>
#include <skarv/model/vat.hpp>

using skarv::model::Money;

static_assert(SKARV_HAVE_INT128 == 0, "this test must exercise the portable fallback");
static_assert(SKARV_HAVE_OVERFLOW_BUILTINS == 0, "this test must exercise the portable fallback");

TEST(SdkMoneyPortable, RoundsHalfAwayFromZero) {
    using skarv::model::round_div;
    EXPECT_EQ(round_div(5, 10), 1);
    EXPECT_EQ(round_div(-5, 10), -1);
    EXPECT_EQ(round_div(4, 10), 0);
    EXPECT_EQ(round_div(15, 10), 2);
    EXPECT_EQ(round_div(-15, 10), -2);
    EXPECT_EQ(round_div(15, -10), -2);
    EXPECT_EQ(round_div(-15, -10), 2);
    EXPECT_EQ(round_div(1, 3), 0);
    EXPECT_EQ(round_div(2, 3), 1);
    EXPECT_THROW(round_div(1, 0), std::domain_error);
    EXPECT_EQ(Money(2, "SEK").scaled(1, 4).minor(), 1);   // 0.5 öre -> 1 öre
    EXPECT_EQ(Money(-2, "SEK").scaled(1, 4).minor(), -1);
}

TEST(SdkMoneyPortable, ProductsBeyond64BitsStayExact) {
    // 9e18 öre * 1000 / 1000 overflows 64 bits midway; the result fits.
    const int64_t big = 9'000'000'000'000'000'000;
    EXPECT_EQ(Money(big, "SEK").scaled(1000, 1000).minor(), big);
    EXPECT_EQ(Money(-big, "SEK").scaled(1000, 1000).minor(), -big);
    EXPECT_EQ(Money(INT64_MIN, "SEK").scaled(1, 1).minor(), INT64_MIN);
    EXPECT_EQ(Money(INT64_MAX, "SEK").scaled(INT64_MAX, INT64_MAX).minor(), INT64_MAX);
    EXPECT_EQ(Money(INT64_MIN, "SEK").scaled(INT64_MIN, INT64_MIN).minor(), INT64_MIN);
    EXPECT_THROW(Money(INT64_MIN, "SEK").scaled(-1, 1), std::overflow_error);
    EXPECT_THROW(Money(INT64_MAX / 2, "SEK").times(3), std::overflow_error);
    EXPECT_THROW(Money(big, "SEK").scaled(1000, 900), std::overflow_error);
}

TEST(SdkMoneyPortable, AddAndSubtractRefuseToWrap) {
    EXPECT_THROW(Money(INT64_MAX, "SEK") + Money(1, "SEK"), std::overflow_error);
    EXPECT_THROW(Money(INT64_MIN, "SEK") - Money(1, "SEK"), std::overflow_error);
    EXPECT_THROW(Money(-2, "SEK") - Money(INT64_MAX, "SEK"), std::overflow_error);
    EXPECT_EQ((Money(INT64_MIN, "SEK") + Money(INT64_MAX, "SEK")).minor(), -1);
    EXPECT_EQ((Money(-1, "SEK") - Money(INT64_MAX, "SEK")).minor(), INT64_MIN);
    Money sum = Money::zero("SEK");
    for (int i = 0; i < 10; ++i) sum += Money::parse("0.10", "SEK");
    EXPECT_EQ(sum.minor(), 100);
}

TEST(SdkMoneyPortable, ParsesUpToTheLast64BitOre) {
    EXPECT_EQ(Money::parse("92233720368547758.07", "SEK").minor(), INT64_MAX);
    EXPECT_EQ(Money::parse("-92233720368547758.07", "SEK").minor(), -INT64_MAX);
    EXPECT_THROW(Money::parse("92233720368547758.08", "SEK"), std::overflow_error);
    EXPECT_THROW(Money::parse("92233720368547759", "SEK"), std::overflow_error);   // overflows while scaling
    EXPECT_THROW(Money::parse("99999999999999999999", "SEK"), std::overflow_error);
    EXPECT_EQ(Money::parse("1234.5", "SEK").minor(), 123450);
}

TEST(SdkMoneyPortable, VatSplitMatchesTheNormalBuild) {
    // Figures from tests/sdk/vat_test.cpp, which holds them for the __int128 build.
    using namespace skarv::model;
    auto sek = [](const char* s) { return Money::parse(s, "SEK"); };
    EXPECT_EQ(vat_of_inclusive(sek("199.00"), 2500), sek("39.80"));
    EXPECT_EQ(exclusive_of_inclusive(sek("199.00"), 2500), sek("159.20"));
    EXPECT_EQ(inclusive_of_exclusive(sek("159.20"), 2500), sek("199.00"));
    EXPECT_EQ(vat_of_inclusive(sek("33.90"), 1200), sek("3.63"));
}

#if defined(__SIZEOF_INT128__)
// The reference: what the normal build computes with __int128 (the same formula).
static int64_t reference(int64_t a, int64_t b, int64_t d, bool& overflow) {
    __int128 n = static_cast<__int128>(a) * b, den = d;
    if (den < 0) { n = -n; den = -den; }
    const __int128 half = den / 2;
    const __int128 q = n >= 0 ? (n + half) / den : -((-n + half) / den);
    overflow = q > INT64_MAX || q < INT64_MIN;
    return overflow ? 0 : static_cast<int64_t>(q);
}

TEST(SdkMoneyPortable, AgreesWithInt128OnRandomOperands) {
    std::mt19937_64 random(20261206);   // fixed: the same operands every run
    const int64_t edges[] = {0, 1, -1, 2, -2, 3, 10, 99, 100, 10000, -10000, INT32_MAX, INT32_MIN,
                             INT64_MAX, INT64_MIN, INT64_MAX - 1, INT64_MIN + 1, 1LL << 32, -(1LL << 32)};
    auto pick = [&](int scale) -> int64_t {
        switch (random() % 4) {
            case 0: return edges[random() % std::size(edges)];
            case 1: return static_cast<int64_t>(random());
            case 2: return static_cast<int64_t>(random()) >> (random() % 63);
            default: return static_cast<int64_t>(random() % (2 * scale + 1)) - scale;
        }
    };
    for (int i = 0; i < 200000; ++i) {
        const int64_t a = pick(1'000'000), b = pick(100'000);
        int64_t d = pick(20'000);
        if (d == 0) d = 1;
        bool overflow = false;
        const int64_t want = reference(a, b, d, overflow);
        if (overflow) {
            EXPECT_THROW(skarv::model::portable::mul_div_round(a, b, d), std::overflow_error) << a << " * " << b << " / " << d;
        } else {
            EXPECT_EQ(skarv::model::portable::mul_div_round(a, b, d), want) << a << " * " << b << " / " << d;
        }
        if (::testing::Test::HasFailure()) break;
    }
}
#endif
