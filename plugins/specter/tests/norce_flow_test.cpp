// Point 4 end to end: the Specter plugin and the Norce (Jetshop) plugin in the host's
// own pipeline (SyncRunner, erp flow), each against its emulator over HTTP. Products
// with variants, their prices and Specter's price lists must arrive in Norce per SKU,
// to the öre, with no dead letter (the demo's butik-erp used to park 12 main-article
// prices that Norce has no SKU for).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "skarv/host/flow/sync_runner.hpp"
#include "skarv/sandbox/jetshop_emulator.hpp"
#include "skarv/sandbox/specter_emulator.hpp"

namespace fs = std::filesystem;
using skarv::sandbox::JetshopEmulator;
using skarv::sandbox::SpecterEmulator;
using skarv::sandbox::SpecterFeed;

namespace {

skarv::sandbox::SeedOptions seed() {
    skarv::sandbox::SeedOptions s;
    s.products = 4;
    s.variants_per_product = 2;
    s.channels = 1;
    s.orders = 0;
    return s;
}

// A Norce amount (a JSON number of currency units) in öre.
int64_t ore(const boost::json::value& v) {
    if (v.is_int64()) return v.get_int64() * 100;
    if (v.is_double()) return std::llround(v.get_double() * 100.0);
    ADD_FAILURE() << "not an amount: " << boost::json::serialize(v);
    return -1;
}

struct SpecterPluginNorceFlow : ::testing::Test {
    SpecterEmulator erp{[] {
        SpecterEmulator::Options o;
        o.seed = seed();   // the same articles as the shop, as in the demo
        o.today = "2026-11-23";
        return o;
    }()};
    JetshopEmulator shop{[] {
        JetshopEmulator::Options o;
        o.seed = seed();
        o.push_seed_orders = false;
        return o;
    }()};
    fs::path root = fs::temp_directory_path() / ("skarv-specter-norce-" + std::to_string(::getpid()));
    std::ostringstream log;
    skarv::host::Logger logger{log, SKARV_LOG_INFO};

    void SetUp() override {
        erp.start();
        shop.start();
        fs::remove_all(root);
        fs::create_directories(root / "plugins");
        fs::copy_file(SKARV_SPECTER_PLUGIN, root / "plugins" / "specter.so");
        fs::copy_file(SKARV_JETSHOP_PLUGIN, root / "plugins" / "jetshop.so");
    }
    void TearDown() override { fs::remove_all(root); }

    std::string config(bool price_lists) const {
        boost::json::array apps;
        const auto state = shop.state();
        for (const auto& a : state.at("applications").as_array()) {
            const auto& o = a.as_object();
            apps.push_back({{"channel", o.at("ApplicationId")}, {"application_id", o.at("ApplicationId")},
                            {"application_key", o.at("ApplicationKey")}, {"price_list", o.at("PriceListCode")},
                            {"currency", o.at("CurrencyCode")}, {"culture", o.at("CultureCode")},
                            {"sales_area_id", o.at("SalesAreaId")}});
        }
        JetshopEmulator::Options defaults;
        boost::json::object norce{{"plugin", "jetshop"}, {"base_url", shop.base_url()},
                                  {"client_id", defaults.client_id}, {"client_secret", defaults.client_secret},
                                  {"account_id", 1}, {"applications", apps},
                                  {"timeouts", {{"request_ms", 5000}, {"job_wait_ms", 20000}, {"job_poll_ms", 20}}}};
        const auto& o = erp.options();
        boost::json::object specter{{"plugin", "specter"}, {"base_url", erp.base_url()}, {"sbm_id", o.sbm_id},
                                    {"api_user_id", o.api_user_id}, {"api_user_key", o.api_user_key},
                                    {"integration_key", o.integration_key}, {"timeout_ms", 5000},
                                    {"price_lists", price_lists}};
        boost::json::object doc{{"plugin_dirs", {(root / "plugins").string()}},
                                {"state_db", (root / "state.db").string()},
                                {"connections", {{{"name", "butik-erp"}, {"flow", "erp"}, {"shop", norce}, {"erp", specter}}}}};
        auto path = root / "skarv.json";
        std::ofstream(path) << boost::json::serialize(doc);
        return path.string();
    }

    // One pass of one entity; it must have failed nothing.
    void pass(skarv::host::SyncRunner& runner, const std::string& entity) {
        auto reports = runner.pass({std::nullopt, entity}, {});
        ASSERT_EQ(reports.size(), 1u) << entity << "\n" << log.str();
        EXPECT_EQ(reports[0].failed, 0) << entity << ": " << reports[0].errors_json << "\n" << log.str();
        EXPECT_EQ(reports[0].errors_json, "[]") << entity;
    }

    // Norce's price of a SKU in a price list, in öre.
    std::optional<int64_t> norce_price(const std::string& sku, const std::string& list) const {
        auto state = shop.state();
        const auto* s = state.at("skus").as_object().if_contains(sku);
        if (!s) return std::nullopt;
        const auto* p = s->as_object().at("Prices").as_object().if_contains(list);
        if (!p || !p->as_object().if_contains("PriceSale")) return std::nullopt;
        return ore(p->as_object().at("PriceSale"));
    }
    std::string base_list() const {
        return std::string(shop.state().at("applications").at(0).at("PriceListCode").as_string());
    }
};

}  // namespace

TEST_F(SpecterPluginNorceFlow, VariantPricesAndPriceListsReachNorceWithoutDeadLetters) {
    int64_t now = 1'800'000'000'000;
    skarv::host::SyncRunner runner(config(true), logger, [&] { return now; });
    // Specter changes prices first, so Norce's seed prices cannot pass for synced ones.
    for (const auto& a : erp.articles()) erp.set_article_price(a.article_no, a.price_ex_vat + 101);
    pass(runner, "products");
    pass(runner, "pricelists");
    pass(runner, "prices");

    const auto list = base_list();
    int variants = 0;
    for (const auto& a : erp.articles()) {
        if (!a.keeps_stock) continue;   // a main article with variants: no SKU in Norce
        ++variants;
        EXPECT_EQ(norce_price(a.article_no, list), a.price_ex_vat) << a.article_no;
    }
    EXPECT_GT(variants, 0);
    const auto resellers = *erp.price_list("2");
    for (const auto& [sku, price] : resellers.prices) EXPECT_EQ(norce_price(sku, "2"), price) << sku;
    EXPECT_EQ(erp.pending(SpecterFeed::price_lists, "1"), 0u);
    EXPECT_EQ(erp.pending(SpecterFeed::article_info, "1"), 0u);

    // A later change in Specter: a variant's price and one list price, to the öre.
    std::string variant = resellers.prices.begin()->first;
    erp.set_article_price(variant, 33333);
    erp.set_list_price("2", variant, 22221);
    pass(runner, "pricelists");
    pass(runner, "prices");
    EXPECT_EQ(norce_price(variant, list), 33333);
    EXPECT_EQ(norce_price(variant, "2"), 22221);
    EXPECT_EQ(log.str().find(erp.options().integration_key), std::string::npos);
}

TEST_F(SpecterPluginNorceFlow, WithoutThePriceListSwitchNoGuessedCallIsMadeAndNothingFails) {
    int64_t now = 1'800'000'000'000;
    skarv::host::SyncRunner runner(config(false), logger, [&] { return now; });
    pass(runner, "pricelists");
    EXPECT_EQ(erp.pending(SpecterFeed::price_lists, "1"), 1u);
    EXPECT_FALSE(erp.open_batch(SpecterFeed::price_lists, "1"));
    EXPECT_FALSE(norce_price(erp.price_list("2")->prices.begin()->first, "2"));
}
