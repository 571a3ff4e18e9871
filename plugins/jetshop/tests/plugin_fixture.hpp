#pragma once
// Loads jetshop.so from its built path through the host's own loader (the way a host
// built without it would), starts the Norce emulator in-process on a free port, and
// gives tests a configured instance plus a view of what the emulator holds.

#include <atomic>
#include <chrono>
#include <cmath>
#include <thread>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "skarv/host/runtime/memory_plugin_state.hpp"
#include "skarv/host/loader/plugin_instance.hpp"
#include "skarv/host/loader/plugin_loader.hpp"
#include "skarv/sandbox/jetshop_emulator.hpp"

namespace jetshop_test {

namespace json = boost::json;
using skarv::host::CallResult;
using skarv::host::PluginInstance;
using skarv::sandbox::FaultKind;
using skarv::sandbox::FaultRule;
using skarv::sandbox::JetshopEmulator;

using MemoryState = skarv::host::MemoryPluginState;

inline skarv::host::PluginModulePtr load_jetshop() {
    auto r = skarv::host::PluginLoader::load_file(SKARV_JETSHOP_PLUGIN);
    EXPECT_TRUE(r.loaded()) << r.refusal;
    return r.module;
}

struct Fixture : ::testing::Test {
    MemoryState host_state;
    std::vector<std::string> log_lines;
    std::mutex log_mu;
    std::shared_ptr<std::atomic<int64_t>> clock = std::make_shared<std::atomic<int64_t>>(1'800'000'000'000);
    std::unique_ptr<JetshopEmulator> emu;

    JetshopEmulator::Options options() {
        JetshopEmulator::Options o;
        o.seed.orders = 40;   // enough for vouchers, line discounts and every status
        o.seed.products = 6;
        o.seed.variants_per_product = 2;
        o.seed.channels = 2;
        return o;
    }
    void start(JetshopEmulator::Options o) {
        emu = std::make_unique<JetshopEmulator>(std::move(o));
        emu->start();
    }
    void SetUp() override { start(options()); }
    void TearDown() override {
        if (emu) emu->stop();
    }

    json::object config() {
        json::array apps;
        for (const auto& a : state_array("applications")) {
            const auto& o = a.as_object();
            apps.push_back(json::object{{"channel", o.at("ApplicationId")},
                                        {"application_id", o.at("ApplicationId")},
                                        {"application_key", o.at("ApplicationKey")},
                                        {"price_list", o.at("PriceListCode")},
                                        {"currency", o.at("CurrencyCode")},
                                        {"culture", o.at("CultureCode")},
                                        {"sales_area_id", o.at("SalesAreaId")}});
        }
        return {{"base_url", emu->base_url()},
                {"client_id", "skarv"},
                {"client_secret", "skarv-secret"},
                {"account_id", 1},
                {"applications", apps},
                {"push", json::object{{"user", "norce"}, {"password", "push-pw"}}},
                {"release_statuses", json::array{"Created", "Confirmed"}},
                {"payment_methods", json::object{{"1", "klarna"}, {"2", "nets"}, {"3", "svea"}}},
                {"timeouts", json::object{{"request_ms", 2000}, {"job_wait_ms", 10000}, {"job_poll_ms", 20}}}};
    }

    std::shared_ptr<skarv::host::HostContext> context(const std::string& name) {
        auto c = std::make_shared<skarv::host::HostContext>();
        c->instance_name = name;
        c->log = [this](skarv_log_level, std::string_view, std::string_view msg) {
            std::lock_guard lock(log_mu);
            log_lines.emplace_back(msg);
        };
        auto clk = clock;
        c->clock = [clk] { return clk->load(); };
        c->state = &host_state;
        return c;
    }

    std::unique_ptr<PluginInstance> instance(const json::object& cfg, const std::string& name = "shop") {
        return std::make_unique<PluginInstance>(load_jetshop(), name, cfg, context(name));
    }
    std::unique_ptr<PluginInstance> instance() { return instance(config()); }

    json::value state() const { return emu->state(); }
    json::value state_of(const char* key) const { return emu->state().as_object().at(key); }
    // By value, so a range-for over them owns what it walks.
    json::object state_object(const char* key) const { return state_of(key).as_object(); }
    json::array state_array(const char* key) const { return state_of(key).as_array(); }

    void fault(FaultKind kind, const std::string& path, int times = 1, int retry_after_s = 1, int latency_ms = 0) {
        FaultRule r;
        r.kind = kind;
        r.path = path;
        r.times = times;
        r.retry_after_s = retry_after_s;
        r.latency_ms = latency_ms;
        // FaultRule's status defaults to 500 even for rate_limit when built in C++.
        if (kind == FaultKind::rate_limit) r.status = 429;
        emu->http().faults().add(r);
    }

    std::string all_logs() {
        std::lock_guard lock(log_mu);
        std::string s;
        for (const auto& l : log_lines) s += l + "\n";
        return s;
    }
};

// A Norce amount in the emulator's state (a JSON number in currency units) in öre.
inline int64_t ore(const json::value& v) {
    if (v.is_int64()) return v.get_int64() * 100;
    return static_cast<int64_t>(std::llround(v.to_number<double>() * 100.0));
}

inline int64_t minor(const json::value& money) { return money.at("minor").as_int64(); }

}  // namespace jetshop_test

namespace jetshop_test {

template <class Pred>
bool wait_until(Pred pred, std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
        if (pred()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return pred();
}

inline const json::array& results_of(const CallResult& r) { return r.document.at("results").as_array(); }

}  // namespace jetshop_test
