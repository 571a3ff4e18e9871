// Point 3: canonical status events become Norce follow-ups, and the emulator holds the
// delivery with tracking and carrier, the invoice with its capture, the cancellation.
#include "plugin_fixture.hpp"

using namespace jetshop_test;

namespace {

struct JetshopPluginStatus : Fixture {
    // An open order (Created), so every follow-up applies.
    std::string open_order() {
        return emu->create_order(json::object{{"ApplicationId", 1}, {"PaymentMethod", "klarna"},
                                              {"PaymentRef", "klarna-abc-1"}, {"FreightIncVat", 49}, {"Push", false}});
    }
    json::object order(const std::string& ref) { return state_object("orders").at(ref).as_object(); }
    CallResult write(PluginInstance& p, json::array events) {
        return p.call(json::object{{"op", "status.write"}, {"records", std::move(events)}});
    }
};

}  // namespace

TEST_F(JetshopPluginStatus, DeliveredCreatesADeliveryNoteWithTrackingAndCarrier) {
    const auto ref = open_order();
    auto plugin = instance();
    auto r = write(*plugin, json::array{json::object{{"order_id", ref}, {"status", "delivered"},
                                                     {"erp_document", "FS-9001"}, {"tracking_number", "00370712345"},
                                                     {"carrier", "PostNord"}, {"notify_customer", false}}});
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_EQ(results_of(r).at(0).at("outcome"), "updated");
    const auto o = order(ref);
    EXPECT_EQ(o.at("StatusId"), 4);
    ASSERT_EQ(o.at("Deliveries").as_array().size(), 1u);
    const auto& d = o.at("Deliveries").at(0);
    EXPECT_EQ(d.at("NoteNo"), "FS-9001");
    EXPECT_EQ(d.at("Carrier"), "PostNord");
    EXPECT_EQ(d.at("TrackingNumbers"), (json::array{"00370712345"}));
    EXPECT_EQ(d.at("NotifyCustomer"), false);

    // The same event again (a retried batch) finds its own note: unchanged, no second delivery.
    auto again = write(*plugin, json::array{json::object{{"order_id", ref}, {"status", "delivered"},
                                                         {"erp_document", "FS-9001"}, {"tracking_number", "00370712345"},
                                                         {"carrier", "PostNord"}}});
    ASSERT_TRUE(again.ok()) << again.message();
    EXPECT_EQ(results_of(again).at(0).at("outcome"), "unchanged");
    EXPECT_EQ(order(ref).at("Deliveries").as_array().size(), 1u);
}

TEST_F(JetshopPluginStatus, InvoicedCapturesTheAmountAgainstThePspReferenceToTheOre) {
    const auto ref = open_order();
    const int64_t total = ore(order(ref).at("TotalIncVat"));
    auto plugin = instance();
    auto r = write(*plugin, json::array{json::object{
                                {"order_id", ref}, {"status", "invoiced"}, {"erp_document", "F-5501"}, {"notify_customer", true},
                                {"capture", json::object{{"amount", json::object{{"minor", total}, {"currency", "SEK"}}},
                                                         {"payment_reference", "klarna-abc-1"}}}}});
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_EQ(results_of(r).at(0).at("outcome"), "updated");
    const auto o = order(ref);
    EXPECT_EQ(o.at("StatusId"), 5);
    ASSERT_EQ(o.at("Captures").as_array().size(), 1u);
    EXPECT_EQ(o.at("Captures").at(0).at("Result"), "Captured");
    EXPECT_EQ(o.at("Captures").at(0).at("PaymentRef"), "klarna-abc-1");
    EXPECT_EQ(ore(o.at("Captured")), total);
    EXPECT_EQ(o.at("Invoices").at(0).at("InvoiceNo"), "F-5501");
    EXPECT_EQ(o.at("Invoices").at(0).at("NotifyCustomer"), true);
}

