// file-system: a test connector whose "remote system" is a folder of JSON files, so flow
// tests can inspect what the far side holds, survive a kill -9 of the host (the files
// persist), and inject faults. It plays a shop (records to read in <entity>.json) or an
// ERP (records written land in written-<entity>.json) depending on what the test puts
// in its folder.
//
// Config: {"dir": "...", "fail_skus": ["SKU"], "flaky_writes": N, "write_delay_ms": M}
//  - an order with a line whose SKU is in fail_skus fails permanently ("missing article");
//  - the first N write calls fail as retryable (a 503 with Retry-After);
//  - every write call sleeps M ms first (so a test can kill the host mid-batch);
//  - "write_delay_ms_for": {"<entity>": K} sleeps K ms in that entity's writes only (a
//    slow catalogue beside prompt orders);
//  - "crash_skus": ["SKU"]: an orders.write whose batch holds an order with a line of that
//    SKU kills the process with SIGSEGV before writing anything (a plugin bug on one record);
//  - "answer_delay_ms": K sleeps after the records are stored and before answering: the
//    ERP has created the order but the host has not heard, the window exactly-once guards.
//  - a payment provider: settlements.read pages through settlements.json; an ERP:
//    vouchers.write keeps vouchers in written-vouchers.json, finding one by its
//    "reference" before writing; "vouchers": false makes it an ERP without vouchers.

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <skarv/plugin.hpp>
#include <skarv/protocol.hpp>
#include <skarv/records.hpp>

namespace fs = std::filesystem;

class FileSystem : public skarv::Plugin {
public:
    FileSystem(const boost::json::object& config, skarv::HostServices host) : Plugin(host) {
        skarv::JsonReader r(config, "config");
        dir_ = r.string("dir");
        write_delay_ms_ = r.integer_or("write_delay_ms", 0);
        if (auto* per = config.if_contains("write_delay_ms_for"); per && per->is_object())
            for (const auto& [entity, ms] : per->get_object())
                if (ms.is_int64()) entity_delay_ms_[std::string(entity)] = ms.get_int64();
        answer_delay_ms_ = r.integer_or("answer_delay_ms", 0);
        takes_vouchers_ = !r.has("vouchers") || r.value("vouchers").as_bool();
        push_auth_ = r.string_or("push_auth", "");
        flaky_budget_file_ = fs::path(dir_) / "flaky-left.txt";
        if (r.has("flaky_writes") && !fs::exists(flaky_budget_file_))
            save_text(flaky_budget_file_, std::to_string(r.integer("flaky_writes")));
        if (r.has("fail_skus"))
            for (const auto& s : r.value("fail_skus").as_array()) fail_skus_.push_back(std::string(s.as_string()));
        if (r.has("crash_skus"))
            for (const auto& s : r.value("crash_skus").as_array()) crash_skus_.push_back(std::string(s.as_string()));
    }

    boost::json::value check() override { return {{"ok", fs::is_directory(dir_)}, {"dir", dir_}}; }

    boost::json::value call(const std::string& op, const boost::json::object& request) override {
        auto dot = op.find('.');
        if (dot == std::string::npos) throw skarv::PluginError::unsupported(op);
        auto entity = op.substr(0, dot), verb = op.substr(dot + 1);
        if (verb == "read") return read(entity, request);
        if (verb == "find") return find(request);
        if (verb == "write") return write(entity, request);
        if (verb == "ack") return boost::json::object{};
        if (verb == "parse_push") return parse_push(request);
        throw skarv::PluginError::unsupported(op);
    }

private:
    // Source side: <entity>.json is an array; the cursor is the index of the next record.
    boost::json::value read(const std::string& entity, const boost::json::object& request) {
        auto all = load(fs::path(dir_) / (entity + ".json"));
        int64_t from = request.contains("cursor") && request.at("cursor").is_int64() ? request.at("cursor").as_int64() : 0;
        if (request.contains("initial")) from = 0;
        int64_t limit = request.contains("limit") ? request.at("limit").as_int64() : 100;
        boost::json::array page;
        int64_t i = from;
        for (; i < static_cast<int64_t>(all.size()) && static_cast<int64_t>(page.size()) < limit; ++i) page.push_back(all[i]);
        return {{"records", page}, {"cursor", i}, {"more", i < static_cast<int64_t>(all.size())}};
    }

    boost::json::value find(const boost::json::object& request) {
        auto id = std::string(request.at("order_id").as_string());
        for (const auto& o : load(written("orders")))
            if (o.at("order_id").as_string() == id) return {{"found", true}, {"target_id", o.at("erp_id")}};
        return {{"found", false}};
    }

