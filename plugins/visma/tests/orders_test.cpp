// orders.write / orders.find against the emulated company: customer, head, rows,
// freight, discounts, VAT codes; exactly once; totals to the öre; Windows-1252.

#include "plugin_fixture.hpp"

namespace visma_test {

using VismaPluginOrders = VismaFixture;

TEST_F(VismaPluginOrders, AnOrderBecomesCustomerHeadAndRowsWithTheShopsTotalToTheOre) {
    const auto sku = skus();
    // 25 % and 12 % lines, a line discount, an order discount and freight: öre everywhere.
    auto o = order("100234", {{sku.at(0), 2, 24950, 2500, 1001}, {sku.at(2), 3, 3333, 1200}}, 4900);
    o["discounts"] = boost::json::array{{{"code", "HÖST10"}, {"description", "Höstrea"},
                                         {"amount_inc_vat", money(2500)}, {"vat_rate_bp", 2500}}};
    auto r = write_orders({o});
    ASSERT_TRUE(r.ok()) << r.message();
    const auto& res = result(r, 0);
    EXPECT_EQ(text(res.at("outcome")), "created");
    EXPECT_EQ(text(res.at("id")), "100234");
    const std::string target = text(res.at("target_id"));
    EXPECT_EQ(target.rfind("order:", 0), 0u) << target;
    const int64_t expected = canonical_total(o);   // 49900 - 1001 + 9999 - 2500 + 4900
    EXPECT_EQ(expected, 61298);
    EXPECT_EQ(res.at("erp_total").at("gross").at("minor").as_int64(), expected);
    EXPECT_FALSE(res.contains("warnings"));

    at_visma([&] {
        Rec h(ADK_DB_ORDER_HEAD);
        ASSERT_TRUE(h.first_where(ADK_OOI_HEAD_CUSTOMER_ORDER_NUMBER, "100234"));
        EXPECT_EQ(h.dbl(ADK_OOI_HEAD_DOCUMENT_NUMBER), doc_number(target));
        // Öresavrundning: Visma rounds the SEK total to whole kronor and keeps the
        // difference in ROUND_OFF; before it the amounts equal the shop's to the öre.
        EXPECT_DOUBLE_EQ(h.dbl(ADK_OOI_HEAD_GROSS), 612.98);
        EXPECT_DOUBLE_EQ(h.dbl(ADK_OOI_HEAD_TOTAL_AMOUNT), 613.0);
        EXPECT_NEAR(h.dbl(ADK_OOI_HEAD_ROUND_OFF), 0.02, 1e-9);
        EXPECT_DOUBLE_EQ(h.dbl(ADK_OOI_HEAD_CARGO_AMOUNT), 49.0);
        EXPECT_EQ(h.raw(ADK_OOI_HEAD_CARGO_VAT_CODE), "1");
        EXPECT_TRUE(h.flag(ADK_OOI_HEAD_INCLUDING_VAT));
        EXPECT_EQ(h.raw(ADK_OOI_HEAD_LIST_OF_PRICE_CODE), base_list());
        EXPECT_EQ(h.raw(ADK_OOI_HEAD_CITY), "Malm\xF6");
        // Rows: 2 articles, the line discount, the order discount.
        ASSERT_EQ(h.dbl(ADK_OOI_HEAD_NROWS), 4);
        PADK_DATA row = nullptr;
        ASSERT_EQ(emulator().AdkGetData(h.get(), ADK_OOI_HEAD_ROWS, 0, &row).lRc, ADKE_OK);
        char buf[64];
        char* out = buf;
        emulator().AdkGetStr(row, ADK_OOI_ROW_ARTICLE_NUMBER, &out, sizeof buf);
        EXPECT_EQ(std::string(buf), sku.at(0));
        emulator().AdkGetStr(row, ADK_OOI_ROW_VAT_CODE, &out, sizeof buf);
        EXPECT_EQ(std::string(buf), "1");
        ASSERT_EQ(emulator().AdkGetData(h.get(), ADK_OOI_HEAD_ROWS, 1, &row).lRc, ADKE_OK);
        double price = 0;
        emulator().AdkGetDouble(row, ADK_OOI_ROW_PRICE_EACH_CURRENT_CURRENCY, &price);
        EXPECT_DOUBLE_EQ(price, -10.01);
        ASSERT_EQ(emulator().AdkGetData(h.get(), ADK_OOI_HEAD_ROWS, 2, &row).lRc, ADKE_OK);
        emulator().AdkGetStr(row, ADK_OOI_ROW_VAT_CODE, &out, sizeof buf);
        EXPECT_EQ(std::string(buf), "2");
        ASSERT_EQ(emulator().AdkGetData(h.get(), ADK_OOI_HEAD_ROWS, 3, &row).lRc, ADKE_OK);
        emulator().AdkGetStr(row, ADK_OOI_ROW_TEXT, &out, sizeof buf);
        EXPECT_EQ(std::string(buf), "H\xF6strea (H\xD6ST10)");
    });
}

TEST_F(VismaPluginOrders, ARepeatIsUnchangedAndNeverDuplicates) {
    auto o = order("100300", {{skus().at(1), 1, 19900}});
    auto first = write_orders({o});
    ASSERT_TRUE(first.ok()) << first.message();
    EXPECT_EQ(text(result(first, 0).at("outcome")), "created");
    int customers_after_first = 0;
    at_visma([&] { customers_after_first = Rec(ADK_DB_CUSTOMER).count_all(); });

    // The host retries the batch (it crashed before recording the answer).
    auto again = write_orders({o, o});
    ASSERT_TRUE(again.ok()) << again.message();
    for (std::size_t i = 0; i < 2; ++i) {
        EXPECT_EQ(text(result(again, i).at("outcome")), "unchanged");
        EXPECT_EQ(result(again, i).at("target_id"), result(first, 0).at("target_id"));
    }
    at_visma([&] {
        EXPECT_EQ(Rec(ADK_DB_ORDER_HEAD).count_where(ADK_OOI_HEAD_CUSTOMER_ORDER_NUMBER, "100300"), 1);
        EXPECT_EQ(Rec(ADK_DB_CUSTOMER).count_all(), customers_after_first);
    });
}

TEST_F(VismaPluginOrders, FindAnswersFoundAndTheTargetId) {
    auto before = call({{"op", "orders.find"}, {"order_id", "100400"}});
    ASSERT_TRUE(before.ok()) << before.message();
    EXPECT_EQ(before.document.at("found"), false);
    auto w = write_orders({order("100400", {{skus().at(0), 1, 10000}})});
    ASSERT_TRUE(w.ok());
    auto after = call({{"op", "orders.find"}, {"order_id", "100400"}});
    EXPECT_EQ(after.document.at("found"), true);
    EXPECT_EQ(after.document.at("target_id"), result(w, 0).at("target_id"));
}

TEST_F(VismaPluginOrders, AsInvoiceWritesAnInvoiceAndItIsFoundToo) {
    auto w = write_orders({order("100500", {{skus().at(0), 2, 12500}}, 2900)}, "invoice");
    ASSERT_TRUE(w.ok()) << w.message();
    const std::string target = text(result(w, 0).at("target_id"));
    EXPECT_EQ(target.rfind("invoice:", 0), 0u) << target;
    at_visma([&] {
        Rec h(ADK_DB_INVOICE_HEAD);
        ASSERT_TRUE(h.first_where(ADK_OOI_HEAD_CUSTOMER_ORDER_NUMBER, "100500"));
        EXPECT_DOUBLE_EQ(h.dbl(ADK_OOI_HEAD_GROSS), 279.0);
        EXPECT_EQ(Rec(ADK_DB_ORDER_HEAD).count_where(ADK_OOI_HEAD_CUSTOMER_ORDER_NUMBER, "100500"), 0);
    });
    // Written as an order afterwards (config changed): still not a second document.
    auto again = write_orders({order("100500", {{skus().at(0), 2, 12500}}, 2900)}, "order");
    EXPECT_EQ(text(result(again, 0).at("outcome")), "unchanged");
    EXPECT_EQ(text(result(again, 0).at("target_id")), target);
}

TEST_F(VismaPluginOrders, AMissingArticleFailsThatOrderOnlyNamingOrderAndArticle) {
    int customers_before = 0;
    at_visma([&] { customers_before = Rec(ADK_DB_CUSTOMER).count_all(); });
    auto w = write_orders({order("100601", {{skus().at(0), 1, 10000}, {"NO-SUCH-SKU", 1, 5000}}),
                           order("100602", {{skus().at(1), 1, 10000}})});
    ASSERT_TRUE(w.ok()) << w.message();
    const auto& bad = result(w, 0);
    EXPECT_EQ(text(bad.at("outcome")), "failed");
    EXPECT_EQ(text(bad.at("error").at("code")), "missing_article");
    EXPECT_EQ(text(bad.at("error").at("message")), "order 100601: article NO-SUCH-SKU does not exist in Visma");
    EXPECT_EQ(bad.at("error").at("retryable"), false);
    EXPECT_EQ(text(result(w, 1).at("outcome")), "created");
    at_visma([&] {
        EXPECT_EQ(Rec(ADK_DB_ORDER_HEAD).count_where(ADK_OOI_HEAD_CUSTOMER_ORDER_NUMBER, "100601"), 0);
        // Only the good order's customer was created.
        EXPECT_EQ(Rec(ADK_DB_CUSTOMER).count_all(), customers_before + 1);
    });
}

TEST_F(VismaPluginOrders, SwedishLettersTravelAsWindows1252AndTheCustomerIsFoundAgain) {
    auto w = write_orders({order("100700", {{skus().at(0), 1, 10000}}, std::nullopt, "Asa.Oberg@Example.se")});
    ASSERT_TRUE(w.ok()) << w.message();
    std::string number;
    at_visma([&] {
        Rec k(ADK_DB_CUSTOMER);
        ASSERT_TRUE(k.first_where(ADK_CUSTOMER_EMAIL, "asa.oberg@example.se"));
        EXPECT_EQ(k.raw(ADK_CUSTOMER_NAME), "\xC5sa \xD6" "berg");
        EXPECT_EQ(k.raw(ADK_CUSTOMER_CITY), "Malm\xF6");
        number = k.raw(ADK_CUSTOMER_NUMBER);
        Rec h(ADK_DB_ORDER_HEAD);
        ASSERT_TRUE(h.first_where(ADK_OOI_HEAD_CUSTOMER_ORDER_NUMBER, "100700"));
        EXPECT_EQ(h.raw(ADK_OOI_HEAD_CUSTOMER_NAME), "\xC5sa \xD6" "berg");
    });
    // The next order of the same person (same e-mail, other case) reuses the customer.
    auto w2 = write_orders({order("100701", {{skus().at(1), 1, 10000}}, std::nullopt, "asa.oberg@example.SE")});
    ASSERT_TRUE(w2.ok()) << w2.message();
    at_visma([&] {
        Rec h(ADK_DB_ORDER_HEAD);
        ASSERT_TRUE(h.first_where(ADK_OOI_HEAD_CUSTOMER_ORDER_NUMBER, "100701"));
        EXPECT_EQ(h.raw(ADK_OOI_HEAD_CUSTOMER_NUMBER), number);
        EXPECT_EQ(Rec(ADK_DB_CUSTOMER).count_where(ADK_CUSTOMER_EMAIL, "asa.oberg@example.se"), 1);
    });
}

TEST_F(VismaPluginOrders, ASeededCustomerIsFoundByOrganisationNumber) {
    const auto& c = data.customers.at(0);
    auto o = order("100800", {{skus().at(0), 1, 10000}}, std::nullopt, "someone.else@example.se");
    o["customer"].as_object()["org_number"] = c.org_number;
    auto w = write_orders({o});
    ASSERT_TRUE(w.ok()) << w.message();
    at_visma([&] {
        Rec h(ADK_DB_ORDER_HEAD);
        ASSERT_TRUE(h.first_where(ADK_OOI_HEAD_CUSTOMER_ORDER_NUMBER, "100800"));
        EXPECT_EQ(h.raw(ADK_OOI_HEAD_CUSTOMER_NUMBER), c.customer_number);
    });
}

TEST_F(VismaPluginOrders, ShopCustomerNumbersAndAFreightArticleRow) {
    auto cfg = config();
    cfg["customer_numbers"] = "shop";
    cfg["freight_article"] = skus().at(3);   // any article stands in for a freight article here
    plugin = make(cfg, "shop-numbers");
    auto o = order("100900", {{skus().at(0), 1, 10000}}, 5900);
    auto w = write_orders({o});
    ASSERT_TRUE(w.ok()) << w.message();
    EXPECT_EQ(result(w, 0).at("erp_total").at("gross").at("minor").as_int64(), canonical_total(o));
    at_visma([&] {
        Rec h(ADK_DB_ORDER_HEAD);
        ASSERT_TRUE(h.first_where(ADK_OOI_HEAD_CUSTOMER_ORDER_NUMBER, "100900"));
        EXPECT_EQ(h.raw(ADK_OOI_HEAD_CUSTOMER_NUMBER), "C-100900");
        EXPECT_EQ(h.dbl(ADK_OOI_HEAD_NROWS), 2);
        EXPECT_DOUBLE_EQ(h.dbl(ADK_OOI_HEAD_CARGO_AMOUNT), 0.0);
    });
}

TEST_F(VismaPluginOrders, AnOrderIdTooLongForVismaIsRefusedClearly) {
    auto w = write_orders({order("ORDER-ID-LONGER-THAN-20", {{skus().at(0), 1, 10000}})});
    ASSERT_TRUE(w.ok()) << w.message();
    EXPECT_EQ(text(result(w, 0).at("outcome")), "failed");
    EXPECT_EQ(text(result(w, 0).at("error").at("code")), "field_too_long");
    EXPECT_NE(text(result(w, 0).at("error").at("message")).find("order ORDER-ID-LONGER-THAN-20"), std::string::npos);
}

}  // namespace visma_test

