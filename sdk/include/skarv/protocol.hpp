#pragma once
// Names of the call operations and of their fields, shared by the host and plugins so a
// typo is a compile error. The shapes are documented in docs/protocol.md.

namespace skarv::protocol {

// Entities, as they appear in op names and capability documents.
inline constexpr const char* kOrders = "orders";
inline constexpr const char* kStatus = "status";
inline constexpr const char* kProducts = "products";
inline constexpr const char* kPrices = "prices";
inline constexpr const char* kPriceLists = "pricelists";
inline constexpr const char* kStock = "stock";
// Payouts of a payment provider (Klarna, Nets, Svea), read by its connector.
inline constexpr const char* kSettlements = "settlements";

// Verbs: an op is "<entity>.<verb>", e.g. "orders.read".
inline constexpr const char* kRead = "read";
inline constexpr const char* kWrite = "write";
inline constexpr const char* kAck = "ack";
inline constexpr const char* kFind = "find";
inline constexpr const char* kParsePush = "parse_push";
inline constexpr const char* kTransform = "transform";

// Write outcomes, one per record.
inline constexpr const char* kCreated = "created";
inline constexpr const char* kUpdated = "updated";
inline constexpr const char* kUnchanged = "unchanged";
inline constexpr const char* kFailed = "failed";

// Transform actions.
inline constexpr const char* kKeep = "keep";
inline constexpr const char* kDrop = "drop";
inline constexpr const char* kFail = "fail";

}  // namespace skarv::protocol
