#pragma once
// VAT: rates in basis points (2500 = 25 %), conversions between amounts including and
// excluding VAT, and the per-rate breakdown an invoice shows. Swedish rules: VAT is
// rounded to the öre, half away from zero, and on an invoice it is computed per rate on
// the rate's total, so the lines' gross amounts always add up to the invoice total.

#include <cstdint>
#include <map>
#include <vector>

#include "skarv/model/money.hpp"

namespace skarv::model {

using VatRateBp = int32_t;   // basis points: 2500, 1200, 600, 0

inline Money vat_of_inclusive(const Money& inclusive, VatRateBp rate) {
    return inclusive.scaled(rate, 10000 + rate);
}
inline Money exclusive_of_inclusive(const Money& inclusive, VatRateBp rate) {
    return inclusive - vat_of_inclusive(inclusive, rate);
}
inline Money vat_of_exclusive(const Money& exclusive, VatRateBp rate) {
    return exclusive.scaled(rate, 10000);
}
inline Money inclusive_of_exclusive(const Money& exclusive, VatRateBp rate) {
    return exclusive + vat_of_exclusive(exclusive, rate);
}

struct VatAmount {
    VatRateBp rate = 0;
    Money net;     // excluding VAT
    Money vat;
    Money gross;   // including VAT; always net + vat exactly
};

// Sums gross amounts per rate, then splits each rate's sum once. Splitting line by line
// and adding the parts can drift an öre per line; splitting the sum cannot.
class VatBreakdown {
public:
    explicit VatBreakdown(std::string currency) : currency_(std::move(currency)) {}

    void add_inclusive(const Money& gross, VatRateBp rate) {
        auto [it, inserted] = gross_by_rate_.try_emplace(rate, Money::zero(currency_));
        it->second += gross;
    }

    std::vector<VatAmount> amounts() const {
        std::vector<VatAmount> out;
        for (const auto& [rate, gross] : gross_by_rate_) {
            Money vat = vat_of_inclusive(gross, rate);
            out.push_back({rate, gross - vat, vat, gross});
        }
        return out;
    }
    Money total_gross() const { return sum([](const VatAmount& a) { return a.gross; }); }
    Money total_vat() const { return sum([](const VatAmount& a) { return a.vat; }); }
    Money total_net() const { return sum([](const VatAmount& a) { return a.net; }); }

private:
    template <class Field>
    Money sum(Field field) const {
        Money total = Money::zero(currency_);
        for (const auto& a : amounts()) total += field(a);
        return total;
    }
    std::string currency_;
    std::map<VatRateBp, Money> gross_by_rate_;
};

// Öresavrundning: the adjustment that brings a total to whole currency units, as
// Swedish invoices paid in cash or by some ERPs' rules show on their own row.
inline Money rounding_to_whole_units(const Money& total) {
    int64_t unit = 1;
    for (int i = 0; i < minor_digits(total.currency()); ++i) unit *= 10;
    int64_t rounded = round_div(total.minor(), unit) * unit;
    return Money(rounded - total.minor(), total.currency());
}

inline void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const VatAmount& a) {
    v = {{"rate_bp", a.rate},
         {"net", boost::json::value_from(a.net)},
         {"vat", boost::json::value_from(a.vat)},
         {"gross", boost::json::value_from(a.gross)}};
}

}  // namespace skarv::model
