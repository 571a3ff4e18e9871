// `skarv trace order 100012`: a record's journey, oldest first, in local time
// (docs/tracing.md). An order may also be asked for by its ERP number, the customer's
// e-mail or its payment reference.
#include <ctime>
#include <iostream>

#include <boost/json.hpp>

#include "commands.hpp"
#include "skarv/host/store/record_journey.hpp"
#include "skarv/host/store/store.hpp"
#include "skarv/host/store/store_json.hpp"

namespace skarv::cli {

std::unique_ptr<host::Store> open_store(const std::string& config_file);   // reports_command.cpp

namespace {
// "2026-12-06 21:04:05 CET": the machine's zone (TZ), as an operator reads a log.
std::string local_time(int64_t ms) {
    std::time_t seconds = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    localtime_r(&seconds, &tm);
    char out[64];
    std::strftime(out, sizeof out, "%Y-%m-%d %H:%M:%S %Z", &tm);
    return out;
}
}  // namespace

int run_trace(const TraceOptions& options) {
    const auto kind = host::subject_kind(options.kind);
    if (kind.empty() || kind == "pricelist") {
        std::cerr << "skarv: trace what? '" << options.kind << "' is none of order, product, sku\n";
        return 2;
    }
    auto store = open_store(options.config_file);
    const auto journeys = host::find_journeys(*store, {kind, options.key});
    if (journeys.empty()) {
        std::cerr << "skarv: no " << kind << " " << options.key << " is known: nothing was read, pushed or written under "
                  << (kind == "order" ? "that number, ERP number, e-mail or payment reference" : "that key")
                  << " (within the retention of events)\n";
        return 1;
    }
    if (options.json) {
        boost::json::array list;
        for (const auto& j : journeys) list.push_back(host::to_json(j));
        std::cout << boost::json::serialize(boost::json::object{{"journeys", list}}) << "\n";
        return 0;
    }
    bool first = true;
    for (const auto& j : journeys) {
        if (!first) std::cout << "\n";
        first = false;
        std::cout << j.subject.kind << " " << j.subject.id;
        if (j.subject.id != options.key) std::cout << " (found by " << options.key << ")";
        std::cout << "\n";
        if (j.pruned_before)
            std::cout << "  events before " << local_time(*j.pruned_before)
                      << (j.events.empty() ? " were pruned (retention.events_days); nothing newer is kept\n"
                                           : " were pruned (retention.events_days)\n");
        for (const auto& e : j.events)
            std::cout << "  " << local_time(e.at) << "  " << e.connection << "/" << e.entity << "  " << e.step
                      << (e.detail.empty() ? "" : ": " + e.detail) << "\n";
    }
    return 0;
}

}  // namespace skarv::cli
