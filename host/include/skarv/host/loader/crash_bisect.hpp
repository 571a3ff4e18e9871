#pragma once
// What the host does when a plugin crashes its runner in the middle of a batched call.
// The crash says only that some record in the batch killed the plugin, so the batch is
// split in halves and each half is tried again (the runner restarted each time) until
// the call that crashes holds one record. That record, once a call of it alone and a
// call of a batch containing it have both crashed, gets a per-record failure naming the
// plugin, the operation and the signal, which the flow parks as a dead letter; every
// other record of the batch gets its real answer.
//
// A call without records (a read, a look-up) that crashes fails as a whole, retryable
// false: the pass reports it and the next pass starts a fresh runner. So does a call that
// timed out: splitting it would only multiply the wait.

#include <functional>
#include <optional>
#include <string>

#include <boost/json.hpp>

#include "skarv/host/loader/plugin_instance.hpp"

namespace skarv::host {

struct Attempt {
    std::optional<CallResult> answer;   // empty: the runner crashed, hung or spoke garbage
    std::string failure;                // then: why, e.g. "the runner was killed by signal 11 (SIGSEGV)"
    bool timed_out = false;             // a hang is not bisected: halves would each wait as long
};

using AttemptFunction = std::function<Attempt(const boost::json::object& request)>;

// `who`: "plugin 'test-transform'" for messages.
CallResult call_bisecting_crashes(const boost::json::object& request, const AttemptFunction& attempt, const std::string& who);

}  // namespace skarv::host
