#include <iomanip>
#include <iostream>
#include <memory>

#include <boost/json.hpp>

#include "commands.hpp"
#include "skarv/host/runtime/host_context.hpp"
#include "skarv/host/store/store.hpp"

namespace skarv::cli {

std::unique_ptr<host::Store> open_store(const std::string& config_file);   // reports_command.cpp

int run_usage(const UsageOptions& options) {
    if (!options.month.empty() && !host::valid_usage_month(options.month)) {
        std::cerr << "skarv usage: --month must be YYYY-MM, e.g. 2026-12 (got '" << options.month << "')\n";
        return 2;
    }
    const auto month = options.month.empty() ? host::usage_month(host::system_clock_ms()) : options.month;
    auto store = open_store(options.config_file);
    const auto usage = store->usage(month);
    if (options.json) {
        boost::json::array list;
        for (const auto& u : usage)
            list.push_back({{"connection", u.connection}, {"orders", u.orders}, {"active_skus", u.active_skus}});
        std::cout << boost::json::serialize(boost::json::object{{"month", month}, {"usage", list}}) << "\n";
        return 0;
    }
    std::cout << "Usage in " << month << " (calendar month, UTC)\n";
    if (usage.empty()) {
        std::cout << "No orders transferred and no SKUs written in " << month << ".\n";
        return 0;
    }
    std::size_t width = 10;
    for (const auto& u : usage) width = std::max(width, u.connection.size());
    std::cout << std::left << std::setw(static_cast<int>(width)) << "connection" << "  " << std::right << std::setw(8)
              << "orders" << "  " << std::setw(11) << "active SKUs" << "\n";
    int64_t orders = 0, skus = 0;
    for (const auto& u : usage) {
        std::cout << std::left << std::setw(static_cast<int>(width)) << u.connection << "  " << std::right << std::setw(8)
                  << u.orders << "  " << std::setw(11) << u.active_skus << "\n";
        orders += u.orders;
        skus += u.active_skus;
    }
    if (usage.size() > 1)
        std::cout << std::left << std::setw(static_cast<int>(width)) << "total" << "  " << std::right << std::setw(8)
                  << orders << "  " << std::setw(11) << skus << "\n";
    return 0;
}

}  // namespace skarv::cli
