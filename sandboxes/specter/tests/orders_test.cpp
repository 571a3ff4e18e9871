// Customers and orders: numbered rows with freight and discount rows, totals to the
// öre, the duplicate guard on externalOrderNo and the look-up by it.

#include <gtest/gtest.h>

#include "specter_test_client.hpp"

using namespace specter_test;
using skarv::sandbox::SpecterEmulator;
using skarv::sandbox::SpecterRowKind;

namespace {

struct SandboxSpecterOrders : ::testing::Test {
    SpecterEmulator emu{small_options()};
    Client client{emu};
    std::string customer;
    std::string article;   // a variant with stock

    void SetUp() override {
        emu.start();
        customer = create_customer(client);
        for (const auto& a : emu.articles())
            if (a.keeps_stock && article.empty()) article = a.article_no;
        ASSERT_FALSE(customer.empty());
        ASSERT_FALSE(article.empty());
    }

    Fields order_fields(const std::string& external_no) {
        return {{"customerId", customer},
                {"externalOrderNo", external_no},
                {"currency", "SEK"},
                {"payTypeIdentifier", "KG"},
                {"payTypeReference", "klarna-123"},
                {"articleNo_1", article},
                {"articleName_1", "Tröja Blå"},
                {"priceExclVAT_1", "199.20"},
                {"noOfItems_1", "2"},
                {"vatPercent_1", "25"},
                {"articleNo_2", "frakt"},
                {"articleName_2", "Frakt"},
                {"priceExclVAT_2", "39.20"},
                {"noOfItems_2", "1"},
                {"vatPercent_2", "25"},
                {"articleNo_3", "discount_7"},
                {"articleName_3", "Rabattkod"},
                {"priceExclVAT_3", "-40.00"},
                {"noOfItems_3", "1"},
                {"vatPercent_3", "25"}};
    }
};

}  // namespace

TEST_F(SandboxSpecterOrders, OrderWithFreightAndDiscountRowsTotalsToTheOre) {
    Reply r = client.put("newOrderSubmit", customer, order_fields("100001"));
    auto parts = split(r.body);
    ASSERT_EQ(parts[0], "1") << r.body;
    std::string order_no = parts[1];
    EXPECT_EQ(order_no, "50001");

    auto order = emu.order(order_no);
    ASSERT_TRUE(order);
    ASSERT_EQ(order->rows.size(), 3u);
    EXPECT_EQ(order->rows[0].kind, SpecterRowKind::article);
    EXPECT_EQ(order->rows[0].name, "Tröja Blå");
    EXPECT_EQ(order->rows[0].total_ex_vat, 39840);
    EXPECT_EQ(order->rows[0].vat, 9960);
    EXPECT_EQ(order->rows[1].kind, SpecterRowKind::freight);
    EXPECT_EQ(order->rows[1].total_inc_vat, 4900);
    EXPECT_EQ(order->rows[2].kind, SpecterRowKind::discount);
    EXPECT_EQ(order->rows[2].total_inc_vat, -5000);
    EXPECT_EQ(order->total_ex_vat, 39760);
    EXPECT_EQ(order->vat, 9940);
    EXPECT_EQ(order->total_inc_vat, 49700);
    EXPECT_EQ(order->freight_ex_vat, 3920);
    EXPECT_EQ(order->discount_ex_vat, -4000);
    EXPECT_EQ(order->fields.at("payTypeIdentifier"), "KG");

    // The same through GET /_control/state, in öre.
    auto state = client.state();
    const auto& o = state.at("orders").at(0);
    EXPECT_EQ(o.at("externalOrderNo").as_string(), "100001");
    EXPECT_EQ(o.at("totals").at("incVat").as_int64(), 49700);
    EXPECT_EQ(o.at("totals").at("vat").as_int64(), 9940);
    EXPECT_EQ(o.at("rows").at(1).at("kind").as_string(), "freight");
    EXPECT_EQ(o.at("rows").at(2).at("totalIncVat").as_int64(), -5000);

    // The order reserves its items: available stock drops by two.
    auto a = emu.article(article);
    ASSERT_TRUE(a);
    int on_hand = 0;
    for (const auto& [site, q] : a->on_hand) on_hand += q;
    EXPECT_EQ(a->available_total(), on_hand - 2);
}

TEST_F(SandboxSpecterOrders, RoundingOfUnevenPricesIsPerRow) {
    Fields f{{"customerId", customer},
             {"externalOrderNo", "100002"},
             {"articleNo_1", article},
             {"priceExclVAT_1", "88.392857"},   // 99.00 inc 12 %
             {"noOfItems_1", "3"},
             {"vatPercent_1", "12"}};
    Reply r = client.put("newOrderSubmit", customer, f);
    ASSERT_EQ(split(r.body)[0], "1") << r.body;
    auto order = emu.order(split(r.body)[1]);
    ASSERT_TRUE(order);
    EXPECT_EQ(order->rows[0].unit_price_ex_vat_e4, 883929);
    EXPECT_EQ(order->rows[0].total_ex_vat, 26518);   // 265.1787 -> 265.18
    EXPECT_EQ(order->rows[0].vat, 3182);             // 31.8216 -> 31.82
    EXPECT_EQ(order->total_inc_vat, 29700);
}

