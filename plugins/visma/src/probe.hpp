#pragma once
// The `probe` op: the go-live check against a real Visma company. One check per Visma
// entry of docs/guesses.md, by its id; only reads (the company is opened, walked and
// filtered, never written). docs/protocol.md, "Go-live checks: probe".

#include <boost/json.hpp>

#include "context.hpp"

namespace visma {

// {"checks": [{"guess": "visma.filter-greater-equal", "verdict": "confirmed", "seen": "..."}, ...]}
boost::json::value probe(const Context& ctx);

}  // namespace visma
