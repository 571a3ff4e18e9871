// Point 3: deliveries (with tracking) and cancellations out of Specter's order feed as
// OrderStatusEvents, matched by orderNo; invoices (with a capture) from Specter's
// actionNewInvoice callback; the batch is acknowledged only in status.ack, and an open
// batch (Specter's "one open batch" error) is recovered from.
#include <mutex>

#include "plugin_fixture.hpp"

using namespace specter_plugin_test;

namespace {

struct SpecterPluginStatus : SpecterPluginFixture {
    std::string order_no(const std::string& order_id, const std::string& webshop = "1") {
        auto o = emu.order_by_external_no(order_id, webshop);
        EXPECT_TRUE(o) << order_id;
        return o ? o->order_no : "";
    }
    void place(const std::string& id, int channel = 1) {
        auto r = write_orders({order(id, {{stock_articles()[0], 1, 24900}}, channel, 4900)});
        ASSERT_TRUE(r.ok()) << r.message();
    }
    CallResult read(const boost::json::value& cursor) { return call({{"op", "status.read"}, {"cursor", cursor}, {"limit", 100}}); }
    static std::vector<boost::json::object> events(const CallResult& r, const std::string& order_id) {
        std::vector<boost::json::object> out;
        for (const auto& e : r.document.at("records").as_array())
            if (e.at("order_id") == order_id.c_str()) out.push_back(e.as_object());
        return out;
    }
};

}  // namespace

TEST_F(SpecterPluginStatus, DeliveryAndCancellationBecomeEventsMatchedByOrderNo) {
    place("100201");
    place("100202");
    place("100203", 2);
    emu.deliver(order_no("100201"), "TRK-100201");
    emu.cancel(order_no("100202"), "kunden ångrade sig");
    emu.deliver(order_no("100203", "2"), "TRK-100203");

    auto r = read(nullptr);
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_EQ(r.document.at("ack"), true);
    EXPECT_EQ(r.document.at("more"), false);

    auto first = events(r, "100201");
    ASSERT_EQ(first.size(), 1u) << boost::json::serialize(r.document);
    EXPECT_EQ(first[0].at("status"), "delivered");
    EXPECT_EQ(first[0].at("tracking_number"), "TRK-100201");
    EXPECT_EQ(str(first[0].at("erp_document")), order_no("100201"));
    EXPECT_EQ(first[0].at("customer_email"), "asa.oberg+100201@example.se");
    for (const auto& e : first) skarv::model::read_order_status_event(e);   // canonical

    auto second = events(r, "100202");
    ASSERT_EQ(second.size(), 1u);
    EXPECT_EQ(second[0].at("status"), "cancelled");
    auto third = events(r, "100203");   // webshop 2's feed too
    ASSERT_EQ(third.size(), 1u);
    EXPECT_EQ(third[0].at("tracking_number"), "TRK-100203");

    // Nothing is acknowledged until the host says so.
    const auto& cursor = r.document.at("cursor");
    auto batch = std::string(cursor.at("batches").at("1").as_string());
    EXPECT_EQ(emu.open_batch(SpecterFeed::orders, "1"), batch);
    EXPECT_EQ(emu.pending(SpecterFeed::orders, "1"), 2u);
    auto ack = call({{"op", "status.ack"}, {"cursor", cursor}});
    ASSERT_TRUE(ack.ok()) << ack.message();
    EXPECT_FALSE(emu.open_batch(SpecterFeed::orders, "1"));
    EXPECT_FALSE(emu.open_batch(SpecterFeed::orders, "2"));
    EXPECT_EQ(emu.pending(SpecterFeed::orders, "1"), 0u);
    EXPECT_EQ(emu.pending(SpecterFeed::orders, "2"), 0u);

    // Read again: nothing new.
    auto empty = read(cursor);
    ASSERT_TRUE(empty.ok()) << empty.message();
    EXPECT_TRUE(empty.document.at("records").as_array().empty());
}

// Per-order state lives under order/, where the host's retention prunes it (abi.h).
TEST_F(SpecterPluginStatus, WhichShopOrderASpecterOrderIsLivesUnderOrder) {
    place("100211");
    const auto no = order_no("100211");
    EXPECT_EQ(state.values.at("specter-erp/order/by-specter-no/" + no), "100211");
    EXPECT_FALSE(state.values.contains("specter-erp/specter-order/" + no));
    EXPECT_TRUE(state.values.contains("specter-erp/order/100211"));
}

// A release before the order/ convention kept the reverse key at specter-order/<no>:
// an order written then still gets its events, and the key moves under order/.
TEST_F(SpecterPluginStatus, AReverseKeyFromBeforeTheOrderPrefixStillMatchesAndMoves) {
    place("100212");
    const auto no = order_no("100212");
    state.values.erase("specter-erp/order/by-specter-no/" + no);
    state.values["specter-erp/specter-order/" + no] = "100212";
    emu.deliver(no, "TRK-100212");

    auto r = read(nullptr);
    ASSERT_TRUE(r.ok()) << r.message();
    auto delivered = events(r, "100212");
    ASSERT_EQ(delivered.size(), 1u) << all_text(r);
    EXPECT_EQ(delivered[0].at("tracking_number"), "TRK-100212");
    EXPECT_EQ(state.values.at("specter-erp/order/by-specter-no/" + no), "100212");
    EXPECT_FALSE(state.values.contains("specter-erp/specter-order/" + no));
}

