#pragma once
// StockLevel: how many of one SKU a warehouse (or stock profile, the set of warehouses
// that feeds one channel) holds, and the status a shop shows for it.

#include <string>

#include "skarv/json_reader.hpp"

namespace skarv::model {

enum class StockStatus { in_stock, low, out_of_stock, backorder, discontinued };

inline const char* to_string(StockStatus s) {
    switch (s) {
        case StockStatus::in_stock: return "in_stock";
        case StockStatus::low: return "low";
        case StockStatus::out_of_stock: return "out_of_stock";
        case StockStatus::backorder: return "backorder";
        case StockStatus::discontinued: return "discontinued";
    }
    return "in_stock";
}
inline StockStatus stock_status_from(const std::string& s, const std::string& path) {
    for (auto v : {StockStatus::in_stock, StockStatus::low, StockStatus::out_of_stock, StockStatus::backorder,
                   StockStatus::discontinued})
        if (s == to_string(v)) return v;
    throw RecordError(path, "unknown stock status '" + s + "'");
}

struct StockLevel {
    std::string sku;
    std::string warehouse;           // warehouse or stock-profile code
    int64_t on_hand = 0;             // physically there
    int64_t available = 0;           // on hand minus reserved: what can be sold
    StockStatus status = StockStatus::in_stock;
};

// The status a shop shows when the ERP sends only numbers.
inline StockStatus status_for(int64_t available, int64_t low_threshold) {
    if (available <= 0) return StockStatus::out_of_stock;
    if (available <= low_threshold) return StockStatus::low;
    return StockStatus::in_stock;
}

inline void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const StockLevel& s) {
    v = {{"sku", s.sku}, {"warehouse", s.warehouse}, {"on_hand", s.on_hand},
         {"available", s.available}, {"status", to_string(s.status)}};
}
inline StockLevel read_stock_level(const boost::json::value& v, const std::string& path = "stock") {
    JsonReader r(v, path);
    StockLevel s;
    s.sku = r.string("sku");
    s.warehouse = r.string("warehouse");
    s.on_hand = r.integer("on_hand");
    s.available = r.integer_or("available", s.on_hand);
    s.status = r.has("status") ? stock_status_from(r.string("status"), r.at("status")) : status_for(s.available, 0);
    return s;
}

}  // namespace skarv::model