TEST_F(JetshopPluginStatus, ACaptureBeyondTheAuthorizationFailsThatEventOnly) {
    const auto a = open_order(), b = open_order();
    auto plugin = instance();
    auto r = write(*plugin, json::array{
                                json::object{{"order_id", a}, {"status", "invoiced"}, {"erp_document", "F-1"},
                                             {"capture", json::object{{"amount", json::object{{"minor", 99999999}, {"currency", "SEK"}}},
                                                                      {"payment_reference", "klarna-abc-1"}}}},
                                json::object{{"order_id", b}, {"status", "cancelled"}},
                                json::object{{"order_id", "999999"}, {"status", "delivered"}},
                                json::object{{"order_id", b}, {"status", "shipped"}}});
    ASSERT_TRUE(r.ok()) << r.message();
    const auto& res = results_of(r);
    EXPECT_EQ(res.at(0).at("outcome"), "failed");
    EXPECT_NE(std::string(res.at(0).at("error").at("message").as_string()).find(a), std::string::npos);
    EXPECT_EQ(res.at(1).at("outcome"), "updated");
    EXPECT_EQ(res.at(2).at("outcome"), "failed");
    EXPECT_EQ(res.at(2).at("error").at("code"), "unknown_order");
    EXPECT_EQ(res.at(3).at("outcome"), "failed");
    EXPECT_EQ(res.at(3).at("error").at("code"), "invalid_record");
    EXPECT_EQ(order(a).at("Invoices").as_array().size(), 0u);
    EXPECT_EQ(ore(order(a).at("Captured")), 0);
    EXPECT_EQ(order(b).at("StatusId"), 6);
}

TEST_F(JetshopPluginStatus, CancelledVoidsThePaymentRememberedFromThePush) {
    const auto ref = open_order();
    auto plugin = instance();
    // What orders.parse_push remembered for this order (its PSP reference), where a
    // release before the order/ convention kept it: still found.
    host_state.set("shop", "payment_ref/" + ref, std::string("klarna-abc-1"));
    auto r = write(*plugin, json::array{json::object{{"order_id", ref}, {"status", "cancelled"}, {"notify_customer", true}}});
    ASSERT_TRUE(r.ok()) << r.message();
    const auto o = order(ref);
    EXPECT_EQ(o.at("StatusId"), 6);
    EXPECT_EQ(o.at("Cancellation").at("VoidedPaymentRefs"), (json::array{"klarna-abc-1"}));
    EXPECT_EQ(o.at("Cancellation").at("NotifyCustomer"), true);
}

TEST_F(JetshopPluginStatus, PaidSendsTheMappedStatusName) {
    const auto ref = open_order();
    auto cfg = config();
    cfg["status_map"] = json::object{{"paid", "Confirmed"}};
    auto plugin = instance(cfg);
    auto r = write(*plugin, json::array{json::object{{"order_id", ref}, {"status", "paid"}, {"notify_customer", false}}});
    ASSERT_TRUE(r.ok()) << r.message();
    const auto o = order(ref);
    EXPECT_EQ(o.at("Status"), "Confirmed");
    EXPECT_EQ(o.at("StatusHistory").as_array().back().at("Source"), "SendOrderStatus");
    EXPECT_EQ(o.at("StatusHistory").as_array().back().at("NotifyCustomer"), false);
}