TEST_F(SpecterPluginStatus, AnOpenBatchNeverRecordedIsDeliveredAgain) {
    place("100211");
    emu.deliver(order_no("100211"), "TRK-1");
    auto r = read(nullptr);
    ASSERT_TRUE(r.ok()) << r.message();
    auto batch = r.document.at("cursor").at("batches").at("1");
    // The host died before recording the page: it reads again with its old cursor.
    auto again = read(nullptr);
    ASSERT_TRUE(again.ok()) << again.message();
    EXPECT_EQ(again.document.at("cursor").at("batches").at("1"), batch);
    ASSERT_EQ(events(again, "100211").size(), 1u);
    EXPECT_EQ(events(again, "100211")[0].at("tracking_number"), "TRK-1");
    ASSERT_TRUE(call({{"op", "status.ack"}, {"cursor", again.document.at("cursor")}}).ok());
    EXPECT_EQ(emu.pending(SpecterFeed::orders, "1"), 0u);
}

TEST_F(SpecterPluginStatus, AnOpenBatchAlreadyRecordedIsAcknowledgedThenTheNextIsRead) {
    place("100221");
    place("100222");
    emu.deliver(order_no("100221"), "TRK-A");
    auto r = read(nullptr);
    ASSERT_TRUE(r.ok()) << r.message();
    // The host recorded the page (its cursor) but died before status.ack.
    auto recorded = r.document.at("cursor");
    emu.deliver(order_no("100222"), "TRK-B");
    auto next = read(recorded);
    ASSERT_TRUE(next.ok()) << next.message();
    EXPECT_TRUE(events(next, "100221").empty()) << "the recorded batch must not come again";
    ASSERT_EQ(events(next, "100222").size(), 1u);
    EXPECT_EQ(events(next, "100222")[0].at("tracking_number"), "TRK-B");
    EXPECT_NE(next.document.at("cursor").at("batches").at("1"), recorded.at("batches").at("1"));
    ASSERT_TRUE(call({{"op", "status.ack"}, {"cursor", next.document.at("cursor")}}).ok());
    EXPECT_EQ(emu.pending(SpecterFeed::orders, "1"), 0u);
}

TEST_F(SpecterPluginStatus, AckOfAStaleCursorLeavesTheOpenBatchAlone) {
    place("100231");
    emu.deliver(order_no("100231"), "TRK-C");
    auto r = read(nullptr);
    ASSERT_TRUE(r.ok());
    auto open = emu.open_batch(SpecterFeed::orders, "1");
    ASSERT_TRUE(open);
    auto stale = call({{"op", "status.ack"}, {"cursor", {{"batches", {{"1", "some-old-batch"}}}}}});
    EXPECT_TRUE(stale.ok()) << stale.message();
    EXPECT_EQ(emu.open_batch(SpecterFeed::orders, "1"), open);
}

// Invoices: check registers actionNewInvoice with Specter; Specter calls it on the
// invoice; callback.parse turns what arrived into an invoiced event with the capture.
TEST_F(SpecterPluginStatus, InvoiceCallbackBecomesAnInvoicedEventWithCapture) {
    skarv::sandbox::HttpEmulator receiver("skarv-callback");
    std::mutex m;
    std::vector<std::string> queries;
    receiver.route_prefix("GET", "/callback/", [&](const skarv::sandbox::HttpRequest& req) {
        std::lock_guard lock(m);
        queries.push_back(req.raw_query);
        return skarv::sandbox::HttpReply::text("1;Done");
    });
    receiver.start();
    const std::string secret = "s3cr3t-0123456789abcdef";
    auto cfg = config();
    cfg["callback_url"] = receiver.base_url() + "/callback/specter-erp/" + secret;
    plugin = make(cfg);
    auto checked = plugin->check();
    ASSERT_TRUE(checked.ok()) << checked.message();
    EXPECT_NE(emu.state().at("callbacks").at("1").at("actionNewInvoice").as_string().find("calltype=2"),
              std::string::npos);

    place("100241");
    std::string invoice_no = emu.invoice(order_no("100241"));
    emu.callbacks_sent(3000);
    std::string query;
    {
        std::lock_guard lock(m);
        ASSERT_EQ(queries.size(), 1u);
        query = queries[0];
    }
    auto wrong = call({{"op", "callback.parse"}, {"secret", "guess-0123456789abcdef"}, {"query", query}});
    EXPECT_EQ(wrong.status, SKARV_ERR_AUTH);
    auto r = call({{"op", "callback.parse"}, {"secret", secret}, {"query", query}, {"body", ""}});
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_EQ(r.document.at("reply").at("body"), "1;Done");
    const auto& recs = r.document.at("records").as_array();
    ASSERT_EQ(recs.size(), 1u);
    auto e = skarv::model::read_order_status_event(recs[0]);
    EXPECT_EQ(e.order_id, "100241");
    EXPECT_EQ(e.status, skarv::model::OrderStatus::invoiced);
    EXPECT_EQ(e.erp_document, invoice_no);
    ASSERT_TRUE(e.capture);
    EXPECT_EQ(e.capture->amount.minor(), emu.invoices().at(0).total_inc_vat);
    EXPECT_EQ(e.capture->amount.minor(), 24900 + 4900);
    EXPECT_EQ(e.capture->payment_reference, "klarna-100241");
    for (const auto& line : log_lines) EXPECT_EQ(line.find(secret), std::string::npos) << line;
}

TEST_F(SpecterPluginStatus, InvoiceCallbackForAnOrderSkarvDidNotWriteGivesNoEvent) {
    auto cfg = config();
    cfg["callback_url"] = "http://127.0.0.1:1/callback/specter-erp/s3cr3t-0123456789abcdef";
    plugin = make(cfg);
    auto r = call({{"op", "callback.parse"}, {"secret", "s3cr3t-0123456789abcdef"},
                   {"query", "calltype=2&orderId=49999&invoiceId=70001&invoiceSource=S"}});
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_TRUE(r.document.at("records").as_array().empty());
}
