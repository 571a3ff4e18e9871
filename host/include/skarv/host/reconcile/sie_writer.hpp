#pragma once
// SIE 4I: the voucher file every Swedish ERP imports (Specter, Visma Administration,
// Fortnox ...). Written as research/payments.md §5 describes it: #FLAGGA 0 first, the
// header labels in the spec's order, #FORMAT PC8 meaning IBM code page 437, CRLF line
// ends, every text quoted with \" for quotes and no control characters, dates YYYYMMDD,
// amounts with a '.' and two decimals (debit positive, credit negative), one #VER block
// a voucher, each balancing to 0.00. See docs/reconciliation.md.

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <skarv/model/settlement.hpp>

namespace skarv::host {

struct SieCompany {
    std::string name;      // #FNAMN, required
    std::string orgnr;     // #ORGNR, optional but importers may check it: "556677-8899"
};

struct SieVoucher {
    model::Voucher voucher;
    std::string number;    // #VER vernr; "" lets the ERP number it (Visma follows its own numbering)
};

// The names #KONTO gives the BAS accounts Skarv books to by default.
const std::map<std::string, std::string>& bas_account_names();

// UTF-8 to code page 437; characters CP437 lacks are transliterated ("€" -> "EUR") or
// become '?', and control characters become spaces (§5.2: none in text fields).
std::string to_cp437(const std::string& utf8);
std::string from_cp437(const std::string& cp437);

// The whole file, in CP437 bytes. `generated` is the #GEN date, "YYYY-MM-DD".
// Throws std::invalid_argument for an unbalanced voucher, a date not YYYY-MM-DD, an
// empty company name or an account that is not digits, naming it: nothing half-written.
std::string write_sie4i(const SieCompany& company, const std::string& generated, const std::vector<SieVoucher>& vouchers,
                        const std::string& program_version);

}  // namespace skarv::host
