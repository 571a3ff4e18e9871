#pragma once
// The Specter plugin loaded from its built file (specter.so) into the host's loader,
// talking to the Specter emulator started in-process on a free port. Tests assert on
// the plugin's answers and on what the emulator holds afterwards.

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include <skarv/records.hpp>

#include "skarv/host/runtime/memory_plugin_state.hpp"
#include "skarv/host/loader/plugin_instance.hpp"
#include "skarv/host/loader/plugin_loader.hpp"
#include "skarv/sandbox/specter_emulator.hpp"

namespace specter_plugin_test {

using skarv::host::CallResult;
using skarv::host::PluginInstance;
using skarv::sandbox::SpecterEmulator;
using skarv::sandbox::SpecterFeed;

// A JSON string as std::string, for comparing with the emulator's values.
inline std::string str(const boost::json::value& v) {
    return v.is_string() ? std::string(v.get_string()) : boost::json::serialize(v);
}

using MemoryState = skarv::host::MemoryPluginState;

inline SpecterEmulator::Options emulator_options() {
    SpecterEmulator::Options o;
    o.seed.products = 4;
    o.seed.variants_per_product = 2;
    o.seed.channels = 2;
    o.today = "2026-11-23";
    return o;
}

inline skarv::host::PluginModulePtr specter_module() {
    auto r = skarv::host::PluginLoader::load_file(SKARV_SPECTER_PLUGIN);
    EXPECT_TRUE(r.loaded()) << r.refusal;
    return r.module;
}

struct SpecterPluginFixture : ::testing::Test {
    SpecterEmulator emu{emulator_options()};
    MemoryState state;
    std::vector<std::string> log_lines;
    std::unique_ptr<PluginInstance> plugin;

    void SetUp() override {
        emu.start();
        plugin = make(config());
    }

    boost::json::object config() const {
        const auto& o = emu.options();
        return {{"base_url", emu.base_url()},
                {"sbm_id", o.sbm_id},
                {"api_user_id", o.api_user_id},
                {"api_user_key", o.api_user_key},
                {"integration_key", o.integration_key},
                {"webshops", {{"1", "1"}, {"2", "2"}}},
                {"stock_site", "LAGER1"},
                {"timeout_ms", 3000}};
    }

    std::unique_ptr<PluginInstance> make(const boost::json::object& cfg, const std::string& name = "specter-erp") {
        auto c = std::make_shared<skarv::host::HostContext>();
        c->instance_name = name;
        c->log = [this](skarv_log_level, std::string_view source, std::string_view msg) {
            log_lines.push_back(std::string(source) + ": " + std::string(msg));
        };
        c->clock = [] { return int64_t{1795427200000}; };   // 2026-11-23, fixed
        c->state = &state;
        return std::make_unique<PluginInstance>(specter_module(), name, cfg, c);
    }

    CallResult call(const boost::json::object& request) { return plugin->call(request); }

    // Article numbers that keep stock (variants), for order lines.
    std::vector<std::string> stock_articles() const {
        std::vector<std::string> out;
        for (const auto& a : emu.articles())
            if (a.keeps_stock) out.push_back(a.article_no);
        return out;
    }

    static boost::json::object money(int64_t minor, const std::string& currency = "SEK") {
        return {{"minor", minor}, {"currency", currency}};
    }

    // A shop order: one line per (sku, quantity, unit price inc VAT, VAT bp).
    struct Line {
        std::string sku;
        int64_t quantity;
        int64_t unit_inc_vat;
        int vat_bp = 2500;
        int64_t discount = 0;
    };
    boost::json::object order(const std::string& id, const std::vector<Line>& lines, int channel = 1,
                              std::optional<int64_t> freight = std::nullopt) const {
        boost::json::array ls;
        for (const auto& l : lines)
            ls.push_back({{"sku", l.sku}, {"name", "Vara " + l.sku}, {"quantity", l.quantity},
                          {"unit_price_inc_vat", money(l.unit_inc_vat)}, {"vat_rate_bp", l.vat_bp},
                          {"discount_inc_vat", money(l.discount)}});
        boost::json::object o{{"order_id", id},
                               {"channel", channel},
                               {"currency", "SEK"},
                               {"customer", {{"customer_number", "C-" + id},
                                             {"type", "person"},
                                             {"first_name", "Åsa"},
                                             {"last_name", "Öberg"},
                                             {"email", "asa.oberg+" + id + "@example.se"},
                                             {"billing", {{"name", "Åsa Öberg"}, {"street", "Storgatan 1"},
                                                          {"postal_code", "11122"}, {"city", "Malmö"}, {"country", "SE"}}}}},
                               {"lines", std::move(ls)},
                               {"payment", {{"method", "klarna"}, {"reference", "klarna-" + id}, {"amount", money(0)}}}};
        if (freight) o["shipping"] = {{"method", "postnord-ombud"}, {"carrier", "PostNord"},
                                      {"price_inc_vat", money(*freight)}, {"vat_rate_bp", 2500}};
        return o;
    }

    CallResult write_orders(const boost::json::array& records, const std::string& as = "") {
        boost::json::object req{{"op", "orders.write"}, {"records", records}};
        if (!as.empty()) req["as"] = as;
        return call(req);
    }

    // The canonical total as the SDK computes it (the emulator must hold the same).
    static int64_t canonical_total(const boost::json::object& order) {
        return skarv::model::read_order(order).total_inc_vat().minor();
    }

    std::string all_text(const CallResult& r) const { return boost::json::serialize(r.document); }
    // None of the secrets, and no key, may appear in `text`.
    void expect_no_secrets(const std::string& text) const {
        const auto& o = emu.options();
        EXPECT_EQ(text.find(o.api_user_key), std::string::npos) << text;
        EXPECT_EQ(text.find(o.integration_key), std::string::npos) << text;
        EXPECT_EQ(text.find("key="), std::string::npos) << text;
        EXPECT_EQ(text.find("?"), std::string::npos) << text;   // never a URL with its query
    }
};

}  // namespace specter_plugin_test
