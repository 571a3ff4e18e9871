#include "jq_program.hpp"

extern "C" {
#include <jq.h>
}

#include <skarv/json_reader.hpp>

#include "record_failure.hpp"

namespace skarv::custom::mapping {
namespace {

// jv values are reference-counted and every jv function consumes its arguments; this
// takes ownership of one so no path out of run() leaks it.
class Jv {
public:
    explicit Jv(jv v) : v_(v) {}
    ~Jv() { jv_free(v_); }
    Jv(const Jv&) = delete;
    Jv& operator=(const Jv&) = delete;
    jv copy() const { return jv_copy(v_); }
    jv release() {
        jv v = v_;
        v_ = jv_invalid();
        return v;
    }
    jv_kind kind() const { return jv_get_kind(v_); }

private:
    jv v_;
};

std::string text_of(jv value) {   // consumes
    Jv v(value);
    if (v.kind() == JV_KIND_STRING) {
        jv s = v.copy();
        std::string out(jv_string_value(s), static_cast<std::size_t>(jv_string_length_bytes(jv_copy(s))));
        jv_free(s);
        return out;
    }
    if (v.kind() == JV_KIND_INVALID) return "invalid value";
    Jv dumped(jv_dump_string(v.release(), 0));
    jv s = dumped.copy();
    std::string out(jv_string_value(s));
    jv_free(s);
    return out;
}

// jq reports compile errors through a callback; it hands over the message.
// Each message arrives as "jq: error: ...", spread over lines, followed by a count
// ("jq: 2 compile errors"); the reader wants one line without the repetition.
void on_error(void* data, jv message) {
    auto* errors = static_cast<std::string*>(data);
    std::string text = text_of(jq_format_error(message));
    for (std::string_view prefix : {"jq: error: ", "jq: "})
        if (text.starts_with(prefix)) {
            text.erase(0, prefix.size());
            break;
        }
    if (text.ends_with("compile errors") || text.ends_with("compile error")) return;
    std::string line;
    for (char c : text) {
        if (c == '\n' || c == '\t' || c == ' ') {
            if (!line.empty() && line.back() != ' ') line.push_back(' ');
        } else {
            line.push_back(c);
        }
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    if (!errors->empty()) *errors += "; ";
    *errors += line;
}

void ignore_debug(void*, jv message) { jv_free(message); }

}  // namespace

JqProgram::JqProgram(const std::string& program, const std::string& where) : text_(program) {
    jq_ = jq_init();
    if (!jq_) throw std::runtime_error("libjq could not start");
    jq_set_error_cb(jq_, on_error, &compile_errors_);
    // `debug` would otherwise write to the host's stderr.
    jq_set_debug_cb(jq_, ignore_debug, nullptr);
    if (!jq_compile(jq_, program.c_str())) {
        std::string message = compile_errors_.empty() ? "does not compile" : compile_errors_;
        jq_teardown(&jq_);
        throw RecordError(where, "jq: " + message);
    }
}

JqProgram::~JqProgram() {
    if (jq_) jq_teardown(&jq_);
}

std::optional<boost::json::value> JqProgram::run(const boost::json::value& input) {
    const std::string text = boost::json::serialize(input);
    jv parsed = jv_parse_sized(text.data(), static_cast<int>(text.size()));
    if (!jv_is_valid(parsed)) {
        jv_free(parsed);
        throw RecordFailure("jq could not read the record");
    }
    compile_errors_.clear();
    jq_start(jq_, parsed, 0);
    Jv out(jq_next(jq_));
    if (out.kind() != JV_KIND_INVALID) {
        Jv dumped(jv_dump_string(out.release(), 0));
        jv s = dumped.copy();
        std::string json(jv_string_value(s), static_cast<std::size_t>(jv_string_length_bytes(jv_copy(s))));
        jv_free(s);
        return parse_json(json, "jq output");
    }
    if (jv_invalid_has_msg(out.copy())) throw RecordFailure("jq: " + text_of(jv_invalid_get_msg(out.release())));
    if (jq_halted(jq_)) {
        Jv message(jq_get_error_message(jq_));
        std::string why = message.kind() == JV_KIND_INVALID || message.kind() == JV_KIND_NULL ? "the program halted"
                                                                                               : text_of(message.release());
        throw RecordFailure("jq: " + why);
    }
    if (!compile_errors_.empty()) throw RecordFailure("jq: " + compile_errors_);
    return std::nullopt;
}

}  // namespace skarv::custom::mapping
