#include "order_rows.hpp"

#include <skarv/model/money.hpp>

namespace specter {

using skarv::model::round_div;

int64_t OrderRow::specter_total_inc_vat() const {
    // Mirrors guess specter.row-rounding (docs/guesses.md): the
    // real Specter's rounding is not public, so the rounding row absorbs any difference.
    int64_t ex = round_div(static_cast<__int128>(unit_price_ex_vat_e4) * quantity, 100);
    return ex + round_div(static_cast<__int128>(ex) * vat_rate_bp, 10000);
}

std::string format_e4(int64_t e4) {
    bool negative = e4 < 0;
    uint64_t v = negative ? 0 - static_cast<uint64_t>(e4) : static_cast<uint64_t>(e4);
    std::string s = std::to_string(v / 10000);
    uint64_t frac = v % 10000;
    if (frac != 0) {
        std::string digits = std::to_string(frac);
        std::string f = std::string(4 - digits.size(), '0') + digits;
        while (f.back() == '0') f.pop_back();
        s += "." + f;
    }
    return negative ? "-" + s : s;
}

std::string format_vat_percent(int bp) {
    std::string s = std::to_string(bp / 100);
    if (bp % 100 != 0) {
        std::string f = (bp % 100 < 10 ? "0" : "") + std::to_string(bp % 100);
        if (f.back() == '0') f.pop_back();
        s += "." + f;
    }
    return s;
}

namespace {

int64_t gross_of_ex(int64_t ex, int rate) { return ex + round_div(static_cast<__int128>(ex) * rate, 10000); }

// The row for `gross` öre including VAT over `quantity` units: the ex-VAT total whose
// VAT brings it back to `gross` if there is one, as a unit price that Specter's
// rounding turns back into that total.
OrderRow row_for(std::string article_no, std::string name, int64_t gross, int64_t quantity, int rate) {
    int64_t ex = round_div(static_cast<__int128>(gross) * 10000, 10000 + rate);
    for (int64_t d : {0, -1, 1, -2, 2})
        if (gross_of_ex(ex + d, rate) == gross) {
            ex += d;
            break;
        }
    OrderRow row{std::move(article_no), std::move(name), 0, quantity, rate};
    int64_t unit = round_div(static_cast<__int128>(ex) * 100, quantity);
    row.unit_price_ex_vat_e4 = unit;
    for (int64_t d : {0, -1, 1})
        if (round_div(static_cast<__int128>(unit + d) * quantity, 100) == ex) {
            row.unit_price_ex_vat_e4 = unit + d;
            break;
        }
    return row;
}

}  // namespace

std::vector<OrderRow> order_rows(const skarv::model::Order& order, const Config& config) {
    if (skarv::model::minor_digits(order.currency) != 2)
        throw skarv::RecordError("order.currency", "Specter rows are priced in 1/100 units; " + order.currency +
                                                       " has another minor unit");
    std::vector<OrderRow> rows;
    for (const auto& l : order.lines) {
        if (l.quantity > 2147483647) throw skarv::RecordError("order.lines", "quantity of " + l.sku + " is too large");
        rows.push_back(row_for(l.sku, l.name, l.unit_price_inc_vat.times(l.quantity).minor(), l.quantity, l.vat_rate_bp));
    }
    // [SEEN] Prestaworks: discounts are rows named "discount" at a negative price.
    for (const auto& l : order.lines)
        if (!l.discount_inc_vat.is_zero())
            rows.push_back(row_for("discount", "Rabatt " + (l.name.empty() ? l.sku : l.name), -l.discount_inc_vat.minor(), 1,
                                   l.vat_rate_bp));
    for (const auto& d : order.discounts) {
        std::string name = !d.description.empty() ? d.description : !d.code.empty() ? "Rabatt " + d.code : "Rabatt";
        rows.push_back(row_for("discount", name, -d.amount_inc_vat.minor(), 1, d.vat_rate_bp));
    }
    if (order.shipping) {
        const auto& s = *order.shipping;
        std::string name = !s.method.empty() ? s.method : !s.carrier.empty() ? s.carrier : "Frakt";
        rows.push_back(row_for(config.freight_article_no, "Frakt " + name, s.price_inc_vat.minor(), 1, s.vat_rate_bp));
    }
    int64_t specter_total = 0;
    for (const auto& r : rows) specter_total += r.specter_total_inc_vat();
    int64_t diff = order.total_inc_vat().minor() - specter_total;
    if (diff != 0)
        // VAT-free, like öresavrundning: it must not move the VAT Specter books.
        rows.push_back(OrderRow{config.rounding_article_no, "Öresavrundning", diff * 100, 1, 0});
    return rows;
}

}  // namespace specter
