#include "order_totals.hpp"

#include <skarv/records.hpp>

#include "record_failure.hpp"

namespace skarv::custom {

void refresh_order_totals(boost::json::value& record) {
    if (!record.is_object()) return;
    auto& o = record.get_object();
    if (!o.contains("order_id") || !o.contains("lines")) return;
    const bool had_vat = o.erase("vat") > 0;
    const bool had_total = o.erase("total_inc_vat") > 0;
    try {
        auto order = model::read_order(record, "order");
        auto breakdown = order.vat_breakdown();
        if (had_vat) o["vat"] = boost::json::value_from(breakdown.amounts());
        if (had_total) o["total_inc_vat"] = boost::json::value_from(breakdown.total_gross());
    } catch (const std::exception& e) {
        throw RecordFailure(std::string("after the change the order is not valid: ") + e.what());
    }
}

}  // namespace skarv::custom
