// The `erp` preset end to end: Specter leads the catalogue. A product with variants made
// in Specter, a price changed there and stock at two sites reach Norce; orders go the
// other way, once each with the shop's total; status comes back with tracking numbers.
#include <gtest/gtest.h>

#include "e2e_fixture.hpp"

using namespace skarv::e2e;

namespace {

// What a Specter user does in Specter's own screens before Skarv runs.
void edit_catalogue_in_specter(skarv::sandbox::SpecterEmulator& erp) {
    const auto url = erp.base_url();
    post_control(url, "/_specter/control/article",
                 {{"articleNo", "E2E100"}, {"name", "Vinterjacka"}, {"priceExVat", 79920}, {"vatPercent", 25}});
    post_control(url, "/_specter/control/article",
                 {{"articleNo", "E2E100-S"}, {"name", "Vinterjacka S"}, {"priceExVat", 63920}, {"vatPercent", 25},
                  {"mainArticleNo", "E2E100"}});
    post_control(url, "/_specter/control/article",
                 {{"articleNo", "E2E100-M"}, {"name", "Vinterjacka M"}, {"priceExVat", 64013}, {"vatPercent", 25},
                  {"mainArticleNo", "E2E100"}});
    // A seeded variant gets an awkward new price.
    post_control(url, "/_specter/control/article", {{"articleNo", "A1001-1"}, {"priceExVat", 12345}});
    erp.set_stock("E2E100-S", "LAGER1", 5);
    erp.set_stock("E2E100-S", "LAGER2", 2);
    erp.set_stock("E2E100-M", "LAGER2", 7);
}

}  // namespace

TEST(E2eErp, SpecterCatalogueInNorceOrdersOnceStatusBack) {
    const auto dir = fresh_dir("erp");
    PushGate gate;
    const auto seed = small_seed();
    auto shop = start_norce(seed, gate.url("butik", 1));
    auto erp = start_specter(seed);
    edit_catalogue_in_specter(*erp);
    const auto released = released_orders(*shop);
    ASSERT_GE(released.size(), 2u);
    {
        const auto before = shop->state();
        ASSERT_FALSE(before.at("products").as_object().contains("E2E100"));
        ASSERT_NE(norce_price(before, "A1001-1", "PL-SE"), std::optional<int64_t>(12345));
    }

    Host host(dir, json::array{connection("butik", "erp", norce_block(*shop), specter_block(*erp, gate.callback_url("butik", "e2e-callback-secret-0123456789")))}, gate);
    ASSERT_TRUE(pushes_accepted(*shop));
    host.pass();
    EXPECT_TRUE(specter_holds_exactly(*erp, released));
    const auto actions = deliver_and_invoice_at_specter(*erp);
    // The second pass: status back, and the stock the orders reserved in Specter.
    host.pass();

    const auto norce = shop->state();
    // The new product with its two variants, each SKU under it.
    ASSERT_TRUE(norce.at("products").as_object().contains("E2E100"));
    for (const char* sku : {"E2E100-S", "E2E100-M"}) {
        ASSERT_TRUE(norce.at("skus").as_object().contains(sku)) << sku;
        EXPECT_EQ(norce.at("skus").at(sku).at("ProductCode").as_string(), "E2E100") << sku;
    }
    EXPECT_EQ(norce_price(norce, "E2E100-M", "PL-SE"), std::optional<int64_t>(64013));
    EXPECT_EQ(norce_price(norce, "A1001-1", "PL-SE"), std::optional<int64_t>(12345));
    // Every variant article of Specter: its price, and its stock at each site in the Norce
    // warehouse of the same code, as Specter counts what can be sold (on hand - reserved).
    size_t compared = 0;
    for (const auto& a : erp->articles()) {
        if (a.main_article_no.empty()) continue;
        EXPECT_EQ(norce_price(norce, a.article_no, "PL-SE"), std::optional<int64_t>(a.price_ex_vat)) << a.article_no;
        for (const char* site : {"LAGER1", "LAGER2"})
            EXPECT_EQ(norce_stock(norce, a.article_no, site), a.available(site)) << a.article_no << " at " << site;
        ++compared;
    }
    EXPECT_EQ(compared, static_cast<size_t>(seed.products * seed.variants_per_product + 2));
    EXPECT_EQ(norce_stock(norce, "E2E100-S", "LAGER1"), 5);
    EXPECT_EQ(norce_stock(norce, "E2E100-S", "LAGER2"), 2);
    EXPECT_EQ(norce_stock(norce, "E2E100-M", "LAGER2"), 7);

    EXPECT_TRUE(norce_shows(*shop, actions, released));
    EXPECT_TRUE(specter_holds_exactly(*erp, released));
    remove_unless_failed(dir);
}
