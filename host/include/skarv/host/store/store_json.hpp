#pragma once
// The JSON form of what the store keeps, as the CLI (--json) and the admin API show it.

#include <boost/json.hpp>

#include "skarv/host/store/store.hpp"

namespace skarv::host {

boost::json::object to_json(const TransferReport& report);
// with_payload: include the whole record (for `show`), not only its key and error.
boost::json::object to_json(const DeadLetter& letter, bool with_payload);
// with_rows: each transaction's match (for `skarv reconcile`), not only the sums.
boost::json::object to_json(const PayoutRecord& payout, bool with_rows);
boost::json::object to_json(const Journey& journey);
boost::json::object to_json(const RecordMatch& match);

}  // namespace skarv::host
