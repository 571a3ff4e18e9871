#pragma once
// Routing: what a connection's options (stock profiles, price-list mapping) make of one
// record read from a source: the records to write, each under its key to its target, or
// why nothing is written. Without such options a record goes as read to every target.

#include <string>
#include <vector>

#include <boost/json.hpp>

namespace skarv::host {

struct Endpoint;

struct RoutedWrite {
    Endpoint* target = nullptr;
    std::string key;              // record_key() of `record`, in the target's vocabulary
    boost::json::value record;
};

struct Routing {
    std::vector<RoutedWrite> writes;
    std::string skipped_because;  // set when the options leave the record out on purpose
};

}  // namespace skarv::host