TEST_F(SandboxSpecterOrders, UnknownCustomerOrArticleIsRefused) {
    Fields f = order_fields("100003");
    f[0].second = "99999";
    Reply r = client.put("newOrderSubmit", "99999", f);
    EXPECT_EQ(r.body.rfind("0;10;", 0), 0u) << r.body;
    f = order_fields("100003");
    f[5].second = "NO-SUCH-ARTICLE";
    r = client.put("newOrderSubmit", customer, f);
    EXPECT_EQ(r.body.rfind("0;11;", 0), 0u) << r.body;
    EXPECT_TRUE(emu.orders().empty());
}

TEST_F(SandboxSpecterOrders, DuplicateExternalOrderNoIsRefusedWithTheGuessedCode) {
    Reply first = client.put("newOrderSubmit", customer, order_fields("100004"));
    ASSERT_EQ(split(first.body)[0], "1");
    std::string order_no = split(first.body)[1];

    Reply again = client.put("newOrderSubmit", customer, order_fields("100004"));
    auto parts = split(again.body);
    EXPECT_EQ(parts[0], "0");
    EXPECT_EQ(parts[1], "13");
    EXPECT_EQ(emu.orders().size(), 1u);

    // ignoreExternalOrderNoControl=1 lets a second one through.
    Fields f = order_fields("100004");
    f.emplace_back("ignoreExternalOrderNoControl", "1");
    EXPECT_EQ(split(client.put("newOrderSubmit", customer, f).body)[0], "1");
    EXPECT_EQ(emu.orders().size(), 2u);
}

TEST_F(SandboxSpecterOrders, CustomerIsMatchedOnEmailAndUpdatedOnlyWhenForced) {
    std::string again = create_customer(client);
    EXPECT_EQ(again, customer);
    EXPECT_EQ(emu.customers().size(), 1u);
    Reply forced = client.put("newCustomerSubmit", "Åsa Öberg",
                              {{"firstName", "Åsa"}, {"surName", "Öberg"}, {"emailAddress", "asa@example.se"},
                               {"city", "Malmö"}},
                              {{"forceCustomerUpdate", "1"}});
    EXPECT_EQ(split(forced.body)[1], customer);
    EXPECT_EQ(emu.customers()[0].fields.at("city"), "Malmö");
}

TEST_F(SandboxSpecterOrders, DeliveryInvoiceAndPdfLinkOverTheApi) {
    Reply r = client.put("newOrderSubmit", customer, order_fields("100005"));
    std::string order_no = split(r.body)[1];
    Reply part = client.put("newDeliverySubmit", order_no,
                            {{"orderId", order_no}, {"deliveryDate", "2026-11-24"}, {"useArticleNoRowMapping", "1"},
                             {"articleNo_1", article}, {"noOfItems_1", "1"}, {"trackingNo", "TRK1"}});
    ASSERT_EQ(split(part.body)[0], "1") << part.body;
    EXPECT_EQ(emu.order(order_no)->delivery_status, "P");
    Reply rest = client.put("newDeliverySubmit", order_no, {{"orderId", order_no}});
    ASSERT_EQ(split(rest.body)[0], "1") << rest.body;
    EXPECT_EQ(emu.order(order_no)->delivery_status, "D");
    Reply none = client.put("newDeliverySubmit", order_no, {{"orderId", order_no}});
    EXPECT_EQ(none.body.rfind("0;14;", 0), 0u) << none.body;

    Reply inv = request(emu.base_url(), "GET",
                        "/putInfo.asp?" + client.query("newInvoiceSubmit", order_no,
                                                       {{"orderId", order_no}, {"typeInvoice", "S"}}, "1"));
    ASSERT_EQ(split(inv.body)[0], "1") << inv.body;
    std::string invoice_no = split(inv.body)[1];
    ASSERT_EQ(emu.invoices().size(), 1u);
    EXPECT_EQ(emu.invoices()[0].total_inc_vat, 49700);

    Reply pdf = client.get("getPDFLink", "getPDFLink" + invoice_no,
                           {{"typeDocument", "invoice"}, {"documentId", invoice_no}});
    auto link = split(pdf.body);
    ASSERT_EQ(link.size(), 2u) << pdf.body;
    EXPECT_EQ(link[0], "1");
    Reply doc = request(emu.base_url(), "GET", link[1].substr(emu.base_url().size()));
    EXPECT_EQ(doc.status, 200);
    EXPECT_EQ(doc.body.rfind("%PDF", 0), 0u);
}
