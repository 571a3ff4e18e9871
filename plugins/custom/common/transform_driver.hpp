#pragma once
// The `transform` op, record by record: whatever one record does (a rule that cannot
// apply, a jq error, a bug that throws), that record alone becomes a "fail" result and
// the batch goes on. Nothing escapes to the ABI but a well-formed response.

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include <boost/json.hpp>
#include <skarv/plugin.hpp>

#include "path.hpp"

namespace skarv::custom {

enum class Action { keep, drop, fail };

struct Outcome {
    Action action = Action::keep;
    std::string reason;
};

// The record is changed in place; the context is the request's "context" object with
// "hook" (and "connection"/"channel" from the request's top level when the context
// lacks them) added, so conditions can read "$context.hook".
using RecordTransform = std::function<Outcome(boost::json::value& record, const boost::json::value& context)>;

// Answers one `transform` request. Throws PluginError only for a request that is not a
// transform at all (no records array, another op).
boost::json::value run_transform(const std::string& op, const boost::json::object& request, const HostServices& host,
                                 const RecordTransform& transform);

// "order 100234", "product A1001", "price SKU-1", "record 3": what a support person
// needs to find the record a reason is about.
std::string record_name(const boost::json::value& record, std::size_t index, std::string_view hook);

}  // namespace skarv::custom
