#pragma once
// Norce's amounts on the wire: JSON numbers in the currency unit with up to four
// decimals (ex-VAT prices are kept to four), VAT rates as fractions (0.25). Here they
// become exact integers of ten-thousandths, so no binary float ever touches a sum, and
// become skarv::model::Money only when rounded to the currency's minor unit, once.

#include <cstdint>
#include <optional>
#include <string>

#include <boost/json.hpp>

#include <skarv/model/money.hpp>
#include <skarv/model/vat.hpp>

namespace jetshop {

using Amount4 = int64_t;   // ten-thousandths of the currency unit

// A number (or numeric string) with at most four decimals; nullopt for anything else.
std::optional<Amount4> amount4_from_json(const boost::json::value& v);
// Rounds half away from zero to the currency's minor unit.
skarv::model::Money money_from_amount4(Amount4 a, const std::string& currency);
Amount4 amount4_from_money(const skarv::model::Money& m);
// The JSON number Norce expects: exact for anything with at most four decimals.
boost::json::value amount4_to_json(Amount4 a);
inline boost::json::value money_to_json(const skarv::model::Money& m) { return amount4_to_json(amount4_from_money(m)); }

// a * rate_bp / 10000, rounded half away from zero to the fourth decimal.
Amount4 vat4_of_exclusive(Amount4 ex, skarv::model::VatRateBp rate);
Amount4 inclusive4_of_exclusive(Amount4 ex, skarv::model::VatRateBp rate);

// Norce writes 0.25; some exports say 25 or 1.25. Basis points either way.
std::optional<skarv::model::VatRateBp> vat_bp_from_json(const boost::json::value& v);
boost::json::value vat_rate_to_json(skarv::model::VatRateBp bp);

}  // namespace jetshop
