#include "transfer_support.hpp"

#include <cstdio>
#include <map>

#include <skarv/json_reader.hpp>

namespace skarv::host {

ReportBuilder::ReportBuilder(const std::string& connection, const std::string& entity, int64_t now) {
    report_.connection = connection;
    report_.entity = entity;
    report_.started_at = now;
}

void ReportBuilder::failed(const std::string& id, const std::string& message) {
    ++report_.failed;
    errors_.push_back({{"id", id}, {"message", message}});
}

void ReportBuilder::skipped(const std::string& id, const std::string& reason) {
    ++report_.skipped;
    errors_.push_back({{"id", id}, {"message", reason}, {"kind", "skipped"}});
}

void ReportBuilder::error(const std::string& message) {
    ++report_.read_failures;
    errors_.push_back({{"id", ""}, {"message", message}});
}

TransferReport ReportBuilder::finish(int64_t now) {
    report_.ended_at = now;
    report_.errors_json = boost::json::serialize(errors_);
    return report_;
}

std::string record_key(const std::string& entity, const boost::json::value& record) {
    JsonReader r(record, entity);
    if (entity == "orders") return r.string("order_id");
    if (entity == "status") return r.string("order_id") + ":" + r.string("status");
    if (entity == "products") return r.string("article_number");
    if (entity == "prices") {
        auto key = r.string("sku") + "@" + r.string_or("price_list", "");
        auto min_q = r.integer_or("min_quantity", 1);
        return min_q == 1 ? key : key + ":" + std::to_string(min_q);
    }
    if (entity == "pricelists") return r.string("code");
    if (entity == "stock") return r.string("sku") + "@" + r.string("warehouse");
    throw RecordError(entity, "unknown entity");
}

std::string content_hash(const boost::json::value& record) {
    uint64_t h = 1469598103934665603ull;
    for (unsigned char c : boost::json::serialize(record)) {
        h ^= c;
        h *= 1099511628211ull;
    }
    char out[17];
    std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(h));
    return out;
}

namespace {
// "customer.email" -> value, for every scalar (arrays by index): what a diff compares.
void flatten(const boost::json::value& v, const std::string& path, std::map<std::string, std::string>& out) {
    if (v.is_object()) {
        for (const auto& [k, child] : v.get_object()) flatten(child, path.empty() ? std::string(k) : path + "." + std::string(k), out);
    } else if (v.is_array()) {
        const auto& a = v.get_array();
        for (std::size_t i = 0; i < a.size(); ++i) flatten(a[i], path + "[" + std::to_string(i) + "]", out);
    } else {
        out[path] = boost::json::serialize(v);
    }
}
std::string shortened(const std::string& s) {
    constexpr std::size_t kMax = 40;
    if (s.size() <= kMax) return s;
    std::size_t cut = kMax;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;   // not inside a UTF-8 character
    return s.substr(0, cut) + "…";
}
}  // namespace

std::string change_summary(const boost::json::value& before, const boost::json::value& after, std::size_t max_fields) {
    std::map<std::string, std::string> a, b;
    flatten(before, "", a);
    flatten(after, "", b);
    std::vector<std::string> changes;
    std::size_t count = 0;
    auto note = [&](const std::string& field, const std::string& from, const std::string& to) {
        if (++count <= max_fields) changes.push_back(field + ": " + shortened(from) + " → " + shortened(to));
    };
    for (const auto& [field, value] : a) {
        auto it = b.find(field);
        if (it == b.end()) note(field, value, "(removed)");
        else if (it->second != value) note(field, value, it->second);
    }
    for (const auto& [field, value] : b)
        if (!a.count(field)) note(field, "(none)", value);
    std::string out;
    for (const auto& c : changes) out += (out.empty() ? "" : "; ") + c;
    if (count > max_fields) out += "; and " + std::to_string(count - max_fields) + " more";
    return out;
}

