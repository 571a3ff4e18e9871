#pragma once
// Which rows of a Norce order a delivery note carries. CreateDeliveryNote takes
// DeliverynoteItems[{ItemNo, Qty, RowNumber}] (https://docs.norce.io/api-reference/connect/
// orderservice/openapi/order/sendorderstatus), so each note names what it shipped and a
// second note ships the rest. Norce's Query order items document QtyOrdered but no
// delivered quantity, so what earlier notes shipped is remembered by the connector.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include <skarv/model/order_status.hpp>

namespace jetshop {

// One goods row of the order as Norce holds it, with what Skarv's notes already shipped.
struct OrderRow {
    std::string part_no;
    std::optional<int64_t> line_number;   // Norce's LineNumber, sent back as RowNumber
    int64_t ordered = 0;
    int64_t delivered = 0;
    int64_t remaining() const { return ordered > delivered ? ordered - delivered : 0; }
    // The key under which this row's delivered quantity is remembered.
    std::string key() const { return line_number ? std::to_string(*line_number) : "part:" + part_no; }
};

// A delivery the order cannot take (a SKU it lacks, more than remains): not sent.
struct DeliveryRefused : std::runtime_error {
    DeliveryRefused(std::string code, const std::string& message) : std::runtime_error(message), code(std::move(code)) {}
    std::string code;   // unknown_line, over_delivery
};

// The DeliverynoteItems for `lines` (empty: whatever of every row remains), and adds the
// quantities to the rows' `delivered`. `order` names the order in refusals.
boost::json::array take_delivery(std::vector<OrderRow>& rows, const std::vector<skarv::model::DeliveredLine>& lines,
                                 const std::string& order);

// What earlier notes shipped, as remembered: {"<row key>": quantity}.
void apply_delivered(std::vector<OrderRow>& rows, const std::string& remembered);
std::string remember_delivered(const std::vector<OrderRow>& rows);

}  // namespace jetshop
