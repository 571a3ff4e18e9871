#include "jetshop_test_client.hpp"

using namespace jetshop_test;

namespace {

class SandboxJetshopOrderActions : public Fixture {
protected:
    void SetUp() override {
        JetshopEmulator::Options o;
        o.seed.orders = 0;
        boot(o);
        ref = emu->create_order({{"Items", json::array{json::object{{"PartNo", "A1001-1"}, {"Quantity", 2}},
                                                        json::object{{"PartNo", "A1002-1"}, {"Quantity", 1}}}},
                                 {"FreightIncVat", 49}});
    }
    json::object order() { return state().at("orders").at(ref).as_object(); }
    json::array items() {
        json::array out;
        const json::object o = order();
        for (const auto& l : o.at("Lines").as_array())
            out.push_back(json::object{{"PartNo", l.at("PartNo")}, {"Quantity", l.at("Quantity")}, {"UnitPrice", l.at("UnitPrice")}});
        return out;
    }
    std::string ref;
};

}  // namespace

TEST_F(SandboxJetshopOrderActions, SendOrderStatusConfirmsAndStoresTheErpOrderNo) {
    const Reply r = post(connect("/Order/SendOrderStatus"),
                         json::object{{"ClientOrderRef", std::stoi(ref)}, {"ErpOrderNo", "V-9001"},
                                      {"OrderStatus", "Confirmed"}, {"NotifyCustomer", true}});
    ASSERT_EQ(r.status, 200) << r.body;
    const auto o = order();
    EXPECT_EQ(o.at("StatusId").as_int64(), 2);
    EXPECT_EQ(o.at("ErpOrderNo").as_string(), "V-9001");
    EXPECT_TRUE(o.at("StatusHistory").as_array().back().at("NotifyCustomer").as_bool());
    // Query shows the ERP's number as OrderNo from now on.
    const Reply q = get(query("/Orders/Orders?$filter=OrderNo%20eq%20'V-9001'"));
    ASSERT_EQ(q.json().at("value").as_array().size(), 1u) << q.body;

    EXPECT_EQ(post(connect("/Order/SendOrderStatus"), json::object{{"ClientOrderRef", ref}, {"OrderStatus", "Teleported"}}).status, 400);
    EXPECT_EQ(post(connect("/Order/SendOrderStatus"), json::object{{"ClientOrderRef", 999999}, {"OrderStatus", "Confirmed"}}).status, 400);
}

TEST_F(SandboxJetshopOrderActions, DeliveryNoteRecordsTrackingAndCarrierAndPartialDeliveries) {
    const Reply part = post(connect("/Order/CreateDeliveryNote"),
                            json::parse(R"({"OrderNo":")" + ref + R"(","NoteNo":"D1","DeliveryDate":"2026-12-06","CarrierName":"PostNord",
                                "DeliverynoteItems":[{"RowNumber":1,"ItemNo":"A1001-1","Qty":1}],
                                "DeliveryNotePackages":[{"ParcelNumber":"00370733741234567890"}]})"));
    ASSERT_EQ(part.status, 200) << part.body;
    auto o = order();
    EXPECT_EQ(o.at("StatusId").as_int64(), 8) << "partly delivered";
    const auto& d = o.at("Deliveries").as_array().at(0).as_object();
    EXPECT_EQ(d.at("Carrier").as_string(), "PostNord");
    EXPECT_EQ(d.at("TrackingNumbers").as_array().at(0).as_string(), "00370733741234567890");
    EXPECT_TRUE(d.at("Partial").as_bool());

    const Reply rest = post(connect("/Order/CreateDeliveryNote"),
                            json::parse(R"({"OrderNo":")" + ref + R"(","NoteNo":"D2","DeliveryDate":"2026-12-06","CarrierName":"DHL",
                                "DeliveryNotePackages":[{"ParcelNumber":"JJD000390007"}],"NotifyCustomer":true})"));
    ASSERT_EQ(rest.status, 200) << rest.body;
    o = order();
    EXPECT_EQ(o.at("StatusId").as_int64(), 4) << "delivered";
    EXPECT_TRUE(o.at("Deliveries").as_array().at(1).at("NotifyCustomer").as_bool());
    for (const auto& l : o.at("Lines").as_array()) EXPECT_EQ(l.at("Delivered"), l.at("Quantity"));

    EXPECT_EQ(post(connect("/Order/CreateDeliveryNote"), json::parse(R"({"OrderNo":")" + ref + R"(","NoteNo":"D2","DeliveryDate":"2026-12-06"})")).status, 400)
        << "same note twice";
}

