#pragma once
// Specter has no HTTP status semantics: every failure is an answer "0;<code>;<message>"
// (or <APIresponse><result>0</result><code>..). Only code 99 (open batch) is seen in
// public code; every other number here is the emulator's own choice, kept in this one
// list so a connector can be tested against stable codes.
// guess specter.error-codes, docs/guesses.md

#include <stdexcept>
#include <string>

namespace skarv::sandbox::specter {

namespace error_code {
inline constexpr int missing_parameter = 1;
inline constexpr int unknown_account = 2;      // sbmId or apiUserId not ours
inline constexpr int wrong_key = 3;
inline constexpr int contradicted_wrong_key = 8;   // --contradict-guesses
inline constexpr int unknown_action = 4;
inline constexpr int invalid_value = 5;        // not a number, bad date ...
inline constexpr int unknown_webshop = 6;
inline constexpr int unknown_stock_site = 7;
inline constexpr int customer_not_found = 10;
inline constexpr int article_not_found = 11;
inline constexpr int order_not_found = 12;
inline constexpr int duplicate_external_order_no = 13;
inline constexpr int nothing_to_deliver = 14;  // fully delivered, or more than ordered
inline constexpr int already_invoiced = 15;
inline constexpr int order_cancelled = 16;
inline constexpr int invoice_not_found = 17;
inline constexpr int open_batch = 99;          // [SEEN] Prestaworks checks code == '99'
}  // namespace error_code

struct ApiError : std::runtime_error {
    ApiError(int c, const std::string& message) : std::runtime_error(message), code(c) {}
    int code;
};

}  // namespace skarv::sandbox::specter
