#pragma once
// A catalogue pass run inside `skarv run`, triggered through the admin API and watched
// there: it is running from the trigger until the service lists a transfer report of that
// entity, newer than any before the trigger, with an end time.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <thread>

namespace skarv::bench {

class PassWatcher {
public:
    // Triggers `POST /api/connections/{connection}/run?entity={entity}` and starts watching.
    PassWatcher(const std::string& service_url, const std::string& token, const std::string& connection,
                const std::string& entity);
    ~PassWatcher();
    PassWatcher(const PassWatcher&) = delete;
    PassWatcher& operator=(const PassWatcher&) = delete;

    bool running() const { return !ended_; }
    // Waits for the end; false when it has not ended within `limit`.
    bool wait(std::chrono::seconds limit);
    double wall_s() const { return wall_s_; }   // trigger to the report's end being seen
    // considered, created, updated, unchanged, skipped, failed of its report.
    const std::map<std::string, int64_t>& counts() const { return counts_; }
    const std::string& error() const { return error_; }

private:
    void watch();

    std::string url_, token_, entity_;
    int64_t last_report_before_ = 0;
    std::chrono::steady_clock::time_point triggered_;
    std::atomic<bool> ended_{false}, stop_{false};
    double wall_s_ = -1;
    std::map<std::string, int64_t> counts_;
    std::string error_;
    std::thread thread_;
};

// Waits until every scheduled job of the service has run once (its start-up passes),
// so a measurement does not start in the middle of them. Throws after `limit`.
void wait_for_startup_passes(const std::string& service_url, const std::string& token, std::chrono::seconds limit);

}  // namespace skarv::bench
