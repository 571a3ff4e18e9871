#pragma once
// How numbers, money, VAT rates, times and loosely-typed fields look on Norce's wire.
// Every convention the public material leaves open is decided here, once.

#include <optional>
#include <string>
#include <string_view>

#include <boost/json.hpp>

#include "model.hpp"

namespace skarv::sandbox::jetshop {

// A JSON number (or numeric string) as Amount4; nullopt for anything else.
std::optional<Amount4> amount_from_json(const boost::json::value& v);
boost::json::value amount_to_json(Amount4 a);
inline Amount4 amount_from_minor(int64_t minor) { return minor * 100; }
// Rounds half away from zero to the fourth decimal.
Amount4 ex_vat_from_inc(Amount4 inc, int vat_bp);
Amount4 vat_on_ex(Amount4 ex, int vat_bp);

// VAT rate as a fraction (0.25); input also accepts a multiplier (1.25) or percent (25).
boost::json::value vat_rate_to_json(int vat_bp);
std::optional<int> vat_bp_from_json(const boost::json::value& v);

// UTC, whole seconds, "2026-11-23T09:38:23Z": comparable as text, as OData filters need.
std::string now_iso();
// .NET TimeSpan text, "00:00:00.0120000", as JobDto.RunTime.
std::string timespan_text(Clock::duration d);

// Norce's JSON binding ignores case in property names, so look-ups do too.
const boost::json::value* find_ci(const boost::json::object& o, std::string_view key);
std::string string_field(const boost::json::object& o, std::string_view key,
                         const std::string& fallback = "");
std::optional<long long> int_field(const boost::json::object& o, std::string_view key);
std::optional<bool> bool_field(const boost::json::object& o, std::string_view key);
// A scalar as text: ClientOrderRef arrives as an int in one schema and a string in another.
std::string scalar_text(const boost::json::value& v);
bool iequals(std::string_view a, std::string_view b);
std::string lower(std::string s);

// JSON with decimals written plainly (1636.8, not Boost's 1.6368E3), as .NET does.
std::string wire_text(const boost::json::value& v);
HttpReply wire_json(const boost::json::value& v, int status = 200);

// {"StatusCode":"Failed","Description":...} with the given HTTP status.
HttpReply failure(int http_status, const std::string& description);

}  // namespace skarv::sandbox::jetshop