// Norce's documented ERP acknowledgement (shopping-integrations): SendOrderStatus Confirmed
// with the ERP's order number, which Norce keeps as the order's OrderNo; the delivery note
// that follows is keyed by that number (CreateDeliveryNote OrderNo) and lists the lines.
TEST_F(JetshopPluginStatus, ConfirmedStoresTheErpOrderNoAndTheDeliveryNoteIsKeyedByIt) {
    const auto ref = open_order();
    auto plugin = instance();
    auto c = write(*plugin, json::array{json::object{{"order_id", ref}, {"status", "confirmed"},
                                                     {"erp_order_no", "V-7001"}, {"notify_customer", false}}});
    ASSERT_TRUE(c.ok()) << c.message();
    EXPECT_EQ(results_of(c).at(0).at("outcome"), "updated") << json::serialize(c.document);
    EXPECT_EQ(order(ref).at("StatusId"), 2);
    EXPECT_EQ(order(ref).at("ErpOrderNo"), "V-7001");

    auto d = write(*plugin, json::array{json::object{{"order_id", ref}, {"status", "delivered"},
                                                     {"erp_document", "FS-1"}, {"tracking_number", "0037"}}});
    ASSERT_TRUE(d.ok()) << d.message();
    EXPECT_EQ(results_of(d).at(0).at("outcome"), "updated") << json::serialize(d.document);
    const auto o = order(ref);
    ASSERT_EQ(o.at("Deliveries").as_array().size(), 1u);
    const auto& items = o.at("Deliveries").at(0).at("Items").as_array();
    ASSERT_FALSE(items.empty()) << "DeliverynoteItems were sent";
    for (const auto& l : o.at("Lines").as_array()) {
        if (l.at("PartNo") == "FREIGHT") continue;
        EXPECT_EQ(l.at("Delivered"), l.at("Quantity")) << json::serialize(l);
    }
}

// The ERP's delivery names its rows (OrderStatusEvent lines), so CreateDeliveryNote's
// DeliverynoteItems[{ItemNo, Qty, RowNumber}] carry exactly those: two partial deliveries of
// one order land as two notes, and more than remains is refused before it is sent.
TEST_F(JetshopPluginStatus, TwoPartialDeliveriesLandAsTwoNotesWithTheirOwnItems) {
    const auto ref = emu->create_order(json::object{
        {"ApplicationId", 1}, {"FreightIncVat", 49}, {"Push", false},
        {"Items", json::array{json::object{{"PartNo", "A1001-1"}, {"Quantity", 3}},
                              json::object{{"PartNo", "A1002-1"}, {"Quantity", 1}}}}});
    auto plugin = instance();
    auto first = write(*plugin, json::array{json::object{
                                    {"order_id", ref}, {"status", "delivered"}, {"erp_document", "FS-1"},
                                    {"lines", json::array{json::object{{"sku", "A1001-1"}, {"quantity", 2}}}}}});
    ASSERT_TRUE(first.ok()) << first.message();
    EXPECT_EQ(results_of(first).at(0).at("outcome"), "updated") << json::serialize(first.document);
    EXPECT_EQ(order(ref).at("StatusId"), 8) << "partly delivered, not Delivered";

    // More of A1001-1 than the one left: refused for good, naming order and SKU; nothing sent.
    auto over = write(*plugin, json::array{json::object{
                                   {"order_id", ref}, {"status", "delivered"}, {"erp_document", "FS-X"},
                                   {"lines", json::array{json::object{{"sku", "A1001-1"}, {"quantity", 2}}}}}});
    ASSERT_TRUE(over.ok()) << over.message();
    const auto& refused = results_of(over).at(0);
    EXPECT_EQ(refused.at("outcome"), "failed");
    EXPECT_EQ(refused.at("error").at("code"), "over_delivery");
    EXPECT_EQ(refused.at("error").at("retryable"), false);
    const std::string message(refused.at("error").at("message").as_string());
    EXPECT_NE(message.find("order " + ref), std::string::npos) << message;
    EXPECT_NE(message.find("A1001-1"), std::string::npos) << message;
    EXPECT_NE(message.find("only 1 of the 3"), std::string::npos) << message;
    EXPECT_EQ(order(ref).at("Deliveries").as_array().size(), 1u);

    auto rest = write(*plugin, json::array{json::object{
                                   {"order_id", ref}, {"status", "delivered"}, {"erp_document", "FS-2"},
                                   {"lines", json::array{json::object{{"sku", "A1001-1"}, {"quantity", 1}},
                                                         json::object{{"sku", "A1002-1"}, {"quantity", 1}}}}}});
    ASSERT_TRUE(rest.ok()) << rest.message();
    EXPECT_EQ(results_of(rest).at(0).at("outcome"), "updated") << json::serialize(rest.document);

    const auto o = order(ref);
    EXPECT_EQ(o.at("StatusId"), 4) << "the second note delivers the rest";
    const auto& notes = o.at("Deliveries").as_array();
    ASSERT_EQ(notes.size(), 2u);
    EXPECT_EQ(notes.at(0).at("NoteNo"), "FS-1");
    EXPECT_EQ(notes.at(0).at("Items"), (json::array{json::object{{"ItemNo", "A1001-1"}, {"Qty", 2}, {"RowNumber", 1}}}));
    EXPECT_EQ(notes.at(1).at("NoteNo"), "FS-2");
    EXPECT_EQ(notes.at(1).at("Items"), (json::array{json::object{{"ItemNo", "A1001-1"}, {"Qty", 1}, {"RowNumber", 1}},
                                                    json::object{{"ItemNo", "A1002-1"}, {"Qty", 1}, {"RowNumber", 2}}}));
    for (const auto& l : o.at("Lines").as_array()) {
        if (l.at("PartNo") == "FREIGHT") continue;
        EXPECT_EQ(l.at("Delivered"), l.at("Quantity")) << json::serialize(l);
    }
}

