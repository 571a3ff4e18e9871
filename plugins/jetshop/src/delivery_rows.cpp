#include "delivery_rows.hpp"

#include <algorithm>
#include <map>

namespace jetshop {

namespace json = boost::json;

namespace {

json::object item(const OrderRow& row, int64_t qty) {
    json::object o{{"ItemNo", row.part_no}, {"Qty", qty}};
    if (row.line_number) o["RowNumber"] = *row.line_number;
    return o;
}

}  // namespace

json::array take_delivery(std::vector<OrderRow>& rows, const std::vector<skarv::model::DeliveredLine>& lines,
                          const std::string& order) {
    // Per row, how much this note takes; checked in full before any row is changed, so a
    // refused event leaves the remembered quantities as they were.
    std::map<std::size_t, int64_t> take;
    if (lines.empty()) {
        for (std::size_t i = 0; i < rows.size(); ++i)
            if (rows[i].remaining() > 0) take[i] = rows[i].remaining();
    }
    for (const auto& line : lines) {
        int64_t left = line.quantity, remaining = 0, ordered = 0;
        bool found = false;
        for (std::size_t i = 0; i < rows.size() && left > 0; ++i) {
            if (rows[i].part_no != line.sku) continue;
            if (line.line_no && rows[i].line_number != line.line_no) continue;
            found = true;
            ordered += rows[i].ordered;
            const int64_t free = rows[i].remaining() - take[i];
            remaining += free;
            const int64_t n = std::min(left, free);
            if (n > 0) {
                take[i] += n;
                left -= n;
            }
        }
        const std::string what = "order " + order + ", SKU " + line.sku +
                                 (line.line_no ? " on line " + std::to_string(*line.line_no) : "");
        if (!found) throw DeliveryRefused("unknown_line", what + ": the order has no such line in Norce");
        if (left > 0)
            throw DeliveryRefused("over_delivery", what + ": " + std::to_string(line.quantity) + " to deliver, but only " +
                                  std::to_string(remaining) + " of the " + std::to_string(ordered) +
                                  " ordered remain undelivered");
    }
    json::array items;
    for (const auto& [i, qty] : take) {
        if (qty <= 0) continue;
        items.push_back(item(rows[i], qty));
        rows[i].delivered += qty;
    }
    return items;
}

void apply_delivered(std::vector<OrderRow>& rows, const std::string& remembered) {
    json::value v;
    try {
        v = json::parse(remembered);
    } catch (const std::exception&) {
        return;   // written by this file only; unreadable means nothing remembered
    }
    if (!v.is_object()) return;
    for (auto& row : rows)
        if (const auto* q = v.get_object().if_contains(row.key()); q && q->is_int64()) row.delivered = q->get_int64();
}

std::string remember_delivered(const std::vector<OrderRow>& rows) {
    json::object o;
    for (const auto& row : rows)
        if (row.delivered > 0) o[row.key()] = row.delivered;
    return json::serialize(o);
}

}  // namespace jetshop
