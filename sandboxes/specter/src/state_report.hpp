#pragma once

#include <boost/json.hpp>

#include "store.hpp"

namespace skarv::sandbox::specter {

// GET /_control/state: everything held, money in öre, text in UTF-8.
boost::json::value state_json(const State& state, const SpecterEmulator::Options& options);

}  // namespace skarv::sandbox::specter
