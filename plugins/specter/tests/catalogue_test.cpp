// Point 4: articles with main-article/variant links <-> canonical products with
// variants, base prices, and stock per stock site out of the stock feed, acknowledged
// only in stock.ack.
#include "plugin_fixture.hpp"

using namespace specter_plugin_test;

using SpecterPluginCatalogue = SpecterPluginFixture;

TEST_F(SpecterPluginCatalogue, ProductsReadGroupsVariantsUnderTheirMainArticle) {
    // The seed starts with every article pending on the article-info feed.
    boost::json::value cursor = nullptr;
    std::map<std::string, boost::json::object> products;
    for (int page = 0; page < 10; ++page) {
        auto r = call({{"op", "products.read"}, {"cursor", cursor}, {"limit", 5}});
        ASSERT_TRUE(r.ok()) << r.message();
        EXPECT_EQ(r.document.at("ack"), true);
        for (const auto& p : r.document.at("records").as_array()) {
            auto product = skarv::model::read_product(p);   // canonical
            products[product.article_number] = p.as_object();
        }
        cursor = r.document.at("cursor");
        ASSERT_TRUE(call({{"op", "products.ack"}, {"cursor", cursor}}).ok());
        if (r.document.at("more") != true) break;
    }
    EXPECT_EQ(emu.pending(SpecterFeed::article_info, "1"), 0u);
    EXPECT_FALSE(emu.open_batch(SpecterFeed::article_info, "1"));
    ASSERT_EQ(products.size(), 4u);
    for (const auto& a : emu.articles()) {
        if (!a.main_article_no.empty()) continue;
        const auto& p = products.at(a.article_no);
        EXPECT_EQ(p.at("name"), a.name.c_str());
        EXPECT_EQ(p.at("price_ex_vat").at("minor"), a.price_ex_vat);
        EXPECT_EQ(p.at("vat_rate_bp"), a.vat_rate_bp);
        const auto& variants = p.at("variants").as_array();
        ASSERT_EQ(variants.size(), 2u) << a.article_no;
        for (const auto& v : variants) {
            auto held = emu.article(std::string(v.at("sku").as_string()));
            ASSERT_TRUE(held);
            EXPECT_EQ(held->main_article_no, a.article_no);
            EXPECT_EQ(v.at("price_ex_vat").at("minor"), held->price_ex_vat);
            EXPECT_EQ(v.at("ean"), held->bar_code.c_str());
        }
    }
}

TEST_F(SpecterPluginCatalogue, ProductsAndPricesBothGetEveryArticleChange) {
    // products.read drains Specter's one article-info feed; prices.read must still see
    // every change, and neither reader's ack takes anything from the other.
    auto r = call({{"op", "products.read"}, {"cursor", nullptr}, {"limit", 2}});
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_EQ(r.document.at("more"), true);
    // Handed off durably: Specter's batches are acknowledged, nothing is open.
    EXPECT_FALSE(emu.open_batch(SpecterFeed::article_info, "1"));
    auto first_cursor = r.document.at("cursor");
    // Not acknowledged by the host: the same page comes again.
    auto again = call({{"op", "products.read"}, {"cursor", nullptr}, {"limit", 2}});
    EXPECT_EQ(again.document.at("records"), r.document.at("records"));

    std::map<std::string, int64_t> prices;
    boost::json::value cursor = nullptr;
    for (int page = 0; page < 20; ++page) {
        auto p = call({{"op", "prices.read"}, {"cursor", cursor}, {"limit", 5}});
        ASSERT_TRUE(p.ok()) << p.message();
        for (const auto& rec : p.document.at("records").as_array()) {
            auto price = skarv::model::read_price(rec);
            EXPECT_EQ(price.price_list, "");
            prices[price.sku] = price.price_ex_vat.minor();
        }
        cursor = p.document.at("cursor");
        ASSERT_TRUE(call({{"op", "prices.ack"}, {"cursor", cursor}}).ok());
        if (p.document.at("more") != true) break;
    }
    // Every sellable article's price; a main article with variants is sold as its
    // variants (see PricesOfProductsWithVariantsComePerVariant).
    std::size_t sellable = 0;
    for (const auto& a : emu.articles()) {
        if (!a.keeps_stock) continue;
        ++sellable;
        EXPECT_EQ(prices.at(a.article_no), a.price_ex_vat) << a.article_no;
    }
    EXPECT_EQ(prices.size(), sellable);

    // The products reader still has its own queue from where the host left it.
    auto resumed = call({{"op", "products.read"}, {"cursor", first_cursor}, {"limit", 2}});
    EXPECT_EQ(resumed.document.at("records"), r.document.at("records"));
    ASSERT_TRUE(call({{"op", "products.ack"}, {"cursor", resumed.document.at("cursor")}}).ok());
    auto next = call({{"op", "products.read"}, {"cursor", resumed.document.at("cursor")}, {"limit", 2}});
    EXPECT_NE(next.document.at("records"), r.document.at("records"));
}

