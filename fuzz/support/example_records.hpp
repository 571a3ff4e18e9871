#pragma once
// Canonical records for the write operations a harness drives: the SDK's own schema
// examples (sdk/schema/examples), so they stay valid as the model grows. What is fuzzed
// is the remote system's answer to writing them.

#include <fstream>
#include <iterator>
#include <string>

#include <boost/json.hpp>

#include "abi_driver.hpp"

namespace skarv::fuzz {

inline boost::json::value example_record(const std::string& name) {
    const std::string path = std::string(SKARV_FUZZ_EXAMPLES_DIR) + "/" + name + ".example.json";
    std::ifstream in(path);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    boost::system::error_code ec;
    auto v = boost::json::parse(text, ec);
    if (ec) fail("cannot read the example record " + path);
    return v;
}

}  // namespace skarv::fuzz