    boost::json::value write(const std::string& entity, const boost::json::object& request) {
        if (write_delay_ms_ > 0) std::this_thread::sleep_for(std::chrono::milliseconds(write_delay_ms_));
        if (auto it = entity_delay_ms_.find(entity); it != entity_delay_ms_.end())
            std::this_thread::sleep_for(std::chrono::milliseconds(it->second));
        if (consume_flaky()) {
            throw skarv::PluginError(SKARV_ERR_RETRYABLE, "http_503", "remote answered 503 Service Unavailable");
        }
        auto stored = load(written(entity));
        boost::json::array results;
        const auto& records = request.at("records").as_array();
        if (entity == "orders" && !crash_skus_.empty())
            for (const auto& rec : records)
                for (const auto& l : rec.at("lines").as_array())
                    for (const auto& s : crash_skus_)
                        if (l.at("sku").as_string() == s) std::raise(SIGSEGV);
        for (std::size_t i = 0; i < records.size(); ++i) {
            const auto& rec = records[i];
            if (entity == "orders") {
                auto order = skarv::model::read_order(rec, "records[" + std::to_string(i) + "]");
                bool fails = false;
                for (const auto& l : order.lines)
                    for (const auto& s : fail_skus_) fails = fails || l.sku == s;
                if (fails) {
                    results.push_back({{"index", i}, {"id", order.order_id}, {"outcome", "failed"},
                                       {"error", {{"code", "missing_article"},
                                                  {"message", "order " + order.order_id + ": article does not exist in the ERP"},
                                                  {"retryable", false}}}});
                    continue;
                }
                auto erp_id = "ERP-" + std::to_string(stored.size() + 1);
                auto copy = rec.as_object();
                copy["erp_id"] = erp_id;
                copy["as"] = request.contains("as") ? request.at("as") : boost::json::value("order");
                copy["erp_total_minor"] = order.total_inc_vat().minor();
                stored.push_back(copy);
                save(written(entity), stored);   // durably, before answering: like a real ERP
                results.push_back({{"index", i}, {"id", order.order_id}, {"target_id", erp_id}, {"outcome", "created"}});
            } else if (entity == "vouchers") {
                // As an ERP connector must: look for the payout's key before writing, so a
                // voucher written before a kill is found, not written twice.
                if (!takes_vouchers_) throw skarv::PluginError::unsupported("vouchers.write");
                auto voucher = skarv::model::read_voucher(rec, "records[" + std::to_string(i) + "]");
                auto reference = std::string(rec.at("reference").as_string());
                std::string number;
                for (const auto& v : stored)
                    if (v.at("reference").as_string() == reference) number = std::string(v.at("voucher_no").as_string());
                if (!number.empty()) {
                    results.push_back({{"index", i}, {"target_id", number}, {"outcome", "unchanged"}});
                    continue;
                }
                number = voucher.series + std::to_string(stored.size() + 1);
                auto copy = rec.as_object();
                copy["voucher_no"] = number;
                stored.push_back(copy);
                save(written(entity), stored);
                results.push_back({{"index", i}, {"target_id", number}, {"outcome", "created"}});
            } else {
                stored.push_back(rec);
                results.push_back({{"index", i}, {"outcome", "updated"}});
            }
        }
        if (entity != "orders" && entity != "vouchers") save(written(entity), stored);
        if (answer_delay_ms_ > 0) std::this_thread::sleep_for(std::chrono::milliseconds(answer_delay_ms_));
        return {{"results", results}};
    }

    // A pushed body is a JSON array of canonical orders; "push_auth" in the config is the
    // Authorization header the shop must send.
    boost::json::value parse_push(const boost::json::object& request) {
        if (!push_auth_.empty()) {
            const auto& headers = request.at("headers").as_object();
            auto* auth = headers.if_contains("authorization");
            if (!auth || auth->as_string() != push_auth_) throw skarv::PluginError::auth("push: wrong credentials");
        }
        auto body = skarv::parse_json(std::string(request.at("body").as_string()), "pushed body");
        if (!body.is_array()) throw skarv::PluginError::invalid("bad_push", "pushed body: expected an array of orders");
        for (std::size_t i = 0; i < body.as_array().size(); ++i)
            skarv::model::read_order(body.as_array()[i], "pushed order " + std::to_string(i));
        return {{"records", body}, {"reply", {{"status", 200}, {"content_type", "application/json"},
                                              {"body", R"({"StatusCode":"OK"})"}}}};
    }

    bool consume_flaky() {
        if (!fs::exists(flaky_budget_file_)) return false;
        int left = std::stoi(load_text(flaky_budget_file_));
        if (left <= 0) return false;
        save_text(flaky_budget_file_, std::to_string(left - 1));
        return true;
    }

    fs::path written(const std::string& entity) const { return fs::path(dir_) / ("written-" + entity + ".json"); }

    static std::string load_text(const fs::path& p) {
        std::ifstream in(p);
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    }
    static void save_text(const fs::path& p, const std::string& text) {
        auto tmp = p.string() + ".tmp";
        std::ofstream(tmp) << text;
        fs::rename(tmp, p);   // atomic: a kill never leaves half a file
    }
    static boost::json::array load(const fs::path& p) {
        if (!fs::exists(p)) return {};
        return skarv::parse_json(load_text(p), p.string()).as_array();
    }
    static void save(const fs::path& p, const boost::json::array& a) { save_text(p, boost::json::serialize(a)); }

    std::string dir_;
    int64_t write_delay_ms_ = 0;
    std::map<std::string, int64_t> entity_delay_ms_;
    int64_t answer_delay_ms_ = 0;
    bool takes_vouchers_ = true;
    std::string push_auth_;
    fs::path flaky_budget_file_;
    std::vector<std::string> fail_skus_;
    std::vector<std::string> crash_skus_;
};

SKARV_PLUGIN(FileSystem, "file-system", "0.1.0", SKARV_KIND_CONNECTOR, R"({
  "entities": {"orders": ["read", "write", "find"], "status": ["read", "write"], "products": ["read", "write"],
               "prices": ["read", "write"], "pricelists": ["read", "write"], "stock": ["read", "write"],
               "settlements": ["read"], "vouchers": ["write"]},
  "config_schema": {"type": "object", "required": ["dir"],
    "properties": {"dir": {"type": "string", "minLength": 1}, "fail_skus": {"type": "array", "items": {"type": "string"}},
                   "crash_skus": {"type": "array", "items": {"type": "string"}},
                   "flaky_writes": {"type": "integer", "minimum": 0}, "write_delay_ms": {"type": "integer", "minimum": 0},
                   "write_delay_ms_for": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}},
                   "answer_delay_ms": {"type": "integer", "minimum": 0},
                   "vouchers": {"type": "boolean"},
                   "push_auth": {"type": "string", "writeOnly": true}}}
})")
