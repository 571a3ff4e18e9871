#pragma once
// visma.so loaded from its built file into the host's loader and pointed at the ADK
// emulator (libskarv-adk-emulator.so) and a fresh, seeded company per test. The test
// also loads the emulator itself by path to look at the company the way a person at
// Visma would (and to "deliver" or "pay" an order), and to count live ADK structs: no
// test may leave one behind.

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unistd.h>
#include <vector>

#include <boost/dll/shared_library.hpp>
#include <boost/json.hpp>

#include <skarv/records.hpp>

#include "adk_emulator/Adk.h"
#include "skarv/host/runtime/memory_plugin_state.hpp"
#include "skarv/host/loader/plugin_instance.hpp"
#include "skarv/host/loader/plugin_loader.hpp"
#include "skarv/sandbox/visma_adk_seed.hpp"

namespace visma_test {

using skarv::host::CallResult;
using skarv::host::PluginInstance;

#define VISMA_TEST_ADK_FUNCTION(name) decltype(&::name) name = &lib.get<decltype(::name)>(#name)

// The emulator as the tests reach it: the same file the plugin loads, so the same
// process-wide ADK state (one open company, the live-struct counter).
struct Emulator {
    boost::dll::shared_library lib{SKARV_ADK_EMULATOR_PATH, boost::dll::load_mode::rtld_local};
    VISMA_TEST_ADK_FUNCTION(AdkOpen2);
    VISMA_TEST_ADK_FUNCTION(AdkClose);
    VISMA_TEST_ADK_FUNCTION(AdkCreateData);
    VISMA_TEST_ADK_FUNCTION(AdkDeleteStruct);
    VISMA_TEST_ADK_FUNCTION(AdkGetStr);
    VISMA_TEST_ADK_FUNCTION(AdkSetStr);
    VISMA_TEST_ADK_FUNCTION(AdkGetDouble);
    VISMA_TEST_ADK_FUNCTION(AdkSetDouble);
    VISMA_TEST_ADK_FUNCTION(AdkGetBool);
    VISMA_TEST_ADK_FUNCTION(AdkSetBool);
    VISMA_TEST_ADK_FUNCTION(AdkGetData);
    VISMA_TEST_ADK_FUNCTION(AdkAdd);
    VISMA_TEST_ADK_FUNCTION(AdkUpdate);
    VISMA_TEST_ADK_FUNCTION(AdkFind);
    VISMA_TEST_ADK_FUNCTION(AdkFirst);
    VISMA_TEST_ADK_FUNCTION(AdkNext);
    VISMA_TEST_ADK_FUNCTION(AdkSetSortOrder);
    VISMA_TEST_ADK_FUNCTION(AdkSetFilter);
    VISMA_TEST_ADK_FUNCTION(SkarvAdkEmuLiveStructs);
};
#undef VISMA_TEST_ADK_FUNCTION

inline Emulator& emulator() {
    static Emulator instance;
    return instance;
}

// One record of the emulated company, freed when the test is done with it.
class Rec {
public:
    Rec(int db) : p_(emulator().AdkCreateData(db)) {}
    ~Rec() { emulator().AdkDeleteStruct(p_); }
    Rec(const Rec&) = delete;
    Rec& operator=(const Rec&) = delete;
    PADK_DATA get() const { return p_; }
    // Raw bytes as the ADK hands them out: Windows-1252.
    std::string raw(int field) const {
        char buffer[1024] = {0};
        char* out = buffer;
        EXPECT_EQ(emulator().AdkGetStr(p_, field, &out, sizeof buffer).lRc, ADKE_OK) << "AdkGetStr " << field;
        return buffer;
    }
    double dbl(int field) const {
        double v = 0;
        EXPECT_EQ(emulator().AdkGetDouble(p_, field, &v).lRc, ADKE_OK) << "AdkGetDouble " << field;
        return v;
    }
    bool flag(int field) const {
        int v = 0;
        EXPECT_EQ(emulator().AdkGetBool(p_, field, &v).lRc, ADKE_OK) << "AdkGetBool " << field;
        return v != 0;
    }
    // Finds by a text filter; true when there is one.
    bool first_where(int field, const std::string& cp1252_value) {
        EXPECT_EQ(emulator().AdkSetFilter(p_, field, ("=" + cp1252_value).c_str(), 0).lRc, ADKE_OK);
        return emulator().AdkFirst(p_).lRc == ADKE_OK;
    }
    int count_where(int field, const std::string& cp1252_value) {
        int n = 0;
        for (bool ok = first_where(field, cp1252_value); ok; ok = emulator().AdkNext(p_).lRc == ADKE_OK) ++n;
        return n;
    }
    int count_all() {
        int n = 0;
        for (bool ok = emulator().AdkFirst(p_).lRc == ADKE_OK; ok; ok = emulator().AdkNext(p_).lRc == ADKE_OK) ++n;
        return n;
    }

private:
    PADK_DATA p_;
};

using MemoryState = skarv::host::MemoryPluginState;

inline skarv::host::PluginModulePtr visma_module() {
    auto r = skarv::host::PluginLoader::load_file(SKARV_VISMA_PLUGIN);
    EXPECT_TRUE(r.loaded()) << r.refusal;
    return r.module;
}

struct VismaFixture : ::testing::Test {
    std::filesystem::path dir;
    skarv::sandbox::visma_adk::CompanySeedOptions seed;
    skarv::sandbox::SeedData data;
    MemoryState state;
    std::vector<std::string> log_lines;
    std::unique_ptr<PluginInstance> plugin;
    long live_before = 0;

