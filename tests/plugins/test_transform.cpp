// test-transform: a transform for the host's hook tests. Config:
//  {"note": "x"}        keeps every record, setting "note" (orders) to x
//  {"drop_sku": "S"}    drops an order with a line of SKU S, with a reason
//  {"fail_sku": "S"}    fails an order with a line of SKU S
//  {"throw": true}      throws from call; {"garbage": true} answers without results
//  {"sleep_ms": N}      sleeps N ms before answering (to overrun the host's timeout)
//  {"sleep_sku": "S"}   with sleep_ms: sleeps only for a call holding an order with SKU S
//  {"crash_sku": "S", "crash": "segv" | "abort" | "exit"}
//                       a call holding an order with SKU S kills its process that way
//  {"until_cancelled": true} spins until the host's is_cancelled says stop, then answers
//                       "fail" for every record (the promise of docs/transforms.md);
//                       with "cancelled_marker": "/path" it first creates that file, so a
//                       test sees the plugin really stopped
#include <chrono>
#include <fstream>
#include <csignal>
#include <cstdlib>
#include <thread>

#include <skarv/plugin.hpp>

class TestTransform : public skarv::Plugin {
public:
    TestTransform(const boost::json::object& config, skarv::HostServices host) : Plugin(host), config_(config) {}

    boost::json::value call(const std::string& op, const boost::json::object& request) override {
        if (op != "transform") throw skarv::PluginError::unsupported(op);
        skarv::JsonReader c(config_, "config");
        if (c.boolean_or("throw", false)) throw std::runtime_error("transform blew up");
        if (c.boolean_or("garbage", false)) return {{"nonsense", true}};
        const auto& records = request.at("records").as_array();
        if (c.has("crash_sku") && holds_sku(records, c.string("crash_sku"))) {
            auto how = c.string_or("crash", "segv");
            if (how == "abort") std::abort();
            if (how == "exit") std::_Exit(3);
            std::raise(SIGSEGV);
        }
        if (c.boolean_or("until_cancelled", false)) {
            while (!host().cancelled()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
            if (c.has("cancelled_marker")) std::ofstream(c.string("cancelled_marker")) << "cancelled\n";
            boost::json::array failed;
            for (std::size_t i = 0; i < records.size(); ++i)
                failed.push_back({{"index", i}, {"action", "fail"}, {"reason", "not transformed, the host cancelled the call"}});
            return {{"results", failed}};
        }
        if (auto ms = c.integer_or("sleep_ms", 0); ms && (!c.has("sleep_sku") || holds_sku(records, c.string("sleep_sku"))))
            std::this_thread::sleep_for(std::chrono::milliseconds(ms));
        boost::json::array results;
        for (std::size_t i = 0; i < records.size(); ++i) {
            auto record = records[i];
            bool has_drop = false, has_fail = false;
            if (auto* lines = record.as_object().if_contains("lines"))
                for (const auto& l : lines->as_array()) {
                    has_drop = has_drop || (c.has("drop_sku") && l.at("sku").as_string() == c.string("drop_sku"));
                    has_fail = has_fail || (c.has("fail_sku") && l.at("sku").as_string() == c.string("fail_sku"));
                }
            if (has_drop) results.push_back({{"index", i}, {"action", "drop"}, {"reason", "gift card orders are not invoiced"}});
            else if (has_fail) results.push_back({{"index", i}, {"action", "fail"}, {"reason", "no VAT code for this SKU"}});
            else {
                if (c.has("note")) record.as_object()["note"] = c.string("note");
                results.push_back({{"index", i}, {"action", "keep"}, {"record", record}});
            }
        }
        return {{"results", results}};
    }

private:
    static bool holds_sku(const boost::json::array& records, const std::string& sku) {
        for (const auto& r : records)
            if (auto* lines = r.as_object().if_contains("lines"))
                for (const auto& l : lines->as_array())
                    if (l.at("sku").as_string() == sku) return true;
        return false;
    }

    boost::json::object config_;
};

SKARV_PLUGIN(TestTransform, "test-transform", "0.1.0", SKARV_KIND_TRANSFORM, R"({"hooks": ["order.before_write"],
  "config_schema": {"type": "object"}})")