// What a follow-up remembers lives under order/, where the host's retention prunes it; what
// a release before that convention remembered (sent/..., delivered/...) is still honoured.
TEST_F(JetshopPluginStatus, FollowUpStateLivesUnderOrderAndTheOldKeysAreStillRead) {
    const auto ref = emu->create_order(json::object{
        {"ApplicationId", 1}, {"FreightIncVat", 49}, {"Push", false},
        {"Items", json::array{json::object{{"PartNo", "A1001-1"}, {"Quantity", 3}},
                              json::object{{"PartNo", "A1002-1"}, {"Quantity", 1}}}}});
    auto plugin = instance();
    auto first = write(*plugin, json::array{json::object{
                                    {"order_id", ref}, {"status", "delivered"}, {"erp_document", "FS-1"},
                                    {"lines", json::array{json::object{{"sku", "A1001-1"}, {"quantity", 2}}}}}});
    ASSERT_TRUE(first.ok()) << first.message();
    ASSERT_EQ(results_of(first).at(0).at("outcome"), "updated") << json::serialize(first.document);
    EXPECT_TRUE(host_state.values.contains("shop/order/sent/notes/FS-1"));
    EXPECT_FALSE(host_state.values.contains("shop/sent/notes/FS-1"));
    ASSERT_TRUE(host_state.values.contains("shop/order/delivered/" + ref));

    // As an older release left it: the note under sent/, the delivered rows under delivered/.
    host_state.values["shop/sent/notes/FS-OLD"] = "old";
    host_state.values["shop/delivered/" + ref] = host_state.values.at("shop/order/delivered/" + ref);
    host_state.values.erase("shop/order/delivered/" + ref);

    auto old_note = write(*plugin, json::array{json::object{{"order_id", ref}, {"status", "delivered"}, {"erp_document", "FS-OLD"}}});
    ASSERT_TRUE(old_note.ok()) << old_note.message();
    EXPECT_EQ(results_of(old_note).at(0).at("outcome"), "unchanged");
    EXPECT_EQ(order(ref).at("Deliveries").as_array().size(), 1u);

    // The rest: only what the old delivered/ key says is still undelivered.
    auto rest = write(*plugin, json::array{json::object{{"order_id", ref}, {"status", "delivered"}, {"erp_document", "FS-2"}}});
    ASSERT_TRUE(rest.ok()) << rest.message();
    ASSERT_EQ(results_of(rest).at(0).at("outcome"), "updated") << json::serialize(rest.document);
    const auto notes = order(ref).at("Deliveries").as_array();
    ASSERT_EQ(notes.size(), 2u);
    EXPECT_EQ(notes.at(1).at("Items"), (json::array{json::object{{"ItemNo", "A1001-1"}, {"Qty", 1}, {"RowNumber", 1}},
                                                    json::object{{"ItemNo", "A1002-1"}, {"Qty", 1}, {"RowNumber", 2}}}));
    EXPECT_TRUE(host_state.values.contains("shop/order/delivered/" + ref));
    EXPECT_FALSE(host_state.values.contains("shop/delivered/" + ref));
}