    // Tests that need login activated set these before SetUp seeds.
    virtual void configure_seed() {}

    void SetUp() override {
        static std::atomic<int> counter{0};
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        dir = std::filesystem::temp_directory_path() /
              ("skarv-visma-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" + info->name());
        std::filesystem::remove_all(dir);
        seed.data.seed = 7;
        seed.data.products = 3;
        seed.data.variants_per_product = 2;
        seed.data.orders = 2;
        seed.data.channels = 2;
        configure_seed();
        system_folder = skarv::sandbox::visma_adk::seed_company(company(), seed).system_path;
        data = skarv::sandbox::generate_seed_data(seed.data);
        live_before = emulator().SkarvAdkEmuLiveStructs();
        plugin = make(config());
    }

    void TearDown() override {
        plugin.reset();
        EXPECT_EQ(emulator().SkarvAdkEmuLiveStructs(), live_before) << "an ADK struct was not freed";
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }

    std::string system_folder;   // the "Gemensamma filer" folder the seeder made
    std::string company() const { return (dir / "Ftg").string(); }
    std::string base_list() const { return data.channels.at(0).price_list_code; }

    boost::json::object config() const {
        return {{"adk_library", SKARV_ADK_EMULATOR_PATH},
                {"system_path", system_folder},
                {"company_path", company()},
                {"user", seed.user},
                {"password", seed.password},
                {"price_lists", {{"base", base_list()},
                                 {"channels", {{"1", data.channels.at(0).price_list_code},
                                               {"2", data.channels.at(1).price_list_code}}}}},
                {"stock", {{"warehouse", "VISMA"}}}};
    }

    std::unique_ptr<PluginInstance> make(const boost::json::object& cfg, const std::string& name = "visma-erp") {
        auto c = std::make_shared<skarv::host::HostContext>();
        c->instance_name = name;
        c->log = [this](skarv_log_level, std::string_view source, std::string_view msg) {
            log_lines.push_back(std::string(source) + ": " + std::string(msg));
        };
        c->clock = [] { return int64_t{1795427200000}; };
        c->state = &state;
        return std::make_unique<PluginInstance>(visma_module(), name, cfg, c);
    }

    CallResult call(const boost::json::object& request) { return plugin->call(request); }

    // Opens the company in the emulator for the length of `fn`, as a Visma user would.
    void at_visma(const std::function<void()>& fn) {
        ASSERT_EQ(emulator().AdkOpen2(system_folder.c_str(), company().c_str(), seed.user.c_str(), seed.password.c_str()).lRc, ADKE_OK);
        fn();
        emulator().AdkClose();
    }

    static boost::json::object money(int64_t minor, const std::string& currency = "SEK") {
        return {{"minor", minor}, {"currency", currency}};
    }

    // SKUs of the seeded articles (Visma: one article per variant).
    std::vector<std::string> skus() const {
        std::vector<std::string> out;
        for (const auto& p : data.products)
            for (const auto& v : p.variants) out.push_back(v.sku);
        return out;
    }

    struct Line {
        std::string sku;
        int64_t quantity;
        int64_t unit_inc_vat;
        int vat_bp = 2500;
        int64_t discount = 0;
    };
    boost::json::object order(const std::string& id, const std::vector<Line>& lines, std::optional<int64_t> freight = std::nullopt,
                              const std::string& email = "") const {
        boost::json::array ls;
        for (const auto& l : lines)
            ls.push_back({{"sku", l.sku}, {"name", "Vara " + l.sku}, {"quantity", l.quantity},
                          {"unit_price_inc_vat", money(l.unit_inc_vat)}, {"vat_rate_bp", l.vat_bp},
                          {"discount_inc_vat", money(l.discount)}});
        boost::json::object o{{"order_id", id},
                               {"order_number", id},
                               {"channel", 1},
                               {"currency", "SEK"},
                               {"created_at", "2026-11-23T09:15:00Z"},
                               {"customer", {{"customer_number", "C-" + id},
                                             {"type", "person"},
                                             {"first_name", "Åsa"},
                                             {"last_name", "Öberg"},
                                             {"email", email.empty() ? "asa.oberg+" + id + "@example.se" : email},
                                             {"billing", {{"name", "Åsa Öberg"}, {"street", "Storgatan 1"},
                                                          {"postal_code", "211 22"}, {"city", "Malmö"}, {"country", "SE"}}}}},
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

    static int64_t canonical_total(const boost::json::object& order) {
        return skarv::model::read_order(order).total_inc_vat().minor();
    }
    static const boost::json::object& result(const CallResult& r, std::size_t i) {
        return r.document.at("results").as_array().at(i).as_object();
    }
    static std::string text(const boost::json::value& v) { return std::string(v.as_string()); }
    // The document number from a target id such as "order:3".
    static double doc_number(const std::string& target) { return std::stod(target.substr(target.find(':') + 1)); }
};

}  // namespace visma_test
