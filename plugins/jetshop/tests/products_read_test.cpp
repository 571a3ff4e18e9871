// Point 5: products with variants come in from Query's Products (shop-led flows), all
// of them on an initial read, then only what changed since the cursor. Products/Products
// is variant-grain (takk-signs norce_sync.py): one row per variant, the parent in
// Products/Variants; prices from Products/ProductSkuPriceLists on the application's
// primary list.
#include <set>

#include <skarv/records.hpp>

#include "plugin_fixture.hpp"

using namespace jetshop_test;

using JetshopPluginProductsRead = Fixture;

TEST_F(JetshopPluginProductsRead, InitialReadReturnsEveryProductWithItsVariants) {
    auto cfg = config();
    cfg["query_page_size"] = 2;   // nextLink is followed
    auto plugin = instance(cfg);
    auto r = plugin->call(json::object{{"op", "products.read"}, {"initial", true}, {"limit", 1000}});
    ASSERT_TRUE(r.ok()) << r.message();
    const auto products = state_object("products");
    const auto skus = state_object("skus");
    const auto& records = r.document.at("records").as_array();
    ASSERT_EQ(records.size(), products.size());
    for (const auto& rec : records) {
        auto p = skarv::model::read_product(rec);   // a valid canonical record
        ASSERT_TRUE(products.contains(p.article_number)) << p.article_number;
        EXPECT_EQ(p.name, products.at(p.article_number).at("Cultures").at(0).at("Name").as_string());
        std::set<std::string> want, got;
        for (const auto& pn : products.at(p.article_number).at("PartNos").as_array()) want.insert(std::string(pn.as_string()));
        for (const auto& v : p.variants) {
            got.insert(v.sku);
            const auto& s = skus.at(v.sku);
            EXPECT_EQ(v.ean.value_or(""), s.at("EanCode").as_string()) << v.sku;
            ASSERT_TRUE(v.price_ex_vat.has_value()) << v.sku;
            EXPECT_EQ(v.price_ex_vat->minor(), ore(s.at("Prices").at("PL-SE").at("PriceSale"))) << v.sku;
        }
        if (p.variants.empty()) got.insert(p.article_number);   // the article is its own SKU
        EXPECT_EQ(want, got) << p.article_number;
        EXPECT_EQ(p.vat_rate_bp, std::lround(skus.at(*want.begin()).at("VatRate").to_number<double>() * 10000));
    }
    EXPECT_FALSE(r.document.at("more").as_bool());
}

TEST_F(JetshopPluginProductsRead, LaterReadsReturnOnlyWhatChangedSinceTheCursor) {
    auto plugin = instance();
    auto first = plugin->call(json::object{{"op", "products.read"}, {"cursor", nullptr}, {"limit", 1000}});
    ASSERT_TRUE(first.ok()) << first.message();
    auto none = plugin->call(json::object{{"op", "products.read"}, {"cursor", first.document.at("cursor")}, {"limit", 1000}});
    ASSERT_TRUE(none.ok()) << none.message();
    EXPECT_TRUE(none.document.at("records").as_array().empty());
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));   // Updated has whole seconds
    auto w = plugin->call(json::object{
        {"op", "products.write"},
        {"records", json::array{json::object{{"article_number", "N500"}, {"name", "Nyhet"},
                                             {"variants", json::array{json::object{{"sku", "N500-1"}, {"name", "Nyhet röd"},
                                                                                   {"attributes", json::object{{"Färg", "Röd"}}}}}}}}}});
    ASSERT_TRUE(w.ok()) << w.message();
    auto changed = plugin->call(json::object{{"op", "products.read"}, {"cursor", none.document.at("cursor")}, {"limit", 1000}});
    ASSERT_TRUE(changed.ok()) << changed.message();
    const auto& records = changed.document.at("records").as_array();
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records.at(0).at("article_number"), "N500");
    EXPECT_EQ(records.at(0).at("variants").at(0).at("sku"), "N500-1");
}
