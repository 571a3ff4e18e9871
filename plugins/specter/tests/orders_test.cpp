// Point 2: shop orders into Specter (customer, numbered rows, freight and discounts as
// rows, VAT per row, externalOrderNo), totals equal to the öre, and exactly once: a
// repeated write, and a write whose answer was lost after Specter created the order.
#include "plugin_fixture.hpp"

using namespace specter_plugin_test;
using skarv::sandbox::FaultKind;
using skarv::sandbox::FaultRule;
using skarv::sandbox::SpecterRowKind;

using SpecterPluginOrders = SpecterPluginFixture;

TEST_F(SpecterPluginOrders, OrderGoesInWithCustomerRowsFreightDiscountsAndVat) {
    auto skus = stock_articles();
    auto o = order("100001", {{skus[0], 2, 24900, 2500, 2000}, {skus[1], 1, 11200, 1200}}, 1, 4900);
    o["discounts"] = boost::json::array{{{"code", "HÖST10"}, {"description", "Höstrabatt"},
                                         {"amount_inc_vat", money(5000)}, {"vat_rate_bp", 2500}}};
    auto r = write_orders({o});
    ASSERT_TRUE(r.ok()) << r.message();
    const auto& res = r.document.at("results").as_array().at(0).as_object();
    EXPECT_EQ(res.at("outcome"), "created");
    EXPECT_EQ(res.at("id"), "100001");
    std::string no(res.at("target_id").as_string());

    auto held = emu.order(no);
    ASSERT_TRUE(held);
    EXPECT_EQ(held->external_order_no, "100001");
    EXPECT_EQ(held->webshop_id, "1");
    EXPECT_EQ(held->stock_site, "LAGER1");
    EXPECT_EQ(held->currency, "SEK");
    EXPECT_EQ(held->total_inc_vat, canonical_total(o)) << "Specter's total must equal the shop's to the öre";
    EXPECT_EQ(held->fields.at("payTypeIdentifier"), "KG");
    EXPECT_EQ(held->fields.at("payTypeReference"), "klarna-100001");

    // Two lines, the line discount, the order discount, freight.
    ASSERT_EQ(held->rows.size(), 5u);
    EXPECT_EQ(held->rows[0].article_no, skus[0]);
    EXPECT_EQ(held->rows[0].quantity, 2);
    EXPECT_EQ(held->rows[0].vat_rate_bp, 2500);
    EXPECT_EQ(held->rows[0].total_inc_vat, 2 * 24900);
    EXPECT_EQ(held->rows[1].vat_rate_bp, 1200);
    EXPECT_EQ(held->rows[1].total_inc_vat, 11200);
    EXPECT_EQ(held->rows[2].kind, SpecterRowKind::discount);
    EXPECT_EQ(held->rows[2].total_inc_vat, -2000);
    EXPECT_EQ(held->rows[3].kind, SpecterRowKind::discount);
    EXPECT_EQ(held->rows[3].name, "Höstrabatt");
    EXPECT_EQ(held->rows[3].total_inc_vat, -5000);
    EXPECT_EQ(held->rows[4].kind, SpecterRowKind::freight);
    EXPECT_EQ(held->rows[4].total_inc_vat, 4900);
    EXPECT_EQ(held->freight_ex_vat, 3920);

    // The customer, Latin-1 on the wire and UTF-8 again in Specter (the key was
    // computed over the Latin-1 bytes of "Åsa Öberg", or Specter would have refused).
    auto customers = emu.customers();
    ASSERT_EQ(customers.size(), 1u);
    EXPECT_EQ(customers[0].name, "Åsa Öberg");
    EXPECT_EQ(customers[0].organizational_form, "P");
    EXPECT_EQ(customers[0].fields.at("city"), "Malmö");
    EXPECT_EQ(held->customer_id, customers[0].customer_id);
}

