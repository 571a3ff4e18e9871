// The `combo` preset end to end against a Visma company (the ADK emulator): the shop
// leads articles, Visma leads prices, price lists and stock. The company starts with one
// product fewer than the shop, and with a price the Visma user changed and a price list
// of its own; afterwards Visma holds every shop variant as a flat article, Norce every
// Visma price to the öre and Visma's stock, Visma every released order once with the
// shop's total, and Norce the deliveries and invoices made in Visma.
#include <gtest/gtest.h>

#include <set>

#include "e2e_fixture.hpp"

using namespace skarv::e2e;

TEST(E2eCombo, ShopArticlesInVismaVismaPricesAndStockInNorce) {
    const auto dir = fresh_dir("combo");
    PushGate gate;
    const auto seed = small_seed();
    auto shop = start_norce(seed, gate.url("butik", 1));
    // The seed draws each product from its own stream: the company has the shop's first
    // products exactly, and not the last one.
    auto company_seed = seed;
    company_seed.products = seed.products - 1;
    const auto company = seed_visma(dir, company_seed);
    const std::string new_product = "A" + std::to_string(1000 + seed.products);
    {
        VismaPriceBook book(company);
        book.set_price("PL-SE", "A1001-1", 12345);
        book.set_article_price("A1001-1", 12345);
        book.add_list("PL-B2B", "Återförsäljare", "SEK");
        book.set_price("PL-B2B", "A1001-1", 9999);
        book.set_price("PL-B2B", "A1002-2", 10001);
    }
    const auto released = released_orders(*shop);
    ASSERT_GE(released.size(), 2u);

    auto visma = visma_block(company);
    visma["price_lists"].as_object()["customer_groups"] = json::object{{"B2B", "PL-B2B"}};
    Host host(dir, json::array{connection("butik", "combo", norce_block(*shop), visma)}, gate);
    ASSERT_TRUE(pushes_accepted(*shop));
    host.pass();
    VismaDesk desk(SKARV_E2E_ADK_LIBRARY, company);
    const auto actions = deliver_and_invoice_at_visma(desk);
    host.pass();

    const auto norce = shop->state();
    // Articles: every shop SKU a Visma article (Visma has no variants), the new product's
    // too, at the shop's price; no article for a product that has variants.
    std::map<std::string, VismaArticle> articles;
    for (auto& a : desk.articles()) articles[a.number] = a;
    size_t skus = 0;
    for (const auto& [code, product] : norce.at("products").as_object()) {
        EXPECT_FALSE(articles.count(std::string(code))) << "product " << code << " with variants became an article";
        for (const auto& part_no : product.at("PartNos").as_array()) {
            const std::string sku(part_no.as_string());
            ASSERT_TRUE(articles.count(sku)) << "SKU " << sku << " is no article in Visma";
            ++skus;
        }
    }
    EXPECT_EQ(skus, static_cast<size_t>(seed.products * seed.variants_per_product));
    for (const char* n : {"-1", "-2"}) {
        const auto sku = new_product + n;
        ASSERT_TRUE(articles.count(sku)) << sku;
        EXPECT_EQ(std::optional<int64_t>(articles.at(sku).price), norce_price(norce, sku, "PL-SE")) << sku;
    }

    // Prices and price lists: Visma's, to the öre, in Norce; the changed one included.
    VismaPriceBook book(company);
    std::set<std::string> lists;
    size_t compared = 0;
    for (const auto& p : book.prices()) {
        lists.insert(p.list);
        EXPECT_EQ(norce_price(norce, p.article, p.list), std::optional<int64_t>(p.price)) << p.list << " " << p.article;
        ++compared;
    }
    EXPECT_GE(compared, static_cast<size_t>(company_seed.products * seed.variants_per_product + 2));
    EXPECT_EQ(norce_price(norce, "A1001-1", "PL-SE"), std::optional<int64_t>(12345));
    // Visma leads prices: the shop's product writes (host sends keep_prices) left the
    // price on the article card that Visma's user set alone.
    EXPECT_EQ(articles.at("A1001-1").price, 12345) << "the shop's products.write overwrote a Visma price";
    EXPECT_EQ(norce_price(norce, "A1002-2", "PL-B2B"), std::optional<int64_t>(10001));
    for (const auto& list : book.lists())
        EXPECT_TRUE(norce.at("price_lists").as_object().contains(list)) << "price list " << list << " not in Norce";

    // Stock: Visma's one figure per article (what can be sold) in Norce's LAGER1.
    for (const auto& [number, a] : articles) {
        if (a.stock_goods) {
            EXPECT_EQ(norce_stock(norce, number, "LAGER1"), a.disposable) << number;
        }
    }

    // Orders: each released order once, its amount before Visma's öresavrundning equal to
    // the shop's total to the öre.
    std::map<std::string, int> seen;
    for (const auto& o : desk.orders()) {
        ++seen[o.shop_order];
        ASSERT_TRUE(released.count(o.shop_order)) << "Visma holds order " << o.shop_order << " the shop did not release";
        EXPECT_EQ(o.gross, released.at(o.shop_order)) << o.shop_order;
    }
    for (const auto& [ref, total] : released) EXPECT_EQ(seen[ref], 1) << "order " << ref << " in Visma";

    EXPECT_TRUE(norce_shows(*shop, actions, released));
    remove_unless_failed(dir);
}
