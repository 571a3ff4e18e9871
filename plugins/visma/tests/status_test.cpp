// status.read: delivered, invoiced, paid and cancelled read from the heads changed
// since the last pass (TIMESTAMP cursor), each reported once.

#include "plugin_fixture.hpp"

namespace visma_test {

struct VismaPluginStatus : VismaFixture {
    // What a person at Visma does to an order, through the ADK.
    void on_order(double number, const std::function<void(Rec&)>& change) {
        at_visma([&] {
            Rec h(ADK_DB_ORDER_HEAD);
            ASSERT_EQ(emulator().AdkSetSortOrder(h.get(), eOrderNr).lRc, ADKE_OK);
            emulator().AdkSetDouble(h.get(), ADK_OOI_HEAD_DOCUMENT_NUMBER, number);
            ASSERT_EQ(emulator().AdkFind(h.get()).lRc, ADKE_OK);
            change(h);
            ASSERT_EQ(emulator().AdkUpdate(h.get()).lRc, ADKE_OK);
        });
    }
    double invoice_order(double order_number) {
        double invoice = 0;
        at_visma([&] {
            Rec i(ADK_DB_INVOICE_HEAD);
            emulator().AdkSetDouble(i.get(), ADK_OOI_HEAD_DOCUMENT_CONNECTION_NUMBER1, order_number);
            ASSERT_EQ(emulator().AdkAdd(i.get()).lRc, ADKE_OK);
            invoice = i.dbl(ADK_OOI_HEAD_DOCUMENT_NUMBER);
        });
        return invoice;
    }
    void pay(double invoice, double amount) {
        at_visma([&] {
            Rec p(ADK_DB_CUSTOMERPAYMENT);
            emulator().AdkSetDouble(p.get(), ADK_CUSTOMERPAYMENT_INVOICE_NUMBER, invoice);
            emulator().AdkSetDouble(p.get(), ADK_CUSTOMERPAYMENT_AMOUNT_KR, amount);
            ASSERT_EQ(emulator().AdkAdd(p.get()).lRc, ADKE_OK);
        });
    }
    boost::json::value cursor = nullptr;
    // One status pass from the last cursor; returns "order_id:status" of each event.
    std::vector<std::string> pass(std::vector<boost::json::object>* events = nullptr, int64_t limit = 100) {
        auto r = call({{"op", "status.read"}, {"cursor", cursor}, {"limit", limit}});
        EXPECT_TRUE(r.ok()) << r.message();
        std::vector<std::string> out;
        if (!r.ok()) return out;
        for (const auto& e : r.document.at("records").as_array()) {
            // Each is a valid canonical OrderStatusEvent.
            skarv::model::read_order_status_event(e);
            out.push_back(text(e.at("order_id")) + ":" + text(e.at("status")));
            if (events) events->push_back(e.as_object());
        }
        cursor = r.document.at("cursor");
        last_more = r.document.at("more").as_bool();
        return out;
    }
    bool last_more = false;
};

TEST_F(VismaPluginStatus, DeliveredInvoicedPaidAndCancelledEachComeOnce) {
    auto a = order("300001", {{skus().at(0), 1, 12345}}, 4900);   // 172.45: Visma rounds to 172
    auto w = write_orders({a, order("300002", {{skus().at(1), 1, 10000}})});
    ASSERT_TRUE(w.ok()) << w.message();
    const double order_a = doc_number(text(result(w, 0).at("target_id")));
    const double order_b = doc_number(text(result(w, 1).at("target_id")));

    EXPECT_TRUE(pass().empty());   // new orders: nothing to tell the shop yet
    EXPECT_TRUE(pass().empty());

    // A head that changes again is read again, and its unchanged event comes again to the
    // byte (the host's content hash skips it). Whether a later change lands in the same
    // second as the last read decides if that happens, so compare only what is new.
    std::vector<boost::json::object> seen;
    auto fresh = [&](std::vector<boost::json::object>* out) {
        std::vector<boost::json::object> events;
        pass(&events);
        std::vector<std::string> names;
        for (const auto& e : events) {
            if (std::find(seen.begin(), seen.end(), e) != seen.end()) continue;   // a byte-identical repeat
            seen.push_back(e);
            names.push_back(text(e.at("order_id")) + ":" + text(e.at("status")));
            if (out) out->push_back(e);
        }
        return names;
    };

    on_order(order_a, [](Rec& h) { emulator().AdkSetBool(h.get(), ADK_OOI_HEAD_ORDER_DELIVERED, 1); });
    std::vector<boost::json::object> events;
    EXPECT_EQ(fresh(&events), (std::vector<std::string>{"300001:delivered"}));
    EXPECT_EQ(text(events.at(0).at("erp_document")), "order:" + std::to_string(static_cast<int>(order_a)));
    EXPECT_EQ(text(events.at(0).at("occurred_at")).size(), 10u);   // the delivery date
    EXPECT_TRUE(fresh(nullptr).empty()) << "a delivered order is reported once";

    const double invoice = invoice_order(order_a);
    events.clear();
    EXPECT_EQ(fresh(&events), (std::vector<std::string>{"300001:invoiced"}));
    EXPECT_EQ(text(events.at(0).at("erp_document")), "invoice:" + std::to_string(static_cast<int>(invoice)));
    EXPECT_TRUE(fresh(nullptr).empty());

    // The customer paid the shop's exact amount by card: only the öresavrundning is left.
    pay(invoice, 172.45);
    EXPECT_EQ(fresh(nullptr), (std::vector<std::string>{"300001:paid"}));
    EXPECT_TRUE(fresh(nullptr).empty());

    on_order(order_b, [](Rec& h) { emulator().AdkSetBool(h.get(), ADK_OOI_HEAD_DOCUMENT_CANCELLED, 1); });
    EXPECT_EQ(pass(), (std::vector<std::string>{"300002:cancelled"}));
    EXPECT_TRUE(pass().empty());
}

TEST_F(VismaPluginStatus, APartPaymentIsNotPaid) {
    auto w = write_orders({order("300101", {{skus().at(0), 2, 10000}})}, "invoice");
    ASSERT_TRUE(w.ok()) << w.message();
    EXPECT_EQ(pass(), (std::vector<std::string>{"300101:invoiced"}));
    pay(doc_number(text(result(w, 0).at("target_id"))), 100.0);
    // 100 of 200 kr paid: not paid, and nothing a shop needs to hear about. (In a later
    // second the unchanged "invoiced" would be read again; the host skips it by content.)
    for (const auto& e : pass()) EXPECT_EQ(e, "300101:invoiced");
    pay(doc_number(text(result(w, 0).at("target_id"))), 100.0);
    EXPECT_EQ(pass(), (std::vector<std::string>{"300101:invoiced", "300101:paid"}));
}

TEST_F(VismaPluginStatus, TheTrackingNumberComesFromTheConfiguredField) {
    auto cfg = config();
    cfg["tracking_field"] = "TEXT3";
    cfg["capture_on_invoice"] = true;
    plugin = make(cfg, "tracking");
    auto w = write_orders({order("300201", {{skus().at(0), 1, 12345}}, 4900)});
    ASSERT_TRUE(w.ok()) << w.message();
    const double number = doc_number(text(result(w, 0).at("target_id")));
    at_visma([&] {
        Rec h(ADK_DB_ORDER_HEAD);
        ASSERT_TRUE(h.first_where(ADK_OOI_HEAD_CUSTOMER_ORDER_NUMBER, "300201"));
        EXPECT_EQ(h.raw(ADK_OOI_HEAD_TEXT3), "") << "the tracking field is left for the warehouse";
    });
    on_order(number, [](Rec& h) {
        emulator().AdkSetBool(h.get(), ADK_OOI_HEAD_ORDER_DELIVERED, 1);
        emulator().AdkSetStr(h.get(), ADK_OOI_HEAD_TEXT3, "00370712345678901234");
    });
    std::vector<boost::json::object> events;
    pass(&events);
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(text(events.at(0).at("tracking_number")), "00370712345678901234");
    invoice_order(number);
    events.clear();
    pass(&events);
    // The invoice may touch the order head within the same TIMESTAMP second as the
    // delivery (a loaded machine), so the delivery can be told again; the host's content
    // hash keeps the shop from hearing it twice. What matters here is the one invoice.
    std::vector<boost::json::object> invoiced;
    for (const auto& e : events)
        if (text(e.at("status")) == "invoiced") invoiced.push_back(e);
    ASSERT_EQ(invoiced.size(), 1u) << boost::json::serialize(boost::json::value_from(events));
    // Capture the exact öre amount the shop charged, not Visma's rounded total.
    EXPECT_EQ(invoiced.at(0).at("capture").at("amount").at("minor").as_int64(), 17245);
}

TEST_F(VismaPluginStatus, PagesFollowTheLimitAndLoseNothing) {
    boost::json::array orders;
    for (int i = 0; i < 5; ++i) orders.push_back(order("3004" + std::to_string(i), {{skus().at(0), 1, 10000}}));
    auto w = write_orders(orders);
    ASSERT_TRUE(w.ok()) << w.message();
    for (int i = 0; i < 5; ++i)
        on_order(doc_number(text(result(w, static_cast<std::size_t>(i)).at("target_id"))),
                 [](Rec& h) { emulator().AdkSetBool(h.get(), ADK_OOI_HEAD_ORDER_DELIVERED, 1); });
    std::vector<std::string> all;
    for (int page = 0; page < 10; ++page) {
        auto got = pass(nullptr, 2);
        EXPECT_LE(got.size(), 2u);
        all.insert(all.end(), got.begin(), got.end());
        if (!last_more) break;
    }
    std::sort(all.begin(), all.end());
    EXPECT_EQ(all, (std::vector<std::string>{"30040:delivered", "30041:delivered", "30042:delivered", "30043:delivered",
                                             "30044:delivered"}));
}

}  // namespace visma_test
