#pragma once
// One jq program, compiled once when the mapping is configured and run on each record.
// jq because the integrators who write these mappings already know it from the shell,
// and it is a complete language (conditionals, string functions, arithmetic) that runs
// in-process through Debian's libjq, without a process per record.

#include <memory>
#include <optional>
#include <string>

#include <boost/json.hpp>

struct jq_state;

namespace skarv::custom::mapping {

class JqProgram {
public:
    // Throws skarv::RecordError(where, <jq's compile message>) for a program that does not compile.
    JqProgram(const std::string& program, const std::string& where);
    ~JqProgram();
    JqProgram(const JqProgram&) = delete;
    JqProgram& operator=(const JqProgram&) = delete;

    // The program's first output on `input`, or nullopt when it produces none ("empty").
    // A jq error (error(...), a type error, halt_error) throws RecordFailure with jq's message.
    // Not const: a jq_state holds its run's stack; calls on one instance never overlap.
    std::optional<boost::json::value> run(const boost::json::value& input);

    const std::string& text() const { return text_; }

private:
    std::string text_;
    std::string compile_errors_;
    jq_state* jq_ = nullptr;
};

}  // namespace skarv::custom::mapping
