#pragma once
// Svea's reconciliation report (Payment Admin API GET /api/v2/reports?date=...): each
// client account's payout of the day with its rows, as Skarv settlements.

#include <string>
#include <vector>

#include <boost/json.hpp>

#include <skarv/model/settlement.hpp>

namespace svea {

// Every clientReport of the report; `where` names the document in errors.
std::vector<skarv::model::Settlement> read_report(const boost::json::value& report, const std::string& where);

// The file-drop mode: a saved report.
std::vector<skarv::model::Settlement> read_report_file(const std::string& text, const std::string& file_name);

}  // namespace svea