TEST_F(SpecterPluginOrders, TotalsMatchToTheOreEvenForAwkwardAmounts) {
    auto skus = stock_articles();
    // Gross amounts with no exact ex-VAT price (2 öre at 25 %), many units, 6 % and 12 %.
    std::vector<boost::json::object> orders{
        order("100011", {{skus[0], 3, 9999, 1200}, {skus[1], 7, 1, 2500}}, 1, 2),
        order("100012", {{skus[0], 250, 1337, 600}, {skus[2], 1, 100002, 2500, 7}}, 1, 3333),
        order("100013", {{skus[1], 99, 4711, 2500, 13}, {skus[2], 13, 99, 1200}})};
    boost::json::array records;
    for (const auto& o : orders) records.push_back(o);
    auto r = write_orders(records);
    ASSERT_TRUE(r.ok()) << r.message();
    for (const auto& o : orders) {
        auto held = emu.order_by_external_no(std::string(o.at("order_id").as_string()), "1");
        ASSERT_TRUE(held) << o.at("order_id");
        EXPECT_EQ(held->total_inc_vat, canonical_total(o)) << o.at("order_id");
        int64_t vat = 0;
        for (const auto& row : held->rows) vat += row.vat;
        EXPECT_EQ(held->vat, vat);
    }
}

TEST_F(SpecterPluginOrders, CompanyCustomerAndAReturningCustomerIsFoundNotDuplicated) {
    auto skus = stock_articles();
    auto a = order("100021", {{skus[0], 1, 10000}});
    a["customer"] = {{"customer_number", "C-9"}, {"type", "company"}, {"company_name", "Ränta & Söner AB"},
                     {"org_number", "556677-8899"}, {"email", "inkop@ranta.se"}};
    auto b = a;
    b["order_id"] = "100022";
    ASSERT_TRUE(write_orders({a}).ok());
    ASSERT_TRUE(write_orders({b}).ok());
    auto customers = emu.customers();
    ASSERT_EQ(customers.size(), 1u);
    EXPECT_EQ(customers[0].organizational_form, "C");
    EXPECT_EQ(customers[0].name, "Ränta & Söner AB");
    EXPECT_EQ(customers[0].org_no, "556677-8899");
    EXPECT_EQ(emu.orders().size(), 2u);
}

TEST_F(SpecterPluginOrders, WritingTheSameOrderTwiceCreatesItOnce) {
    auto o = order("100031", {{stock_articles()[0], 1, 19900}}, 1, 4900);
    auto first = write_orders({o});
    ASSERT_TRUE(first.ok()) << first.message();
    auto second = write_orders({o, o});   // the batch again, and the order twice in it
    ASSERT_TRUE(second.ok()) << second.message();
    auto target = first.document.at("results").at(0).at("target_id");
    for (const auto& res : second.document.at("results").as_array()) {
        EXPECT_EQ(res.at("outcome"), "unchanged");
        EXPECT_EQ(res.at("target_id"), target);
    }
    EXPECT_EQ(emu.orders().size(), 1u);
}

TEST_F(SpecterPluginOrders, ALostAnswerIsFoundByTheNextWrite) {
    auto o = order("100041", {{stock_articles()[0], 2, 15000}});
    // Specter creates the order, then the connection drops before the answer.
    FaultRule lost;
    lost.kind = FaultKind::drop;
    lost.path = "/putInfo.asp";
    lost.skip = 1;   // the customer goes through; the order's answer is lost
    lost.times = 1;
    lost.after_handler = true;
    emu.http().faults().add(lost);
    auto failed = write_orders({o});
    EXPECT_EQ(failed.status, SKARV_ERR_RETRYABLE) << failed.message();
    expect_no_secrets(failed.message());
    ASSERT_EQ(emu.orders().size(), 1u) << "the order was created although the answer was lost";

    // Specter has no public look-up by the shop's number: find does not know it ...
    auto found = call({{"op", "orders.find"}, {"order_id", "100041"}});
    ASSERT_TRUE(found.ok()) << found.message();
    EXPECT_EQ(found.document.at("found"), false);

    // ... but Specter's duplicate control refuses the retry, so it is not made twice.
    auto again = write_orders({o});
    ASSERT_TRUE(again.ok()) << again.message();
    EXPECT_EQ(again.document.at("results").at(0).at("outcome"), "unchanged");
    EXPECT_FALSE(again.document.at("results").at(0).as_object().contains("target_id"))
        << "the Specter number of such an order is not known (docs/flows.md)";
    EXPECT_EQ(emu.orders().size(), 1u);
    // From now on it is remembered as written.
    EXPECT_EQ(call({{"op", "orders.find"}, {"order_id", "100041"}}).document.at("found"), true);
}

