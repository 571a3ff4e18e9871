#include "wire_amounts.hpp"

#include <cmath>
#include <cstdlib>

namespace jetshop {

std::optional<Amount4> amount4_from_json(const boost::json::value& v) {
    // One bound, ±9e13, for whole and decimal amounts: in ten-thousandths that is 9e17, so
    // an amount plus its VAT (at most 100 %) still fits in 64 bits (2 × 9e17 < 9.2e18).
    constexpr int64_t kBound = 90'000'000'000'000;
    if (v.is_int64()) {
        if (v.get_int64() > kBound || v.get_int64() < -kBound) return std::nullopt;
        return v.get_int64() * 10000;
    }
    if (v.is_uint64() && v.get_uint64() <= static_cast<uint64_t>(kBound))
        return static_cast<Amount4>(v.get_uint64()) * 10000;
    double d = 0;
    if (v.is_double()) {
        d = v.get_double();
    } else if (v.is_string()) {
        const std::string s(v.get_string());
        char* end = nullptr;
        d = std::strtod(s.c_str(), &end);
        if (s.empty() || end != s.c_str() + s.size()) return std::nullopt;
    } else {
        return std::nullopt;
    }
    if (!std::isfinite(d) || std::fabs(d) > static_cast<double>(kBound)) return std::nullopt;
    // Norce keeps four decimals; the nearest double of such a number rounds back exactly.
    return static_cast<Amount4>(std::llround(d * 10000.0));
}

skarv::model::Money money_from_amount4(Amount4 a, const std::string& currency) {
    int64_t unit = 1;
    for (int i = skarv::model::minor_digits(currency); i < 4; ++i) unit *= 10;
    return skarv::model::Money(skarv::model::round_div(a, unit), currency);
}

Amount4 amount4_from_money(const skarv::model::Money& m) {
    int64_t unit = 1;
    for (int i = skarv::model::minor_digits(m.currency()); i < 4; ++i) unit *= 10;
    return m.minor() * unit;
}

boost::json::value amount4_to_json(Amount4 a) {
    if (a % 10000 == 0) return boost::json::value(static_cast<int64_t>(a / 10000));
    return boost::json::value(static_cast<double>(a) / 10000.0);
}

Amount4 vat4_of_exclusive(Amount4 ex, skarv::model::VatRateBp rate) {
    return skarv::model::round_div(static_cast<__int128>(ex) * rate, 10000);
}
Amount4 inclusive4_of_exclusive(Amount4 ex, skarv::model::VatRateBp rate) { return ex + vat4_of_exclusive(ex, rate); }

std::optional<skarv::model::VatRateBp> vat_bp_from_json(const boost::json::value& v) {
    const auto a = amount4_from_json(v);   // a fraction in ten-thousandths is basis points
    if (!a || *a < 0) return std::nullopt;
    Amount4 bp = *a;
    if (bp > 10000 && bp < 20000) bp -= 10000;            // 1.25
    else if (bp >= 20000) bp = skarv::model::round_div(bp, 100);   // 25
    if (bp > 10000) return std::nullopt;
    return static_cast<skarv::model::VatRateBp>(bp);
}

boost::json::value vat_rate_to_json(skarv::model::VatRateBp bp) { return amount4_to_json(bp); }

}  // namespace jetshop