namespace {
// Drains prices.read, acknowledging each page as the host would: sku -> öre.
std::map<std::string, int64_t> read_all_prices(PluginInstance& plugin, boost::json::value& cursor) {
    std::map<std::string, int64_t> prices;
    for (int page = 0; page < 50; ++page) {
        auto p = plugin.call({{"op", "prices.read"}, {"cursor", cursor}, {"limit", 2}});
        EXPECT_TRUE(p.ok()) << p.message();
        if (!p.ok()) break;
        for (const auto& rec : p.document.at("records").as_array()) {
            auto price = skarv::model::read_price(rec);
            EXPECT_EQ(prices.count(price.sku), 0u) << price.sku << " twice";
            prices[price.sku] = price.price_ex_vat.minor();
        }
        cursor = p.document.at("cursor");
        EXPECT_TRUE(plugin.call({{"op", "prices.ack"}, {"cursor", cursor}}).ok());
        if (p.document.at("more") != true) break;
    }
    return prices;
}
}  // namespace

TEST_F(SpecterPluginCatalogue, PricesOfProductsWithVariantsComePerVariant) {
    // A main article with variants is no SKU in a shop: Norce refuses its price (the
    // demo's dead letters). Specter batches of two split each main article from its
    // variants, so the link is known only from a later batch.
    auto options = emulator_options();
    options.response_max_limit = 2;
    SpecterEmulator small{options};
    small.start();
    auto cfg = config();
    cfg["base_url"] = small.base_url();
    plugin = make(cfg);

    boost::json::value cursor = nullptr;
    auto prices = read_all_prices(*plugin, cursor);
    std::size_t sellable = 0;
    for (const auto& a : small.articles()) {
        if (!a.keeps_stock) {
            EXPECT_EQ(prices.count(a.article_no), 0u) << "main article " << a.article_no << " priced";
            continue;
        }
        ++sellable;
        ASSERT_EQ(prices.count(a.article_no), 1u) << a.article_no;
        EXPECT_EQ(prices.at(a.article_no), a.price_ex_vat) << a.article_no;
    }
    EXPECT_EQ(prices.size(), sellable);
    EXPECT_EQ(small.pending(SpecterFeed::article_info, "1"), 0u);

    // Later, in Specter: the main article's price and one variant's change. Only the
    // variant's price comes, to the öre.
    std::string main, variant;
    for (const auto& a : small.articles())
        if (!a.main_article_no.empty()) main = a.main_article_no, variant = a.article_no;
    small.set_article_price(main, 11111);
    small.set_article_price(variant, 12345);
    prices = read_all_prices(*plugin, cursor);
    EXPECT_EQ(prices, (std::map<std::string, int64_t>{{variant, 12345}}));
}

TEST_F(SpecterPluginCatalogue, PricesSkipAMainArticleTheConnectorWroteWithVariants) {
    // ecom flow: the shop's product went in with products.write; Specter does not echo
    // it, so only the connector knows B2001 has variants when a Specter user reprices it.
    boost::json::object product{
        {"article_number", "B2001"}, {"name", "Tröja"}, {"vat_rate_bp", 2500}, {"price_ex_vat", money(39920)},
        {"variants", {{{"sku", "B2001-S"}, {"attributes", {{"Storlek", "S"}}}},
                      {{"sku", "B2001-M"}, {"attributes", {{"Storlek", "M"}}}}}}};
    ASSERT_TRUE(call({{"op", "products.write"}, {"records", {product}}}).ok());
    boost::json::value cursor = nullptr;
    read_all_prices(*plugin, cursor);   // the seed's
    emu.set_article_price("B2001", 44900);
    emu.set_article_price("B2001-M", 43920);
    EXPECT_EQ(read_all_prices(*plugin, cursor), (std::map<std::string, int64_t>{{"B2001-M", 43920}}));
}

