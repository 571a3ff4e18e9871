// Fuzzes the cron expressions of a connection's "schedule" ("*/5 * * * *"), parsed by
// CronSchedule. The input is the expression. Promises checked: a bad expression is
// refused with std::invalid_argument (what Scheduler::add and the service expect,
// cron_schedule.hpp), never another exception; a good one gives, after any instant, a
// whole minute strictly later, and asking again from just before that minute gives
// the same minute (no match is skipped). An expression that can never match (30
// February) may say so with std::runtime_error.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <typeinfo>

#include "skarv/host/service/cron_schedule.hpp"
#include "support/abi_driver.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    using skarv::fuzz::fail;
    const std::string expression(reinterpret_cast<const char*>(data), size);
    std::optional<skarv::host::CronSchedule> cron;
    try {
        cron.emplace(expression);
    } catch (const std::invalid_argument&) {
        return 0;
    } catch (const std::exception& e) {
        fail(std::string("cron '") + expression + "' threw " + typeid(e).name() + " (" + e.what() +
             "), not std::invalid_argument");
    }
    // 2027-01-01 00:00:30 UTC, and 2028-02-28 23:59:59.999 (a leap day follows).
    for (int64_t after : {INT64_C(1798761630000), INT64_C(1835481599999)}) {
        int64_t next = 0;
        try {
            next = cron->next_after(after);
        } catch (const std::runtime_error&) {
            return 0;   // never matches
        }
        if (next <= after || next % 60000 != 0)
            fail("cron '" + expression + "' after " + std::to_string(after) + " gave " + std::to_string(next));
        if (cron->next_after(next - 60000) != next)
            fail("cron '" + expression + "' skips " + std::to_string(next) + " when asked from a minute before");
    }
    return 0;
}
