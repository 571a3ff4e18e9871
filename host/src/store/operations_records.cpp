// The Store's operations tables (migrations 9 and 10) and the reads health and trends make of the
// transfer reports: usage per calendar month, pass durations, each entity's latest passes.

#include <ctime>
#include <map>
#include <utility>

#include <boost/json.hpp>

#include "skarv/host/store/store.hpp"
#include "store_guarded.hpp"

namespace skarv::host {

namespace {
std::pair<int, int> usage_year_and_month(int64_t unix_ms) {
    std::time_t seconds = static_cast<std::time_t>(unix_ms / 1000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    return {utc.tm_year + 1900, utc.tm_mon + 1};
}
}  // namespace

std::string usage_month(int64_t unix_ms) {
    const auto [year, month] = usage_year_and_month(unix_ms);
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02d", year, month);
    return text;
}

bool valid_usage_month(const std::string& month) {
    if (month.size() != 7 || month[4] != '-') return false;
    for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u})
        if (month[i] < '0' || month[i] > '9') return false;
    const int m = (month[5] - '0') * 10 + (month[6] - '0');
    return m >= 1 && m <= 12;
}

namespace {
std::string first_error_message(const std::string& errors_json) {
    boost::system::error_code ec;
    auto errors = boost::json::parse(errors_json, ec);
    if (ec || !errors.is_array() || errors.get_array().empty()) return "";
    const auto& first = errors.get_array()[0];
    if (first.is_object())
        if (const auto* message = first.get_object().if_contains("message"); message && message->is_string())
            return std::string(message->get_string());
    return first.is_string() ? std::string(first.get_string()) : "";
}
}  // namespace

EntityFigures Store::entity_figures(const std::string& connection, const std::string& entity, int recent_passes) {
    return guarded("reading an entity's health figures", [&]() -> EntityFigures {
        EntityFigures f;
        {
            auto q = prepared("SELECT started_at, ended_at, considered, failed, read_failures, errors FROM transfer_reports "
                              "WHERE connection = ? AND entity = ? ORDER BY id DESC LIMIT ?");
            q->bind(1, connection);
            q->bind(2, entity);
            q->bind(3, recent_passes);
            while (q->step()) {
                PassSummary p;
                p.started_at = q->int64(0);
                if (!q->is_null(1)) p.ended_at = q->int64(1);
                p.considered = q->int64(2);
                p.failed = q->int64(3);
                p.read_failures = q->int64(4);
                p.first_error = first_error_message(q->text(5));
                f.recent.push_back(std::move(p));
            }
        }
        {
            auto q = prepared("SELECT COALESCE(ended_at, started_at) FROM transfer_reports WHERE connection = ? AND entity = ? "
                              "AND failed = 0 AND read_failures = 0 ORDER BY id DESC LIMIT 1");
            q->bind(1, connection);
            q->bind(2, entity);
            if (q->step()) f.last_success_at = q->int64(0);
        }
        {
            auto q = prepared("SELECT COUNT(*), MIN(created_at) FROM work_queue WHERE connection = ? AND entity = ?");
            q->bind(1, connection);
            q->bind(2, entity);
            if (q->step()) {
                f.queued = q->int64(0);
                if (!q->is_null(1)) f.oldest_queued_at = q->int64(1);
            }
        }
        {
            auto q = prepared("SELECT COUNT(*) FROM dead_letters WHERE connection = ? AND entity = ? AND replayed_at IS NULL");
            q->bind(1, connection);
            q->bind(2, entity);
            if (q->step()) f.dead_letters = q->int64(0);
        }
        return f;
    });
}

std::vector<HourlyTrend> Store::hourly_trends(int64_t since_ms, const std::string& connection) {
    return guarded("reading hourly trends", [&]() -> std::vector<HourlyTrend> {
        // Orders are the ones written to the ERP (created or updated by an order pass);
        // records are what every pass considered; failures are failed records and reads.
        auto q = prepared(R"SQL(
            SELECT (started_at / 3600000) * 3600000 AS hour, COUNT(*),
                   SUM(CASE WHEN entity = 'orders' THEN created + updated ELSE 0 END),
                   SUM(considered), SUM(failed + read_failures)
            FROM transfer_reports WHERE started_at >= ? AND (? = '' OR connection = ?)
            GROUP BY hour ORDER BY hour)SQL");
        q->bind(1, since_ms);
        q->bind(2, connection);
        q->bind(3, connection);
        std::vector<HourlyTrend> out;
        while (q->step())
            out.push_back({q->int64(0), q->int64(1), q->int64(2),
                           q->int64(3), q->int64(4)});
        return out;
    });
}

bool Store::count_order(const std::string& connection, const std::string& order_id, int64_t now) {
    try {
        return guarded("counting an order for usage", [&]() -> bool {
            auto q = prepared("INSERT INTO usage_orders (connection, order_id, month, counted_at) VALUES (?, ?, ?, ?) "
                              "ON CONFLICT (connection, order_id) DO NOTHING");
            q->bind(1, connection);
            q->bind(2, order_id);
            q->bind(3, usage_month(now));
            q->bind(4, now);
            return q->exec() == 1;
        });
    } catch (const StoreError&) {
        ++usage_count_failures_;
        return false;
    }
}

