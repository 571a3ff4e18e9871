#pragma once
// The `probe` op (docs/protocol.md, "Go-live checks"): one check per Specter guess in
// docs/guesses.md, settled where a call can settle it safely. Every call made here is
// refused by Specter (a wrong key, or an action it does not have), so nothing on the
// account changes and no feed batch is opened.

#include <boost/json.hpp>

#include "api_client.hpp"

namespace specter {

boost::json::object probe(const ApiClient& api);

}  // namespace specter
