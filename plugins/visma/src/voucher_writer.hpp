#pragma once
// vouchers.write: a payout's voucher (bank, receivables, fees, VAT on fees) as one
// verification in the Visma company, through ADK_DB_VERIFICATION_HEAD/ROW. Exactly once:
// the head's INFO carries the payout's key ("klarna:XISA93DJ"), looked up before every
// add, as orders are by the shop's reference. README.md says why a verification and not
// customer payments.

#include <boost/json.hpp>

#include "context.hpp"

namespace visma {

class VoucherWriter {
public:
    explicit VoucherWriter(const Context& ctx) : ctx_(ctx) {}
    boost::json::value write(const boost::json::object& request);

private:
    const Context& ctx_;
};

// The head's INFO for a voucher: its text with the key, or the key alone when both do
// not fit the field's `length` (a cut key would not be found again).
std::string voucher_info(const std::string& text, const std::string& key, int length);

}  // namespace visma