void Store::count_skus(const std::string& connection, const std::vector<std::string>& skus, int64_t now) {
    try {
        guarded("counting active SKUs for usage", [&] {
            // The update only runs when the month's bit is new: a SKU written again in the
            // same month costs a key lookup and no write.
            auto q = prepared("INSERT INTO usage_skus (connection, year, sku, months) VALUES (?, ?, ?, ?) "
                              "ON CONFLICT (year, connection, sku) DO UPDATE SET months = usage_skus.months | excluded.months "
                              "WHERE (usage_skus.months & excluded.months) = 0");
            const auto [year, month] = usage_year_and_month(now);
            const int64_t bit = int64_t{1} << (month - 1);
            for (const auto& sku : skus) {
                if (sku.empty()) continue;
                q->bind(1, connection);
                q->bind(2, int64_t{year});
                q->bind(3, sku);
                q->bind(4, bit);
                q->exec();
                q->reset();
            }
        });
    } catch (const StoreError&) {
        ++usage_count_failures_;
    }
}

std::vector<MonthlyUsage> Store::usage(const std::string& month) {
    if (!month.empty() && !valid_usage_month(month)) return {};   // no month of that name has usage
    return guarded("reading usage", [&]() -> std::vector<MonthlyUsage> {
        // Newest month first, then by connection, as `skarv usage` and /api/usage list them.
        struct NewestFirst {
            bool operator()(const std::pair<std::string, std::string>& a, const std::pair<std::string, std::string>& b) const {
                return a.first != b.first ? a.first > b.first : a.second < b.second;
            }
        };
        std::map<std::pair<std::string, std::string>, MonthlyUsage, NewestFirst> by_month;   // (month, connection)
        auto row = [&](const std::string& connection, const std::string& m) -> MonthlyUsage& {
            auto& u = by_month[{m, connection}];
            u.connection = connection;
            u.month = m;
            return u;
        };
        {
            auto q = prepared("SELECT connection, month, COUNT(*) FROM usage_orders WHERE ? = '' OR month = ? GROUP BY connection, month");
            q->bind(1, month);
            q->bind(2, month);
            while (q->step()) row(q->text(0), q->text(1)).orders = q->int64(2);
        }
        if (!month.empty()) {
            // The year's rows are one range of the key; a SKU counts when it has the month's bit.
            auto q = prepared("SELECT connection, COUNT(*) FROM usage_skus WHERE year = ? AND (months & ?) <> 0 GROUP BY connection");
            q->bind(1, int64_t{std::stoi(month.substr(0, 4))});
            q->bind(2, int64_t{1} << (std::stoi(month.substr(5, 2)) - 1));
            while (q->step()) row(q->text(0), month).active_skus = q->int64(1);
        } else {
            // Every month: each row counts in every month whose bit it has.
            auto q = prepared(R"SQL(
                WITH m (n, mask) AS (VALUES (1, 1), (2, 2), (3, 4), (4, 8), (5, 16), (6, 32), (7, 64), (8, 128),
                                           (9, 256), (10, 512), (11, 1024), (12, 2048))
                SELECT s.connection, s.year, m.n, COUNT(*) FROM usage_skus s JOIN m ON (s.months & m.mask) <> 0
                GROUP BY s.connection, s.year, m.n)SQL");
            char text[32];
            while (q->step()) {
                std::snprintf(text, sizeof text, "%04d-%02d", static_cast<int>(q->int64(1)), static_cast<int>(q->int64(2)));
                row(q->text(0), text).active_skus = q->int64(3);
            }
        }
        std::vector<MonthlyUsage> out;
        for (auto& [key, u] : by_month) out.push_back(std::move(u));
        return out;
    });
}

const std::vector<int64_t>& Store::pass_duration_bounds_ms() {
    // From a quick order pass to a full catalogue import.
    static const std::vector<int64_t> bounds = {100, 500, 1000, 2500, 5000, 10000, 30000, 60000, 120000, 300000, 600000, 1800000};
    return bounds;
}

std::vector<DurationHistogram> Store::pass_durations() {
    return guarded("reading pass durations", [&]() -> std::vector<DurationHistogram> {
        const auto& bounds = pass_duration_bounds_ms();
        std::vector<DurationHistogram> out;
        auto q = prepared("SELECT connection, entity, le_ms, passes, sum_ms FROM pass_durations ORDER BY connection, entity");
        while (q->step()) {
            auto connection = q->text(0);
            auto entity = q->text(1);
            if (out.empty() || out.back().connection != connection || out.back().entity != entity)
                out.push_back({connection, entity, std::vector<int64_t>(bounds.size() + 1, 0), 0});
            auto& h = out.back();
            const auto le = q->int64(2);
            const auto passes = q->int64(3);
            h.sum_ms += q->int64(4);
            // A pass in bucket `le` is also in every larger one.
            for (std::size_t i = 0; i <= bounds.size(); ++i)
                if (i == bounds.size() || (le >= 0 && bounds[i] >= le)) h.cumulative[i] += passes;
        }
        return out;
    });
}

}  // namespace skarv::host