namespace visma_test {

TEST_F(VismaPluginOrders, AnAdkRefusalBecomesAFailedResultWithTheAdksTextNamingTheRecord) {
    auto cfg = config();
    cfg["price_lists"].as_object()["channels"] = {{"1", "PL-SAKNAS"}};   // not in the company
    plugin = make(cfg, "bad-list");
    auto w = write_orders({order("101000", {{skus().at(0), 1, 10000}})});
    ASSERT_TRUE(w.ok()) << w.message();
    const auto& err = result(w, 0).at("error");
    EXPECT_EQ(text(result(w, 0).at("outcome")), "failed");
    EXPECT_EQ(text(err.at("code")), "missing_price_list");
    const std::string m = text(err.at("message"));
    EXPECT_EQ(m.rfind("order 101000: new customer Åsa Öberg: AdkAdd: Prislistan finns inte (ADKE 35; Kundregistret, "
                      "ADK_CUSTOMER_PRICE_LIST",
                      0),
              0u)
        << m;
}

}  // namespace visma_test

namespace visma_test {

TEST_F(VismaPluginOrders, AMalformedRecordFailsAloneNamingItsField) {
    auto bad = order("101100", {{skus().at(0), 1, 10000}});
    bad["lines"].as_array().at(0).as_object()["quantity"] = 0;
    auto w = write_orders({bad, order("101101", {{skus().at(0), 1, 10000}})});
    ASSERT_TRUE(w.ok()) << w.message();
    EXPECT_EQ(text(result(w, 0).at("outcome")), "failed");
    EXPECT_EQ(text(result(w, 0).at("id")), "101100");
    EXPECT_EQ(text(result(w, 0).at("error").at("message")), "request.records[0].lines[0].quantity: must be positive");
    EXPECT_EQ(text(result(w, 1).at("outcome")), "created");
}

}  // namespace visma_test