TEST_F(SpecterPluginOrders, FindAnswersFromWhatWasWrittenAndChannelPicksTheWebshop) {
    auto r = call({{"op", "orders.find"}, {"order_id", "100051"}});
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_EQ(r.document.at("found"), false);
    ASSERT_TRUE(write_orders({order("100051", {{stock_articles()[0], 1, 10000}}, 2)}).ok());
    auto held = emu.order_by_external_no("100051", "2");
    ASSERT_TRUE(held);
    EXPECT_EQ(held->webshop_id, "2");
    r = call({{"op", "orders.find"}, {"order_id", "100051"}});
    EXPECT_EQ(r.document.at("found"), true);
    EXPECT_EQ(str(r.document.at("target_id")), held->order_no);
}

TEST_F(SpecterPluginOrders, AsInvoiceInvoicesOnceEvenWhenRepeated) {
    auto o = order("100061", {{stock_articles()[0], 1, 10000}}, 1, 4900);
    auto r = write_orders({o}, "invoice");
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_EQ(r.document.at("results").at(0).at("outcome"), "created");
    ASSERT_EQ(emu.invoices().size(), 1u);
    EXPECT_EQ(emu.invoices()[0].total_inc_vat, canonical_total(o));
    r = write_orders({o}, "invoice");
    EXPECT_EQ(r.document.at("results").at(0).at("outcome"), "unchanged");
    EXPECT_EQ(emu.invoices().size(), 1u);

    // Ordered earlier as an order; now asked for as an invoice: invoiced, not created again.
    auto p = order("100062", {{stock_articles()[0], 1, 10000}});
    ASSERT_TRUE(write_orders({p}, "order").ok());
    r = write_orders({p}, "invoice");
    EXPECT_EQ(r.document.at("results").at(0).at("outcome"), "updated");
    EXPECT_EQ(emu.invoices().size(), 2u);
    EXPECT_EQ(emu.orders().size(), 2u);
}

TEST_F(SpecterPluginOrders, ARefusedOrderFailsAloneNamingIt) {
    auto good = order("100071", {{stock_articles()[0], 1, 10000}});
    auto bad = order("100072", {{"NO-SUCH-ARTICLE", 1, 10000}});
    auto r = write_orders({bad, good});
    ASSERT_TRUE(r.ok()) << r.message();
    const auto& results = r.document.at("results").as_array();
    EXPECT_EQ(results.at(0).at("outcome"), "failed");
    const auto& error = results.at(0).at("error").as_object();
    EXPECT_EQ(error.at("retryable"), false);
    std::string message(error.at("message").as_string());
    EXPECT_NE(message.find("order 100072"), std::string::npos) << message;
    EXPECT_NE(message.find("NO-SUCH-ARTICLE"), std::string::npos) << message;
    expect_no_secrets(message);
    EXPECT_EQ(results.at(1).at("outcome"), "created");
    EXPECT_EQ(emu.orders().size(), 1u);

    auto unknown_channel = order("100073", {{stock_articles()[0], 1, 10000}}, 3);
    r = write_orders({unknown_channel});
    EXPECT_EQ(r.document.at("results").at(0).at("outcome"), "failed");
    EXPECT_NE(r.document.at("results").at(0).at("error").at("message").as_string().find("channel 3"), std::string::npos);
}
