// Articles: seeded main articles and variants, newArticleSubmit with the variant link.

#include <gtest/gtest.h>

#include "specter_test_client.hpp"

using namespace specter_test;
using skarv::sandbox::SpecterEmulator;

namespace {

struct SandboxSpecterArticles : ::testing::Test {
    SpecterEmulator emu{small_options()};
    Client client{emu};
    void SetUp() override { emu.start(); }
};

}  // namespace

TEST_F(SandboxSpecterArticles, SeedHasMainArticlesWithLinkedVariants) {
    auto seed = skarv::sandbox::generate_seed_data(small_options().seed);
    ASSERT_FALSE(seed.products.empty());
    const auto& p = seed.products[0];
    auto main = emu.article(p.article_number);
    ASSERT_TRUE(main);
    EXPECT_FALSE(main->keeps_stock);
    EXPECT_EQ(main->vat_rate_bp, p.vat_rate_bp);
    ASSERT_EQ(p.variants.size(), 2u);
    auto v = emu.article(p.variants[0].sku);
    ASSERT_TRUE(v);
    EXPECT_EQ(v->main_article_no, p.article_number);
    EXPECT_EQ(v->price_ex_vat, p.variants[0].price_ex_vat);
    EXPECT_EQ(v->bar_code, p.variants[0].ean);
    for (const auto& [site, qty] : p.variants[0].stock) EXPECT_EQ(v->on_hand.at(site), qty);

    auto state = client.state();
    for (const auto& a : state.at("articles").as_array())
        if (a.at("articleNo").as_string() == p.article_number) {
            ASSERT_EQ(a.at("variants").as_array().size(), 2u);
            EXPECT_EQ(a.at("variants").at(0).as_string(), p.variants[0].sku);
        }
}

TEST_F(SandboxSpecterArticles, SubmittedVariantsLinkToTheirMainArticle) {
    Reply r = client.put("newArticleSubmit", "JACKA",
                         {{"articleNo_1", "JACKA"}, {"name_1", "Jacka"}, {"priceExclVAT_1", "799.20"},
                          {"vatPercent_1", "25"},
                          {"articleNo_2", "JACKA-S"}, {"name_2", "Jacka - Blå - Small"}, {"priceExclVAT_2", "799.20"},
                          {"vatPercent_2", "25"}, {"mainArticleNo_2", "JACKA"}, {"createArticleStock_2", "1"},
                          {"noItemsInStock_2", "7"}, {"barCode_2", "7300000000017"}});
    ASSERT_EQ(split(r.body)[0], "1") << r.body;
    auto main = emu.article("JACKA");
    auto small = emu.article("JACKA-S");
    ASSERT_TRUE(main && small);
    EXPECT_EQ(small->main_article_no, "JACKA");
    EXPECT_EQ(small->name, "Jacka - Blå - Small");
    EXPECT_EQ(small->price_ex_vat, 79920);
    EXPECT_EQ(small->available_total(), 7);
    EXPECT_FALSE(main->keeps_stock);

    // Without forceArticleUpdate an existing article is left alone.
    r = client.put("newArticleSubmit", "JACKA-S", {{"articleNo_1", "JACKA-S"}, {"priceExclVAT_1", "1.00"}});
    EXPECT_NE(split(r.body)[2].find("1 skipped"), std::string::npos) << r.body;
    EXPECT_EQ(emu.article("JACKA-S")->price_ex_vat, 79920);
    r = client.put("newArticleSubmit", "JACKA-S", {{"articleNo_1", "JACKA-S"}, {"priceExclVAT_1", "1.00"}},
                   {{"forceArticleUpdate", "1"}});
    EXPECT_EQ(emu.article("JACKA-S")->price_ex_vat, 100);

    // A variant of a main article that does not exist is refused.
    r = client.put("newArticleSubmit", "ORPHAN", {{"articleNo_1", "ORPHAN"}, {"mainArticleNo_1", "NOPE"}});
    EXPECT_EQ(r.body.rfind("0;11;", 0), 0u) << r.body;
    EXPECT_FALSE(emu.article("ORPHAN"));
}
