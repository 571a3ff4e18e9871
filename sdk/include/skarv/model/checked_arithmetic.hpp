#pragma once
// Overflow-checked 64-bit integer arithmetic for money, on every compiler a plugin may be
// built with. GCC and clang on 64-bit targets have __int128 and __builtin_*_overflow;
// 32-bit targets (the Visma ADK is i386 only: docs/visma-on-windows.md) and MSVC have
// neither, so each has a portable twin below. Defining SKARV_PORTABLE_ARITHMETIC before
// including this header forces the portable twins everywhere, which is how the tests run
// them on Linux too (tests/sdk/money_portable_test.cpp).

#include <cstdint>
#include <stdexcept>

#if defined(__SIZEOF_INT128__) && !defined(SKARV_PORTABLE_ARITHMETIC)
#define SKARV_HAVE_INT128 1
#else
#define SKARV_HAVE_INT128 0
#endif

#if (defined(__GNUC__) || defined(__clang__)) && !defined(SKARV_PORTABLE_ARITHMETIC)
#define SKARV_HAVE_OVERFLOW_BUILTINS 1
#else
#define SKARV_HAVE_OVERFLOW_BUILTINS 0
#endif

namespace skarv::model {

namespace portable {

inline int64_t checked_add(int64_t a, int64_t b) {
    if ((b > 0 && a > INT64_MAX - b) || (b < 0 && a < INT64_MIN - b))
        throw std::overflow_error("amount out of range");
    return a + b;
}

inline int64_t checked_sub(int64_t a, int64_t b) {
    if ((b < 0 && a > INT64_MAX + b) || (b > 0 && a < INT64_MIN + b))
        throw std::overflow_error("amount out of range");
    return a - b;
}

inline uint64_t magnitude(int64_t v) { return v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v); }

// a * b / d rounded half away from zero, exact for every int64 input: the product is
// formed in two 64-bit halves from 32-bit limbs and divided bit by bit (128 steps),
// which is fast enough for prices and never the hot path.
inline int64_t mul_div_round(int64_t a, int64_t b, int64_t d) {
    if (d == 0) throw std::domain_error("division by zero");
    const bool negative = a != 0 && b != 0 && (((a < 0) != (b < 0)) != (d < 0));
    const uint64_t ua = magnitude(a), ub = magnitude(b), ud = magnitude(d);

    const uint64_t a_lo = ua & 0xffffffffu, a_hi = ua >> 32, b_lo = ub & 0xffffffffu, b_hi = ub >> 32;
    const uint64_t lo_lo = a_lo * b_lo, hi_lo = a_hi * b_lo, lo_hi = a_lo * b_hi, hi_hi = a_hi * b_hi;
    const uint64_t middle = (lo_lo >> 32) + (hi_lo & 0xffffffffu) + (lo_hi & 0xffffffffu);
    const uint64_t product_hi = hi_hi + (hi_lo >> 32) + (lo_hi >> 32) + (middle >> 32);
    const uint64_t product_lo = (middle << 32) | (lo_lo & 0xffffffffu);

    // Long division of product_hi:product_lo by ud; ud <= 2^63, so the running remainder
    // (< ud) shifted left once still fits in 64 bits.
    uint64_t quotient_hi = 0, quotient_lo = 0, remainder = 0;
    for (int bit = 127; bit >= 0; --bit) {
        const uint64_t next = bit >= 64 ? (product_hi >> (bit - 64)) & 1u : (product_lo >> bit) & 1u;
        remainder = (remainder << 1) | next;
        if (remainder >= ud) {
            remainder -= ud;
            if (bit >= 64) quotient_hi |= uint64_t{1} << (bit - 64);
            else quotient_lo |= uint64_t{1} << bit;
        }
    }
    if (remainder >= ud - remainder) {   // 2r >= d without overflowing: round the half away from zero
        if (++quotient_lo == 0) ++quotient_hi;
    }
    const uint64_t limit = negative ? uint64_t{1} << 63 : static_cast<uint64_t>(INT64_MAX);
    if (quotient_hi != 0 || quotient_lo > limit) throw std::overflow_error("amount out of range");
    return negative ? static_cast<int64_t>(0 - quotient_lo) : static_cast<int64_t>(quotient_lo);
}

}  // namespace portable

#if SKARV_HAVE_INT128
// a / b rounded half away from zero, the rounding Swedish VAT and invoicing use.
// Computed in 128 bits so prices times quantities times rates cannot overflow midway.
inline int64_t round_div(__int128 numerator, __int128 denominator) {
    if (denominator == 0) throw std::domain_error("division by zero");
    if (denominator < 0) { numerator = -numerator; denominator = -denominator; }
    __int128 half = denominator / 2;
    __int128 q = numerator >= 0 ? (numerator + half) / denominator : -((-numerator + half) / denominator);
    if (q > INT64_MAX || q < INT64_MIN) throw std::overflow_error("amount out of range");
    return static_cast<int64_t>(q);
}
inline int64_t mul_div_round(int64_t a, int64_t b, int64_t d) { return round_div(static_cast<__int128>(a) * b, d); }
#else
inline int64_t mul_div_round(int64_t a, int64_t b, int64_t d) { return portable::mul_div_round(a, b, d); }
// Without 128-bit integers a caller multiplies through mul_div_round, which keeps the
// product exact; this form takes what fits in 64 bits.
inline int64_t round_div(int64_t numerator, int64_t denominator) { return portable::mul_div_round(numerator, 1, denominator); }
#endif

inline int64_t checked_add(int64_t a, int64_t b) {
#if SKARV_HAVE_OVERFLOW_BUILTINS
    int64_t r;
    if (__builtin_add_overflow(a, b, &r)) throw std::overflow_error("amount out of range");
    return r;
#else
    return portable::checked_add(a, b);
#endif
}

inline int64_t checked_sub(int64_t a, int64_t b) {
#if SKARV_HAVE_OVERFLOW_BUILTINS
    int64_t r;
    if (__builtin_sub_overflow(a, b, &r)) throw std::overflow_error("amount out of range");
    return r;
#else
    return portable::checked_sub(a, b);
#endif
}

}  // namespace skarv::model
