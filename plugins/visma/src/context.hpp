#pragma once
// What every part of the connector works with during one call: the configuration, the
// loaded ADK and the host's services. Owned by the plugin instance; no globals.

#include <skarv/plugin.hpp>

#include "adk_handle.hpp"
#include "config.hpp"

namespace visma {

struct Context {
    const Config& config;
    const Adk& adk;
    const skarv::HostServices& host;

    // Opens the company for the length of one call (see Session).
    Session open() const { return Session(adk, config.system_path, config.company_path, config.user, config.password); }
};

// Amounts cross the ADK as doubles in whole currency units (research B.7.4); öre are
// exact in a double at any realistic order size, and the ADK rounds to two decimals.
inline double to_adk_amount(int64_t minor, int digits) {
    double unit = 1;
    for (int i = 0; i < digits; ++i) unit *= 10;
    return static_cast<double>(minor) / unit;
}
inline int64_t from_adk_amount(double amount, int digits) {
    double unit = 1;
    for (int i = 0; i < digits; ++i) unit *= 10;
    const double scaled = amount * unit;
    return static_cast<int64_t>(scaled < 0 ? scaled - 0.5 : scaled + 0.5);
}

}  // namespace visma
