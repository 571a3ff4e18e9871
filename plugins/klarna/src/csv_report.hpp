#pragma once
// Klarna's CSV settlement report (payout-with-transactions, or a range of payouts), as
// the API serves it and as merchants download it from the Merchant Portal.

#include <string>
#include <vector>

#include <skarv/model/settlement.hpp>

namespace klarna {

// Every payout in the report; throws RecordError naming the line and column.
std::vector<skarv::model::Settlement> read_csv_report(const std::string& text, const std::string& file_name);

}  // namespace klarna