TEST_F(SpecterPluginCatalogue, ProductsWriteCreatesMainAndVariantArticles) {
    boost::json::object product{
        {"article_number", "B2001"},
        {"name", "Tröja Ull"},
        {"vat_rate_bp", 2500},
        {"price_ex_vat", money(39920)},
        {"variants", {{{"sku", "B2001-S"}, {"name", "Tröja Ull - Blå - S"}, {"attributes", {{"Färg", "Blå"}, {"Storlek", "S"}}},
                       {"ean", "7300000000017"}},
                      {{"sku", "B2001-M"}, {"attributes", {{"Färg", "Blå"}, {"Storlek", "M"}}}, {"price_ex_vat", money(43920)}}}}};
    auto r = call({{"op", "products.write"}, {"records", {product}}});
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_EQ(r.document.at("results").at(0).at("outcome"), "created");
    auto main = emu.article("B2001");
    ASSERT_TRUE(main);
    EXPECT_EQ(main->name, "Tröja Ull");
    EXPECT_EQ(main->price_ex_vat, 39920);
    EXPECT_FALSE(main->keeps_stock);
    auto s = emu.article("B2001-S");
    ASSERT_TRUE(s);
    EXPECT_EQ(s->main_article_no, "B2001");
    EXPECT_EQ(s->bar_code, "7300000000017");
    EXPECT_EQ(s->price_ex_vat, 39920);
    auto m = emu.article("B2001-M");
    ASSERT_TRUE(m);
    EXPECT_EQ(m->name, "Tröja Ull - Blå - M");
    EXPECT_EQ(m->price_ex_vat, 43920);

    product["name"] = "Tröja Merinoull";
    r = call({{"op", "products.write"}, {"records", {product}}});
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_EQ(r.document.at("results").at(0).at("outcome"), "updated");
    EXPECT_EQ(emu.article("B2001")->name, "Tröja Merinoull");

    auto euro = product;
    euro["price_ex_vat"] = money(3990, "EUR");
    r = call({{"op", "products.write"}, {"records", {euro}}});
    EXPECT_EQ(r.document.at("results").at(0).at("outcome"), "failed");
}

// An article number Specter does not accept (Abicart: no å/ä/ö, &, %, ¤, #, €, spaces or
// commas) fails that product alone, naming it and the character, before any call.
TEST_F(SpecterPluginCatalogue, AnArticleNumberSpecterRefusesFailsThatProductAlone) {
    auto articles_before = emu.articles().size();
    boost::json::object bad{{"article_number", "B3001"}, {"name", "Mössa"}, {"vat_rate_bp", 2500},
                            {"price_ex_vat", money(9920)},
                            {"variants", {{{"sku", "B3001 RÖD"}, {"attributes", {{"Färg", "Röd"}}}}}}};
    boost::json::object good{{"article_number", "B3002"}, {"name", "Halsduk"}, {"vat_rate_bp", 2500},
                             {"price_ex_vat", money(19920)}};
    auto r = call({{"op", "products.write"}, {"records", {bad, good}}});
    ASSERT_TRUE(r.ok()) << r.message();
    const auto& results = r.document.at("results").as_array();
    EXPECT_EQ(results.at(0).at("outcome"), "failed");
    auto message = std::string(results.at(0).at("error").at("message").as_string());
    EXPECT_NE(message.find("product B3001"), std::string::npos) << message;
    EXPECT_NE(message.find("article number 'B3001 RÖD' contains"), std::string::npos) << message;
    EXPECT_EQ(results.at(1).at("outcome"), "created");
    EXPECT_FALSE(emu.article("B3001"));
    EXPECT_TRUE(emu.article("B3002"));
    EXPECT_EQ(emu.articles().size(), articles_before + 1);
}