TEST_F(SandboxJetshopOrderActions, InvoiceCapturesAgainstThePspReference) {
    const auto before = order();
    const double total = num(before.at("TotalIncVat"));
    const Reply r = post(connect("/Order/CreateInvoice"),
                         json::object{{"ClientOrderRef", std::stoi(ref)}, {"ErpOrderNo", "V-1"}, {"InvoiceNo", "F-1"},
                                      {"InvoiceDate", "2026-11-23"}, {"CurrencyCode", "SEK"}, {"Items", items()},
                                      {"TotalAmount", total}, {"NotifyCustomer", true}});
    ASSERT_EQ(r.status, 200) << r.body;
    const auto o = order();
    EXPECT_EQ(o.at("StatusId").as_int64(), 5) << "invoiced";
    const auto& c = o.at("Captures").as_array().at(0).as_object();
    EXPECT_EQ(c.at("Result").as_string(), "Captured");
    EXPECT_EQ(c.at("PaymentRef"), before.at("PaymentRef"));
    EXPECT_DOUBLE_EQ(num(c.at("Amount")), total);
    EXPECT_DOUBLE_EQ(num(o.at("Captured")), total);
    EXPECT_TRUE(o.at("Invoices").as_array().at(0).at("NotifyCustomer").as_bool());

    EXPECT_EQ(post(connect("/Order/CreateInvoice"),
                   json::object{{"ClientOrderRef", std::stoi(ref)}, {"ErpOrderNo", "V-1"}, {"InvoiceNo", "F-1"},
                                {"InvoiceDate", "2026-11-23"}, {"CurrencyCode", "SEK"}, {"Items", items()}}).status, 400)
        << "invoice numbers are unique";
    EXPECT_EQ(post(connect("/Order/CancelOrder"), json::object{{"ClientOrderRef", std::stoi(ref)}, {"ErpOrderNo", "V-1"}}).status, 400)
        << "a captured order is credited, not cancelled";
}

TEST_F(SandboxJetshopOrderActions, CaptureBeyondTheAuthorizationIsRejected) {
    const double total = num(order().at("TotalIncVat"));
    const Reply r = post(connect("/Order/CreateInvoice"),
                         json::object{{"ClientOrderRef", std::stoi(ref)}, {"ErpOrderNo", "V-1"}, {"InvoiceNo", "F-2"},
                                      {"InvoiceDate", "2026-11-23"}, {"CurrencyCode", "SEK"}, {"Items", items()},
                                      {"TotalAmount", total + 100}});
    EXPECT_EQ(r.status, 400) << r.body;
    const auto o = order();
    EXPECT_EQ(o.at("Captures").as_array().at(0).at("Result").as_string(), "Rejected");
    EXPECT_TRUE(o.at("Invoices").as_array().empty());
    EXPECT_NE(o.at("StatusId").as_int64(), 5);
}

TEST_F(SandboxJetshopOrderActions, CancelOrderVoidsThePaymentsNamed) {
    const std::string psp(order().at("PaymentRef").as_string());
    const Reply r = post(connect("/Order/CancelOrder"),
                         json::parse(R"({"ClientOrderRef":)" + ref + R"(,"ErpOrderNo":")" + ref + R"(","Payments":[{"PaymentRef":")" + psp +
                                     R"("}],"NotifyCustomer":false})"));
    ASSERT_EQ(r.status, 200) << r.body;
    const auto o = order();
    EXPECT_EQ(o.at("StatusId").as_int64(), 6);
    EXPECT_EQ(o.at("Cancellation").at("VoidedPaymentRefs").as_array().at(0).as_string(), psp);
    EXPECT_FALSE(o.at("Cancellation").at("NotifyCustomer").as_bool());
    EXPECT_EQ(post(connect("/Order/CreateDeliveryNote"),
                   json::object{{"OrderNo", ref}, {"NoteNo", "D9"}, {"DeliveryDate", "2026-12-06"}}).status, 400)
        << "nothing ships after a cancel";
}