namespace detail {

CallResult call_endpoint(ConnectionRuntime& connection, Endpoint& endpoint, boost::json::object request) {
    request["connection"] = connection.name();
    if (endpoint.role == "shop") request["channel"] = endpoint.channel;
    return endpoint.instance->call(request);
}

namespace {
std::optional<int64_t> retry_after_of(const boost::json::value& doc) {
    if (!doc.is_object()) return std::nullopt;
    auto* v = doc.get_object().if_contains("retry_after_ms");
    if (v && v->is_int64()) return v->get_int64();
    return std::nullopt;
}
}  // namespace

Failure failure_of(const CallResult& result, const std::string& context) {
    return {context + ": " + result.message(), result.retryable(), retry_after_of(result.document)};
}

Failure failure_of_item(const boost::json::value& error, const std::string& context) {
    Failure f{context + ": failed", false, retry_after_of(error)};
    if (error.is_object()) {
        const auto& o = error.get_object();
        if (auto* m = o.if_contains("message"); m && m->is_string()) f.message = context + ": " + std::string(m->get_string());
        if (auto* r = o.if_contains("retryable"); r && r->is_bool()) f.retryable = r->get_bool();
    }
    return f;
}

void park_failure(PassContext& pass, ReportBuilder& report, const std::string& connection, const std::string& entity,
                  const std::string& key, const std::string& payload, std::optional<WorkItem> work, const Failure& failure) {
    auto now = pass.clock();
    auto message = pass.logger.scrub(failure.message);
    report.failed(key, message);
    // The queue row, its new attempt and the journey's event: all or none.
    Store::WriteBatch batch(pass.store, "recording a failed record");
    int64_t id = work ? work->id : pass.store.enqueue(connection, entity, key, payload, now);
    int attempts = (work ? work->attempts : 0) + 1;
    if (failure.retryable && !pass.options.retry.exhausted(attempts)) {
        auto delay = pass.options.retry.delay_ms(attempts, failure.retry_after_ms, pass.rng);
        pass.store.reschedule(id, attempts, now + delay, message);
        pass.store.add_record_event(connection, entity, key, journey_step::retry,
                                    "attempt " + std::to_string(attempts) + " failed: " + message + "; next try in " +
                                        std::to_string(delay / 1000) + " s",
                                    now);
        batch.commit();
        pass.logger.log(SKARV_LOG_WARN, connection + "/" + entity,
                        message + " (attempt " + std::to_string(attempts) + ", retry in " + std::to_string(delay) + " ms)");
    } else {
        pass.store.reschedule(id, attempts, now, message);
        auto letter = pass.store.bury(id, message, now);   // records the dead_letter step
        batch.commit();
        pass.logger.log(SKARV_LOG_ERROR, connection + "/" + entity,
                        message + " (dead letter " + std::to_string(letter) + " after " + std::to_string(attempts) + " attempt(s))");
    }
}

boost::json::value load_cursor(Store& store, const std::string& connection, const std::string& cursor_name) {
    auto text = store.cursor(connection, cursor_name);
    if (!text) return nullptr;
    boost::system::error_code ec;
    auto v = boost::json::parse(*text, ec);
    return ec ? boost::json::value(nullptr) : v;
}

void acknowledge(ConnectionRuntime& connection, Endpoint& source, PassContext& pass, const std::string& entity,
                 const boost::json::value& cursor) {
    auto result = call_endpoint(connection, source, {{"op", entity + ".ack"}, {"cursor", cursor}});
    if (!result.ok())
        // Not fatal: the source re-delivers an unacknowledged batch, and writes are idempotent.
        pass.logger.log(SKARV_LOG_WARN, connection.name() + "/" + entity,
                        "acknowledging " + source.label + " failed: " + pass.logger.scrub(result.message()));
}

void PageLedger::commit(Store& store) {
    if (writes_.empty()) return;
    Store::WriteBatch batch(store, "recording a page's outcomes");
    for (auto& write : writes_) write();
    batch.commit();
    writes_.clear();
}

ReadBudget::ReadBudget(const ConnectionRuntime& connection, const TransferOptions& options)
    : limit_(connection.option_int("max_records_per_pass", options.max_records)) {}

bool ReadBudget::another_page(bool source_has_more, std::size_t records_in_page, ReportBuilder& report,
                              const boost::json::value& cursor_before, const boost::json::value& cursor_after,
                              const std::string& what) {
    read_ += static_cast<int64_t>(records_in_page);
    if (!source_has_more) return false;
    // A source that says "more" but hands out nothing and stays where it was would make
    // the pass spin for ever: that is the source's fault, and reported as such.
    if (records_in_page == 0 && cursor_before == cursor_after) {
        report.error(what + ": the source says there is more but gave no record and no new cursor; stopped");
        return false;
    }
    if (limit_ > 0 && read_ >= limit_) {
        report.stopped_at_limit();
        return false;
    }
    return true;
}

}  // namespace detail
}  // namespace skarv::host