// combo: the shop leads articles, Specter leads prices. The host sends keep_prices, so a
// price changed in Specter survives the shop's next product write, while new articles
// (a new variant, a new product) are created with the shop's price.
TEST_F(SpecterPluginCatalogue, KeepPricesLeavesAnExistingArticlesPriceAsSpecterHasIt) {
    boost::json::object product{
        {"article_number", "B2001"},
        {"name", "Tröja Ull"},
        {"vat_rate_bp", 2500},
        {"price_ex_vat", money(39920)},
        {"variants", {{{"sku", "B2001-S"}, {"attributes", {{"Storlek", "S"}}}},
                      {{"sku", "B2001-M"}, {"attributes", {{"Storlek", "M"}}}, {"price_ex_vat", money(43920)}}}}};
    ASSERT_TRUE(call({{"op", "products.write"}, {"records", {product}}}).ok());
    emu.set_article_price("B2001", 41000);     // changed by a Specter user
    emu.set_article_price("B2001-M", 45050);

    product["name"] = "Tröja Merinoull";
    product["variants"].as_array().push_back({{"sku", "B2001-L"}, {"attributes", {{"Storlek", "L"}}}, {"price_ex_vat", money(47920)}});
    boost::json::object fresh{{"article_number", "C3001"}, {"name", "Mössa"}, {"vat_rate_bp", 2500}, {"price_ex_vat", money(15920)}};
    auto r = call({{"op", "products.write"}, {"records", {product, fresh}}, {"keep_prices", true}});
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_EQ(r.document.at("results").at(0).at("outcome"), "updated");
    EXPECT_EQ(r.document.at("results").at(1).at("outcome"), "created");
    EXPECT_EQ(emu.article("B2001")->name, "Tröja Merinoull");   // the shop's other fields still win
    EXPECT_EQ(emu.article("B2001-S")->name, "Tröja Merinoull - S");
    EXPECT_EQ(emu.article("B2001")->price_ex_vat, 41000);
    EXPECT_EQ(emu.article("B2001-M")->price_ex_vat, 45050);
    EXPECT_EQ(emu.article("B2001-S")->price_ex_vat, 39920);
    auto l = emu.article("B2001-L");
    ASSERT_TRUE(l);
    EXPECT_EQ(l->price_ex_vat, 47920);
    EXPECT_EQ(l->main_article_no, "B2001");
    auto c = emu.article("C3001");
    ASSERT_TRUE(c);
    EXPECT_EQ(c->price_ex_vat, 15920);
    EXPECT_EQ(c->name, "Mössa");

    // Without the flag (the shop leads prices too) the shop's prices win again.
    r = call({{"op", "products.write"}, {"records", {product}}});
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_EQ(emu.article("B2001")->price_ex_vat, 39920);
    EXPECT_EQ(emu.article("B2001-M")->price_ex_vat, 43920);
}

TEST_F(SpecterPluginCatalogue, PricesWriteSetsTheBasePriceAndRefusesPriceLists) {
    auto sku = stock_articles()[0];
    auto r = call({{"op", "prices.write"},
                   {"records", {{{"sku", sku}, {"price_list", ""}, {"price_ex_vat", money(12345)}},
                                {{"sku", sku}, {"price_list", "B2B-GOLD"}, {"price_ex_vat", money(9900)}}}}});
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_EQ(r.document.at("results").at(0).at("outcome"), "updated");
    EXPECT_EQ(r.document.at("results").at(1).at("outcome"), "failed");
    EXPECT_EQ(emu.article(sku)->price_ex_vat, 12345);
}

TEST_F(SpecterPluginCatalogue, StockSitesAreSummedAndAcknowledgedOnlyInStockAck) {
    // Drain the seed's pending stock first.
    boost::json::value cursor = nullptr;
    for (int page = 0; page < 10; ++page) {
        auto r = call({{"op", "stock.read"}, {"cursor", cursor}, {"limit", 100}});
        ASSERT_TRUE(r.ok()) << r.message();
        cursor = r.document.at("cursor");
        ASSERT_TRUE(call({{"op", "stock.ack"}, {"cursor", cursor}}).ok());
        if (r.document.at("more") != true) break;
    }
    ASSERT_EQ(emu.pending(SpecterFeed::stock, "1"), 0u);

    auto sku = stock_articles()[0];
    emu.set_stock(sku, "LAGER1", 17);
    emu.set_stock(sku, "LAGER2", 5);
    auto r = call({{"op", "stock.read"}, {"cursor", cursor}, {"limit", 100}});
    ASSERT_TRUE(r.ok()) << r.message();
    const auto& records = r.document.at("records").as_array();
    // One record: the sites summed as Prestaworks does, named after the configured site.
    ASSERT_EQ(records.size(), 1u) << boost::json::serialize(r.document);
    auto level = skarv::model::read_stock_level(records[0]);
    EXPECT_EQ(level.sku, sku);
    EXPECT_EQ(level.warehouse, "LAGER1");
    EXPECT_EQ(level.available, 17 + 5);
    EXPECT_EQ(emu.pending(SpecterFeed::stock, "1"), 1u) << "not acknowledged before stock.ack";
    ASSERT_TRUE(call({{"op", "stock.ack"}, {"cursor", r.document.at("cursor")}}).ok());
    EXPECT_EQ(emu.pending(SpecterFeed::stock, "1"), 0u);
}

