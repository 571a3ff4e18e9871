#include "skarv/sandbox/seed_payouts.hpp"

#include <chrono>
#include <map>
#include <cstdio>
#include <stdexcept>

namespace skarv::sandbox {

int64_t SeedPayout::sales() const {
    int64_t s = 0;
    for (const auto& r : rows)
        if (r.kind == "sale") s += r.amount;
    return s;
}
int64_t SeedPayout::returns() const {
    int64_t s = 0;
    for (const auto& r : rows)
        if (r.kind == "return") s += r.amount;
    return s;
}
int64_t SeedPayout::fees() const {
    int64_t s = 0;
    for (const auto& r : rows) s += r.kind == "fee_correction" ? -r.fee : r.fee;
    return s;
}
int64_t SeedPayout::fee_vat() const {
    int64_t s = 0;
    for (const auto& r : rows) s += r.kind == "fee_correction" ? -r.fee_vat : r.fee_vat;
    return s;
}
int64_t SeedPayout::total() const { return sales() - returns() - fees() - fee_vat(); }

std::string add_days(const std::string& date, int days) {
    using namespace std::chrono;
    if (date.size() != 10) throw std::invalid_argument("not a date YYYY-MM-DD: '" + date + "'");
    year_month_day ymd{year{std::stoi(date.substr(0, 4))}, month{static_cast<unsigned>(std::stoi(date.substr(5, 2)))},
                       day{static_cast<unsigned>(std::stoi(date.substr(8, 2)))}};
    if (!ymd.ok()) throw std::invalid_argument("not a date YYYY-MM-DD: '" + date + "'");
    year_month_day moved{sys_days{ymd} + std::chrono::days{days}};
    char out[32];
    std::snprintf(out, sizeof out, "%04d-%02u-%02u", static_cast<int>(moved.year()), static_cast<unsigned>(moved.month()),
                  static_cast<unsigned>(moved.day()));
    return out;
}

namespace {
int64_t round_bp(int64_t amount, int bp) { return (amount * bp + 5000) / 10000; }

// A provider-looking id: Klarna's payout references are 8 capitals and digits (XISA93DJ).
std::string reference(const std::string& provider, const std::string& currency, int n) {
    std::string p = provider == "klarna" ? "KL" : provider == "nets" ? "NE" : "SV";
    return p + currency.substr(0, 1) + "X" + std::to_string(1000 + n) ;
}
}  // namespace

std::vector<SeedPayout> seed_payouts(const SeedData& seed, const PayoutSeedOptions& o) {
    std::map<std::string, std::vector<const SeedOrder*>> by_currency;
    for (const auto& ord : seed.orders)
        if (ord.payment_method == o.provider) by_currency[ord.currency].push_back(&ord);
    std::vector<SeedPayout> out;
    int n = 0, row = 0;
    auto sale = [&](const SeedOrder& ord, const std::string& date) {
        SeedPayoutRow r;
        r.kind = "sale";
        r.row_id = o.provider + "-row-" + std::to_string(++row);
        r.order_number = ord.order_number;
        r.payment_reference = ord.payment_reference;
        r.date = date;
        r.amount = ord.total_inc_vat;
        r.fee = round_bp(ord.total_inc_vat, o.fee_basis_points) + o.fixed_fee_minor;
        r.fee_vat = round_bp(r.fee, o.fee_vat_basis_points);
        return r;
    };
    for (const auto& [currency, orders] : by_currency) {
        if (orders.empty()) continue;
        const bool home = currency == "SEK";
        // Payout 1: the first half (all of them abroad), paid three days ago.
        SeedPayout first{o.provider, "", "", add_days(o.today, -3), currency, {}};
        first.id = first.bank_reference = reference(o.provider, currency, ++n);
        const std::size_t half = home ? (orders.size() + 1) / 2 : orders.size();
        for (std::size_t i = 0; i < half; ++i) first.rows.push_back(sale(*orders[i], add_days(o.today, -5)));
        out.push_back(first);
        if (!home) continue;
        // Payout 2: the awkward one.
        SeedPayout second{o.provider, "", "", add_days(o.today, -1), currency, {}};
        second.id = second.bank_reference = reference(o.provider, currency, ++n);
        for (std::size_t i = half; i < orders.size(); ++i)
            second.rows.push_back(sale(*orders[i], add_days(o.today, i % 2 ? -3 : -2)));
        SeedPayoutRow ret;
        ret.kind = "return";
        ret.row_id = o.provider + "-row-" + std::to_string(++row);
        ret.order_number = orders[0]->order_number;
        ret.payment_reference = orders[0]->payment_reference;
        ret.date = add_days(o.today, -2);
        ret.amount = orders[0]->total_inc_vat / 2;
        second.rows.push_back(ret);
        if (o.fee_correction) {
            SeedPayoutRow fc;
            fc.kind = "fee_correction";
            fc.row_id = o.provider + "-row-" + std::to_string(++row);
            fc.order_number = orders[0]->order_number;
            fc.payment_reference = orders[0]->payment_reference;
            fc.date = add_days(o.today, -2);
            fc.fee = o.fixed_fee_minor;   // the fixed fee on the returned order, given back
            fc.fee_vat = round_bp(fc.fee, o.fee_vat_basis_points);
            second.rows.push_back(fc);
        }
        SeedOrder stranger;
        stranger.order_number = "999999";
        stranger.currency = currency;
        stranger.total_inc_vat = 31900;
        stranger.payment_reference = o.provider == "svea" ? "8999999"
                                     : o.provider == "nets" ? "0000000000000000ffffffffffffffff"
                                                            : "00000000-0000-4000-8000-000000000999";
        auto unknown = sale(stranger, add_days(o.today, -2));
        unknown.known_order = false;
        second.rows.push_back(unknown);
        out.push_back(second);
    }
    return out;
}

}  // namespace skarv::sandbox
