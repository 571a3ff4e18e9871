#pragma once
// Money: an exact amount in minor units (öre, cent) with its currency. Never a binary
// float: 0.1 + 0.2 kronor must be 30 öre, always. Arithmetic across currencies throws.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include <boost/json.hpp>

#include "skarv/json_reader.hpp"
#include "skarv/model/checked_arithmetic.hpp"

namespace skarv::model {

// Digits after the decimal point of a currency's minor unit (ISO 4217). Unknown
// currencies are assumed to have two, which holds for every currency the shops we
// integrate with sell in; the few exceptions are listed.
inline int minor_digits(std::string_view currency) {
    if (currency == "JPY" || currency == "ISK" || currency == "KRW" || currency == "CLP") return 0;
    if (currency == "KWD" || currency == "BHD" || currency == "JOD" || currency == "OMR" || currency == "TND") return 3;
    return 2;
}

class Money {
public:
    Money() = default;
    Money(int64_t minor, std::string currency) : minor_(minor), currency_(std::move(currency)) {}

    static Money zero(std::string currency) { return Money(0, std::move(currency)); }

    // "1234.50", "-3", "0.5" -> exact minor units; more decimals than the currency has is
    // an error (we never round silently while reading).
    static Money parse(std::string_view text, std::string currency) {
        const int digits = minor_digits(currency);
        std::string_view s = text;
        bool negative = false;
        if (!s.empty() && (s[0] == '-' || s[0] == '+')) { negative = s[0] == '-'; s.remove_prefix(1); }
        if (s.empty()) throw std::invalid_argument("not an amount: '" + std::string(text) + "'");
        // Checked before each step, so 64 bits suffice (no __int128: 32-bit targets lack it).
        int64_t units = 0;
        int decimals = -1;
        for (char c : s) {
            if (c == '.' || c == ',') {
                if (decimals >= 0) throw std::invalid_argument("not an amount: '" + std::string(text) + "'");
                decimals = 0;
                continue;
            }
            if (c < '0' || c > '9') throw std::invalid_argument("not an amount: '" + std::string(text) + "'");
            if (units > (INT64_MAX - (c - '0')) / 10) throw std::overflow_error("amount out of range: '" + std::string(text) + "'");
            units = units * 10 + (c - '0');
            if (decimals >= 0) ++decimals;
        }
        if (decimals < 0) decimals = 0;
        if (s.size() == 1 && (s[0] == '.' || s[0] == ',')) throw std::invalid_argument("not an amount: '" + std::string(text) + "'");
        if (decimals > digits)
            throw std::invalid_argument("'" + std::string(text) + "' has more decimals than " + currency + " allows");
        for (int i = decimals; i < digits; ++i) {
            if (units > INT64_MAX / 10) throw std::overflow_error("amount out of range: '" + std::string(text) + "'");
            units *= 10;
        }
        return Money(negative ? -units : units, std::move(currency));
    }

    int64_t minor() const { return minor_; }
    const std::string& currency() const { return currency_; }
    bool is_zero() const { return minor_ == 0; }

    // "1234.50" (no currency, '.' as separator): the form remote APIs expect.
    std::string to_decimal_string() const {
        const int digits = minor_digits(currency_);
        uint64_t magnitude = minor_ < 0 ? 0 - static_cast<uint64_t>(minor_) : static_cast<uint64_t>(minor_);
        std::string s = std::to_string(magnitude);
        if (digits > 0) {
            if (s.size() <= static_cast<std::size_t>(digits)) s.insert(0, digits + 1 - s.size(), '0');
            s.insert(s.size() - digits, ".");
        }
        return minor_ < 0 ? "-" + s : s;
    }
    std::string to_string() const { return to_decimal_string() + " " + currency_; }

    Money operator+(const Money& o) const { same_currency(o); return Money(checked_add(minor_, o.minor_), currency_); }
    Money operator-(const Money& o) const { same_currency(o); return Money(checked_sub(minor_, o.minor_), currency_); }
    Money operator-() const {
        if (minor_ == INT64_MIN) throw std::overflow_error("amount out of range");
        return Money(-minor_, currency_);
    }
    Money& operator+=(const Money& o) { return *this = *this + o; }
    Money& operator-=(const Money& o) { return *this = *this - o; }
    Money times(int64_t quantity) const { return Money(mul_div_round(minor_, quantity, 1), currency_); }
    // Multiply by numerator/denominator, rounding half away from zero.
    Money scaled(int64_t numerator, int64_t denominator) const {
        return Money(mul_div_round(minor_, numerator, denominator), currency_);
    }

    bool operator==(const Money&) const = default;
    bool operator<(const Money& o) const { same_currency(o); return minor_ < o.minor_; }

private:
    void same_currency(const Money& o) const {
        if (currency_ != o.currency_)
            throw std::invalid_argument("currency mismatch: " + currency_ + " and " + o.currency_);
    }

    int64_t minor_ = 0;
    std::string currency_ = "SEK";
};

// JSON form: {"minor": 12345, "currency": "SEK"}: integers, so no reader can lose an öre.
inline void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const Money& m) {
    v = {{"minor", m.minor()}, {"currency", m.currency()}};
}
inline Money read_money(const boost::json::value& v, const std::string& path) {
    JsonReader r(v, path);
    auto currency = r.string("currency");
    bool iso = currency.size() == 3;
    for (char c : currency) iso = iso && c >= 'A' && c <= 'Z';
    if (!iso) throw RecordError(r.at("currency"), "expected a three-letter ISO 4217 code such as SEK");
    return Money(r.integer("minor"), currency);
}

}  // namespace skarv::model
