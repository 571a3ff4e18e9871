#pragma once
// A Nets Easy payout with its payment actions (Reporting API v1, GET /report/v1/payouts/{id})
// as a Skarv settlement.

#include <string>

#include <boost/json.hpp>

#include <skarv/model/settlement.hpp>

namespace nets {

// `payout` holds the payout fields; `actions` every payment action of it. `where` names it
// in errors. Throws RecordError naming the field.
skarv::model::Settlement payout_from_json(const boost::json::value& payout, const boost::json::array& actions,
                                          const std::string& where);

// A saved details document ({...payout, "paymentActions": [...]}) or an array of them:
// the file-drop mode.
std::vector<skarv::model::Settlement> read_payout_file(const std::string& text, const std::string& file_name);

}  // namespace nets
