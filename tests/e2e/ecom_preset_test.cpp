// The `ecom` preset end to end: the shop (Norce) leads. Specter starts without a single
// article; after the passes it holds the shop's products with their variants at the
// shop's prices, every released order once with the shop's total, and the shop shows
// what Specter did with each order.
#include <gtest/gtest.h>

#include "e2e_fixture.hpp"

using namespace skarv::e2e;

TEST(E2eEcom, ShopCatalogueAndOrdersInSpecterStatusBackInNorce) {
    const auto dir = fresh_dir("ecom");
    PushGate gate;
    const auto seed = small_seed();
    auto shop = start_norce(seed, gate.url("butik", 1));
    auto erp = start_specter(seed, /*with_catalogue=*/false);
    ASSERT_TRUE(erp->articles().empty());
    const auto released = released_orders(*shop);
    ASSERT_GE(released.size(), 2u);

    Host host(dir, json::array{connection("butik", "ecom", norce_block(*shop), specter_block(*erp, gate.callback_url("butik", "e2e-callback-secret-0123456789")))}, gate);
    ASSERT_TRUE(pushes_accepted(*shop));
    host.pass();

    // Products: the main article and each variant an article of its own, linked to it,
    // at the shop's price ex VAT to the öre.
    const auto norce = shop->state();
    size_t variants = 0;
    for (const auto& [code, product] : norce.at("products").as_object()) {
        ASSERT_TRUE(erp->article(std::string(code))) << "main article " << code << " not in Specter";
        for (const auto& part_no : product.at("PartNos").as_array()) {
            const std::string sku(part_no.as_string());
            const auto article = erp->article(sku);
            ASSERT_TRUE(article) << "variant " << sku << " not in Specter";
            EXPECT_EQ(article->main_article_no, std::string(code)) << sku;
            EXPECT_EQ(std::optional<int64_t>(article->price_ex_vat), norce_price(norce, sku, "PL-SE")) << sku;
            EXPECT_EQ(article->vat_rate_bp, static_cast<int>(std::lround(norce.at("skus").at(sku).at("VatRate").to_number<double>() * 10000)))
                << sku;
            ++variants;
        }
    }
    EXPECT_EQ(variants, static_cast<size_t>(seed.products * seed.variants_per_product));

    EXPECT_TRUE(specter_holds_exactly(*erp, released));

    // At Specter: deliveries with tracking numbers and invoices; the next pass brings them
    // back to the shop.
    const auto actions = deliver_and_invoice_at_specter(*erp);
    host.pass();
    EXPECT_TRUE(norce_shows(*shop, actions, released));
    // A pass with nothing new changes nothing in Specter.
    host.pass();
    EXPECT_TRUE(specter_holds_exactly(*erp, released));
    remove_unless_failed(dir);
}
