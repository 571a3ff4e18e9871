// The seeding library fills a company that the loaded emulator then reads.

#include "adk_fixture.hpp"

#ifdef SKARV_ADK_EMULATOR_HAVE_SEED
#include "skarv/sandbox/visma_adk_seed.hpp"

namespace adk_test {

using SandboxVismaAdkSeed = AdkTest;

TEST_F(SandboxVismaAdkSeed, FillsArticlesPriceListsCustomersAndStock) {
    a.AdkClose();
    const std::string company = path() + "/seeded";
    skarv::sandbox::visma_adk::CompanySeedOptions options;
    options.data.seed = 7;
    options.data.products = 4;
    options.data.variants_per_product = 3;
    options.data.orders = 3;
    options.data.channels = 2;
    options.include_orders = true;
    const auto result = skarv::sandbox::visma_adk::seed_company(company, options);
    EXPECT_EQ(result.articles, 12);
    EXPECT_EQ(result.price_lists, 2);
    EXPECT_EQ(result.prices, 24);
    EXPECT_GT(result.customers, 0);
    EXPECT_EQ(result.orders, 3);
    // Seeding again adds nothing.
    const auto again = skarv::sandbox::visma_adk::seed_company(company, options);
    EXPECT_EQ(again.articles + again.customers + again.price_lists + again.orders, 0);

    const auto data = skarv::sandbox::generate_seed_data(options.data);
    ASSERT_EQ(rc(a.AdkOpen(system().c_str(), company.c_str())), ADKE_OK);
    PADK_DATA p = a.AdkCreateData(ADK_DB_ARTICLE);
    ASSERT_EQ(rc(a.AdkSetSortOrder(p, eArticleWebShop)), ADKE_OK);
    int webshop = 0;
    for (ADK_ERROR e = a.AdkFirst(p); e.lRc == ADKE_OK; e = a.AdkNext(p)) ++webshop;
    EXPECT_EQ(webshop, 12);
    const auto& variant = data.products.at(0).variants.at(0);
    a.AdkResetStruct(p);
    ASSERT_EQ(rc(a.AdkSetSortOrder(p, eArticleNr)), ADKE_OK);
    a.AdkSetStr(p, ADK_ARTICLE_NUMBER, variant.sku.c_str());
    ASSERT_EQ(rc(a.AdkFind(p)), ADKE_OK);
    EXPECT_DOUBLE_EQ(dbl(p, ADK_ARTICLE_PRICE) * 100.0, static_cast<double>(variant.price_ex_vat));
    EXPECT_EQ(str(p, ADK_ARTICLE_BAR_CODE), variant.ean);
    int stock = 0;
    for (const auto& [warehouse, n] : variant.stock) stock += n;
    EXPECT_DOUBLE_EQ(dbl(p, ADK_ARTICLE_QUANTITY_IN_STOCK), stock);
    a.AdkDeleteStruct(p);

    PADK_DATA price = a.AdkCreateData(ADK_DB_PRICE);
    ASSERT_EQ(rc(a.AdkSetSortOrder(price, ePriceArticleNr)), ADKE_OK);
    a.AdkSetStr(price, ADK_PRICE_ARTICLE_NUMBER, variant.sku.c_str());
    ASSERT_EQ(rc(a.AdkFind(price)), ADKE_OK);
    int lists = 0;
    for (ADK_ERROR e = ADK_ERROR{ADKE_OK, 0, 0, 0, 0}; e.lRc == ADKE_OK && str(price, ADK_PRICE_ARTICLE_NUMBER) == variant.sku;
         e = a.AdkNext(price))
        ++lists;
    EXPECT_EQ(lists, 2);
    a.AdkDeleteStruct(price);

    PADK_DATA order = a.AdkCreateData(ADK_DB_ORDER_HEAD);
    a.AdkSetFilter(order, ADK_OOI_HEAD_CUSTOMER_ORDER_NUMBER, data.orders.at(0).order_number.c_str(), 0);
    ASSERT_EQ(rc(a.AdkFirst(order)), ADKE_OK);
    EXPECT_EQ(dbl(order, ADK_OOI_HEAD_NROWS), static_cast<double>(data.orders.at(0).lines.size()));
    a.AdkDeleteStruct(order);
}

}  // namespace adk_test
#endif
