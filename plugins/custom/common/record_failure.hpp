#pragma once
// A rule or mapping that cannot apply to one record throws this: that record becomes a
// "fail" result with the message, and the rest of the batch goes on.

#include <stdexcept>
#include <string>

namespace skarv::custom {

class RecordFailure : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace skarv::custom
