// Point 2 in detail: one handcrafted OrderRequest through orders.parse_push, where the
// figures do not divide evenly, to pin down the rounding rules to the öre.
#include <skarv/records.hpp>

#include "plugin_fixture.hpp"

using namespace jetshop_test;

using JetshopPluginOrderMapping = Fixture;

TEST_F(JetshopPluginOrderMapping, ExVatLinesBecomeIncVatLinesThatAddUpToThePayment) {
    auto plugin = instance();
    const std::string key(state_of("applications").at(1).at("ApplicationKey").as_string());
    const json::object request{
        {"Header", json::object{{"ApplicationKey", key}}},
        {"ClientOrderRef", 900123},
        {"CurrencyCode", "NOK"},
        {"SellTo", nullptr},
        {"BillTo", json::object{{"Company", nullptr},
                                {"Person", json::object{{"FirstName", "Kari"}, {"LastName", "Nordmann"}, {"Email", "kari@example.no"},
                                                        {"CellPhone", "+4790000000"}, {"SSN", "01017012345"},
                                                        {"Address", json::object{{"Line1", "Storgata 1"}, {"ZipCode", "0155"},
                                                                                 {"City", "Oslo"}, {"Country", "NO"}}}}}}},
        {"ShipTo", json::object{{"Person", json::object{{"FirstName", "Ola"}, {"LastName", "Nordmann"},
                                                        {"Address", json::object{{"Line1", "Fjordveien 9"}, {"CareOf", "c/o Hansen"},
                                                                                 {"ZipCode", "5003"}, {"City", "Bergen"}, {"Country", "NO"}}}}}}},
        {"Items", json::array{json::object{{"LineNo", 1}, {"PartNo", "A1"}, {"Description", "Kopp"}, {"Quantity", 3},
                                           {"UnitPrice", 10.004}, {"UnitVat", 2.501}, {"VatRate", 0.25}, {"Discount", 0}},
                              json::object{{"LineNo", 2}, {"PartNo", "B2"}, {"Description", "Kaffe"}, {"Quantity", 2},
                                           {"UnitPrice", 80}, {"UnitVat", 12}, {"VatRate", 0.15}, {"Discount", 20}},
                              json::object{{"LineNo", 3}, {"PartNo", "FRAKT"}, {"Description", "Frakt"}, {"Quantity", 1},
                                           {"Type", "Freight"}, {"UnitPrice", 39.2}, {"UnitVat", 9.8}, {"VatRate", 0.25}}}},
        {"Discounts", json::array{json::object{{"Code", "VINTER"}, {"Amount", 50}, {"Type", "Order"}}}},
        // 37.515 + (184 - 23) + 49 - 50 = 197.515 -> charged 197.52
        {"Payments", json::array{json::object{{"PaymentCode", 1}, {"PaymentMethodCode", "klarna"}, {"PaymentRef", "kl-900123"},
                                              {"Amount", 197.52}, {"CurrencyCode", "NOK"}}}},
        {"ShippingAdvice", json::object{{"DeliveryMethodCode", "POSTEN"}}}};
    auto r = plugin->call(json::object{{"op", "orders.parse_push"}, {"body", json::serialize(request)},
                                       {"headers", json::object{{"authorization", "Basic bm9yY2U6cHVzaC1wdw=="}}}});
    ASSERT_TRUE(r.ok()) << r.message();
    const auto o = skarv::model::read_order(r.document.at("records").at(0));
    EXPECT_EQ(o.order_id, "900123");
    EXPECT_EQ(o.channel, 2);
    EXPECT_EQ(o.currency, "NOK");
    EXPECT_EQ(o.total_inc_vat().minor(), 19752);
    ASSERT_EQ(o.lines.size(), 2u);
    EXPECT_EQ(o.lines[0].unit_price_inc_vat.minor(), 1251);    // 12.505 rounded once
    EXPECT_EQ(o.lines[0].total_inc_vat().minor(), 3752);       // 37.515, not 3 x 12.51
    EXPECT_EQ(o.lines[0].vat_rate_bp, 2500);
    EXPECT_EQ(o.lines[1].unit_price_inc_vat.minor(), 9200);
    EXPECT_EQ(o.lines[1].discount_inc_vat.minor(), 2300);      // 20 ex VAT at 15 %
    EXPECT_EQ(o.lines[1].vat_rate_bp, 1500);
    ASSERT_TRUE(o.shipping);
    EXPECT_EQ(o.shipping->price_inc_vat.minor(), 4900);
    EXPECT_EQ(o.shipping->method, "POSTEN");
    ASSERT_EQ(o.discounts.size(), 1u);
    EXPECT_EQ(o.discounts[0].amount_inc_vat.minor(), 5000);
    EXPECT_EQ(o.discounts[0].vat_rate_bp, 1500);               // the goods' main rate
    ASSERT_TRUE(o.payment);
    EXPECT_EQ(o.payment->reference, "kl-900123");
    EXPECT_EQ(o.payment->amount.minor(), 19752);
    EXPECT_FALSE(o.customer.is_company);
    EXPECT_EQ(o.customer.org_number.value_or(""), "01017012345");
    EXPECT_EQ(o.billing_address.city, "Oslo");
    EXPECT_EQ(o.shipping_address.city, "Bergen");
    EXPECT_EQ(o.shipping_address.attention, "c/o Hansen");
    EXPECT_EQ(o.shipping_address.name, "Ola Nordmann");
    // The reply Norce gets.
    auto reply = json::parse(r.document.at("reply").at("body").as_string());
    EXPECT_EQ(reply.at("StatusCode"), "OK");

    // A payment that the lines cannot explain is still accepted (Norce must hear OK and
    // not retry for ever); the order keeps the lines as sent, so its total differs from
    // the payment and the host parks it showing both (FlowOrders.AnOrderThatDoesNotAddUp...).
    auto wrong = request;
    wrong["Payments"].as_array()[0].as_object()["Amount"] = 150;
    auto accepted = plugin->call(json::object{{"op", "orders.parse_push"}, {"body", json::serialize(wrong)},
                                              {"headers", json::object{{"authorization", "Basic bm9yY2U6cHVzaC1wdw=="}}}});
    ASSERT_TRUE(accepted.ok()) << accepted.message();
    auto kept = skarv::model::read_order(accepted.document.at("records").at(0));
    EXPECT_EQ(kept.payment->amount.minor(), 15000);
    EXPECT_EQ(kept.total_inc_vat().minor(), 19752) << "the lines as Norce sent them, not forced to the payment";
    EXPECT_EQ(json::parse(accepted.document.at("reply").at("body").as_string()).at("StatusCode"), "OK");
}
