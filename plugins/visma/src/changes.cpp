#include "changes.hpp"

#include <algorithm>

#include <skarv/json_reader.hpp>

namespace visma {

ChangeCursor read_change_cursor(const boost::json::value& v, const std::string& path) {
    ChangeCursor c;
    if (v.is_null()) return c;
    skarv::JsonReader r(v, path);
    c.since = r.string_or("since", "");
    if (r.has("seen"))
        for (const auto& s : r.value("seen").as_array())
            if (s.is_string()) c.seen.emplace_back(s.get_string());
    return c;
}

boost::json::value to_json(const ChangeCursor& c) {
    boost::json::array seen;
    for (const auto& s : c.seen) seen.emplace_back(s);
    return boost::json::object{{"since", c.since}, {"seen", std::move(seen)}};
}

ScanResult scan_changes(const Context& ctx, const Scan& scan, const ChangeCursor& from, std::size_t limit) {
    ScanResult out{from, 0, false};
    Record rec(ctx.adk, scan.db, scan.label);
    rec.sort(adk::sort::timestamp);
    // guess visma.filter-greater-equal, docs/guesses.md
    if (!from.since.empty()) rec.filter(scan.timestamp_field, ">=" + from.since);
    long last = from.since.empty() ? -1 : ctx.adk.datetime_to_long(from.since).value_or(-1);
    for (bool ok = rec.first(false); ok; ok = rec.next(false)) {
        const long ts = rec.date(scan.timestamp_field);
        const std::string key = scan.content_key(rec);
        if (ts == last && std::find(out.cursor.seen.begin(), out.cursor.seen.end(), key) != out.cursor.seen.end())
            continue;
        const bool kept = !scan.keep || scan.keep(rec);
        if (kept && out.visited == limit) {
            out.more = true;
            break;
        }
        if (kept) {
            scan.visit(rec);
            ++out.visited;
        }
        if (ts != last) {
            last = ts;
            out.cursor.since = ctx.adk.long_to_datetime(ts);
            out.cursor.seen.clear();
        }
        out.cursor.seen.push_back(key);
        if (ctx.host.cancelled()) {
            out.more = true;
            break;
        }
    }
    return out;
}

}  // namespace visma
