#pragma once
// A canonical order as Specter's numbered rows. Shop prices include VAT; Specter's rows
// carry a unit price excluding VAT (4 decimals) and a VAT percent, and Specter derives
// the totals from them. So each row's price is chosen such that Specter's arithmetic
// gives back the shop's amount to the öre, and what cannot be hit exactly (some gross
// amounts have no ex-VAT price that rounds back to them) goes on one rounding row, so
// the order total in Specter always equals the shop's total.

#include <cstdint>
#include <string>
#include <vector>

#include <skarv/model/order.hpp>

#include "config.hpp"

namespace specter {

struct OrderRow {
    std::string article_no;
    std::string name;
    int64_t unit_price_ex_vat_e4 = 0;   // 1/10000 of the currency unit
    int64_t quantity = 1;
    int vat_rate_bp = 2500;

    // The row's total including VAT as Specter computes it (in öre): ex VAT rounded to
    // the öre, VAT from that, both half away from zero.
    int64_t specter_total_inc_vat() const;
};

// Lines, then line discounts, order discounts and freight as rows (research A.5), and a
// rounding row if one is needed. Throws skarv::RecordError for what Specter cannot take.
std::vector<OrderRow> order_rows(const skarv::model::Order& order, const Config& config);

// "123.45", "-0.0125": a 4-decimal amount with trailing zeros dropped.
std::string format_e4(int64_t e4);
// "25", "12.5".
std::string format_vat_percent(int bp);

}  // namespace specter