// A delivery without lines after a partial one ships what remains, not the whole order again.
TEST_F(JetshopPluginStatus, ADeliveryWithoutLinesAfterAPartialOneShipsTheRest) {
    const auto ref = emu->create_order(json::object{
        {"ApplicationId", 1}, {"Push", false},
        {"Items", json::array{json::object{{"PartNo", "A1001-1"}, {"Quantity", 3}}}}});
    auto plugin = instance();
    auto first = write(*plugin, json::array{json::object{
                                    {"order_id", ref}, {"status", "delivered"}, {"erp_document", "FS-1"},
                                    {"lines", json::array{json::object{{"sku", "A1001-1"}, {"quantity", 1}, {"line_no", 1}}}}}});
    ASSERT_TRUE(first.ok()) << first.message();
    EXPECT_EQ(results_of(first).at(0).at("outcome"), "updated") << json::serialize(first.document);
    auto rest = write(*plugin, json::array{json::object{{"order_id", ref}, {"status", "delivered"}, {"erp_document", "FS-2"}}});
    ASSERT_TRUE(rest.ok()) << rest.message();
    EXPECT_EQ(results_of(rest).at(0).at("outcome"), "updated") << json::serialize(rest.document);
    const auto o = order(ref);
    EXPECT_EQ(o.at("StatusId"), 4);
    ASSERT_EQ(o.at("Deliveries").as_array().size(), 2u);
    EXPECT_EQ(o.at("Deliveries").at(1).at("Items"),
              (json::array{json::object{{"ItemNo", "A1001-1"}, {"Qty", 2}, {"RowNumber", 1}}}));
}

// A SKU the order does not have is refused by name, not sent.
TEST_F(JetshopPluginStatus, ADeliveredLineTheOrderLacksIsRefusedByName) {
    const auto ref = open_order();
    auto plugin = instance();
    auto r = write(*plugin, json::array{json::object{
                                {"order_id", ref}, {"status", "delivered"}, {"erp_document", "FS-1"},
                                {"lines", json::array{json::object{{"sku", "NO-SUCH-SKU"}, {"quantity", 1}}}}}});
    ASSERT_TRUE(r.ok()) << r.message();
    const auto& res = results_of(r).at(0);
    EXPECT_EQ(res.at("error").at("code"), "unknown_line");
    EXPECT_EQ(res.at("error").at("retryable"), false);
    EXPECT_NE(std::string(res.at("error").at("message").as_string()).find("NO-SUCH-SKU"), std::string::npos);
    EXPECT_TRUE(order(ref).at("Deliveries").as_array().empty());
}

// A follow-up Norce refuses (400) is a dead letter whose message names what Norce named.
TEST_F(JetshopPluginStatus, ARefusedFollowUpFailsNamingTheFieldAndIsNotRetried) {
    const auto ref = open_order();
    auto plugin = instance();
    auto r = write(*plugin, json::array{json::object{
                                {"order_id", ref}, {"status", "invoiced"}, {"erp_document", "F-EUR"},
                                {"capture", json::object{{"amount", json::object{{"minor", 1000}, {"currency", "EUR"}}},
                                                         {"payment_reference", "klarna-abc-1"}}}}});
    ASSERT_TRUE(r.ok()) << r.message();
    const auto& res = results_of(r).at(0);
    EXPECT_EQ(res.at("outcome"), "failed");
    EXPECT_EQ(res.at("error").at("code"), "refused");
    EXPECT_EQ(res.at("error").at("retryable"), false);
    EXPECT_NE(std::string(res.at("error").at("message").as_string()).find("CurrencyCode"), std::string::npos)
        << json::serialize(res);
    EXPECT_EQ(ore(order(ref).at("Captured")), 0);
}