// With stock_sites (for stock profiles), each unnamed <stock> is reported as the site at
// its position; a feed with another number of sites fails the read, saying so.
TEST_F(SpecterPluginCatalogue, StockSitesNamedInConfigAreReportedApart) {
    auto cfg = config();
    cfg["stock_sites"] = boost::json::array{"LAGER1", "LAGER2"};
    plugin = make(cfg);
    boost::json::value cursor = nullptr;
    for (int page = 0; page < 10; ++page) {
        auto r = call({{"op", "stock.read"}, {"cursor", cursor}, {"limit", 100}});
        ASSERT_TRUE(r.ok()) << r.message();
        cursor = r.document.at("cursor");
        ASSERT_TRUE(call({{"op", "stock.ack"}, {"cursor", cursor}}).ok());
        if (r.document.at("more") != true) break;
    }
    auto sku = stock_articles()[0];
    emu.set_stock(sku, "LAGER1", 17);
    emu.set_stock(sku, "LAGER2", 5);
    auto r = call({{"op", "stock.read"}, {"cursor", cursor}, {"limit", 100}});
    ASSERT_TRUE(r.ok()) << r.message();
    std::map<std::string, int64_t> by_site;
    for (const auto& rec : r.document.at("records").as_array()) {
        auto level = skarv::model::read_stock_level(rec);
        if (level.sku == sku) by_site[level.warehouse] = level.available;
    }
    EXPECT_EQ(by_site, (std::map<std::string, int64_t>{{"LAGER1", 17}, {"LAGER2", 5}}));
    ASSERT_TRUE(call({{"op", "stock.ack"}, {"cursor", r.document.at("cursor")}}).ok());

    cfg["stock_sites"] = boost::json::array{"LAGER1"};
    auto wrong = make(cfg, "one-site");
    emu.set_stock(sku, "LAGER1", 3);
    auto refused = wrong->call({{"op", "stock.read"}, {"cursor", nullptr}, {"limit", 100}});
    EXPECT_EQ(refused.status, SKARV_ERR_INVALID);
    EXPECT_NE(refused.message().find("stock_sites names 1"), std::string::npos) << refused.message();
}

TEST_F(SpecterPluginCatalogue, StockWriteIsUnsupported) {
    auto r = call({{"op", "stock.write"}, {"records", {{{"sku", "A1001-1"}, {"warehouse", "LAGER1"}, {"on_hand", 3}}}}});
    EXPECT_EQ(r.status, SKARV_ERR_UNSUPPORTED);
}

// The product cache (state "product/<main>") keeps neither the article number, which its
// key names, nor fields at their defaults; a variant's change read from it is the same
// product as before, with the new price. A cache as older builds stored it (every field)
// reads the same (issue #14: the state file at 50,000 products).
TEST_F(SpecterPluginCatalogue, AProductRebuiltFromItsCompactOrOlderCacheIsTheSameProduct) {
    auto r = call({{"op", "products.read"}, {"cursor", nullptr}, {"limit", 100}});
    ASSERT_TRUE(r.ok()) << r.message();
    std::map<std::string, boost::json::object> first;
    for (const auto& p : r.document.at("records").as_array()) first[std::string(p.at("article_number").as_string())] = p.as_object();
    ASSERT_TRUE(call({{"op", "products.ack"}, {"cursor", r.document.at("cursor")}}).ok());
    ASSERT_GE(first.size(), 2u);

    const std::string compact_main = first.begin()->first, older_main = std::next(first.begin())->first;
    const std::string cache_key = "specter-erp/product/" + compact_main;
    ASSERT_TRUE(state.values.contains(cache_key));
    EXPECT_EQ(state.values.at(cache_key).find("article_number"), std::string::npos) << state.values.at(cache_key);
    EXPECT_EQ(state.values.at(cache_key).find("\"active\""), std::string::npos) << state.values.at(cache_key);
    // What a build before this one stored for the other product.
    state.values["specter-erp/product/" + older_main] =
        boost::json::serialize(boost::json::object{{"product", first.at(older_main)}, {"main_seen", true}});

    for (const auto& main : {compact_main, older_main}) {
        auto expected = first.at(main);
        auto& variant = expected.at("variants").as_array().at(1).as_object();
        const std::string sku(variant.at("sku").as_string());
        emu.set_article_price(sku, 43210);
        variant["price_ex_vat"] = money(43210);

        auto again = call({{"op", "products.read"}, {"cursor", nullptr}, {"limit", 100}});
        ASSERT_TRUE(again.ok()) << again.message();
        const auto& records = again.document.at("records").as_array();
        ASSERT_EQ(records.size(), 1u) << main;
        EXPECT_EQ(records[0].as_object(), expected) << main << ": " << boost::json::serialize(records[0]);
        ASSERT_TRUE(call({{"op", "products.ack"}, {"cursor", again.document.at("cursor")}}).ok());
    }
}
