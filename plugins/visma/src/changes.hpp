#pragma once
// "What changed since the last pass": every Visma record carries a TIMESTAMP that moves
// with each write, side effects included (guess visma.timestamp-change-marker,
// docs/guesses.md). A reader filters TIMESTAMP >= the last one seen (guess
// visma.filter-greater-equal, docs/guesses.md), walks in timestamp order, and skips the
// records of that last second it already handed on, recognised by their content.

#include <functional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "context.hpp"

namespace visma {

struct ChangeCursor {
    std::string since;                 // the ADK's date-time text of the last record seen
    std::vector<std::string> seen;     // content keys of the records at `since` already read
};

ChangeCursor read_change_cursor(const boost::json::value& v, const std::string& path);
boost::json::value to_json(const ChangeCursor& c);

struct ScanResult {
    ChangeCursor cursor;
    std::size_t visited = 0;
    bool more = false;
};

struct Scan {
    int db = 0;
    int timestamp_field = 0;
    std::string label;
    // Which changed records to hand on (empty: all). A record left out still moves the
    // cursor, so it is not read again.
    std::function<bool(Record&)> keep;
    // What identifies this state of the record, e.g. "17|delivered=1".
    std::function<std::string(Record&)> content_key;
    std::function<void(Record&)> visit;
};

// Reads at most `limit` changed records (all of them with `initial`, from the start).
ScanResult scan_changes(const Context& ctx, const Scan& scan, const ChangeCursor& from, std::size_t limit);

}  // namespace visma
