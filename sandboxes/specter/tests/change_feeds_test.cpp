// The batch change feeds: one open batch per feed, acknowledge by batch, and the
// ERP-side control endpoints that give the feeds something to report.

#include <gtest/gtest.h>

#include "specter_test_client.hpp"

using namespace specter_test;
using skarv::sandbox::SpecterEmulator;
using skarv::sandbox::SpecterFeed;

namespace {

struct SandboxSpecterFeeds : ::testing::Test {
    SpecterEmulator emu{small_options()};
    Client client{emu};
    void SetUp() override { emu.start(); }

    Reply fetch_stock(const std::string& batch, const Fields& extra = {}, const std::string& xml = "") {
        Fields q{{"batchNo", batch}};
        for (const auto& kv : extra) q.push_back(kv);
        return client.get("getArticleExternalNeedUpdate", batch, q, xml);
    }
    Reply ack(const std::string& action, const std::string& batch) {
        return client.get(action, batch, {{"batchNo", batch}});
    }
    void drain_stock() {
        Reply r = fetch_stock("drain", {{"responseMaxLimit", "100"}});
        ack("updateArticlesFromBatch", "drain");
    }
    std::string place_order(const std::string& external_no, const std::string& webshop = "") {
        std::string customer = create_customer(client);
        std::string article;
        for (const auto& a : emu.articles())
            if (a.keeps_stock && article.empty()) article = a.article_no;
        Fields extra;
        if (!webshop.empty()) extra.emplace_back("webshopId", webshop);
        Reply r = client.put("newOrderSubmit", customer,
                             {{"customerId", customer}, {"externalOrderNo", external_no}, {"articleNo_1", article},
                              {"priceExclVAT_1", "100"}, {"noOfItems_1", "1"}, {"vatPercent_1", "25"}},
                             extra);
        return split(r.body)[1];
    }
};

std::vector<std::string> lines(const std::string& body) {
    if (body.empty()) return {};
    return split(body, '\r');
}

}  // namespace

TEST_F(SandboxSpecterFeeds, SecondFetchWhileOpenIsError99UntilAcknowledged) {
    Reply first = fetch_stock("b1", {{"responseMaxLimit", "3"}});
    auto first_lines = lines(first.body);
    ASSERT_EQ(first_lines.size(), 3u) << first.body;
    auto fields = split(first_lines[0]);
    ASSERT_EQ(fields.size(), 4u);
    EXPECT_EQ(fields[3], "b1");
    EXPECT_EQ(emu.open_batch(SpecterFeed::stock), "b1");

    Reply blocked = fetch_stock("b2");
    auto parts = split(blocked.body);
    EXPECT_EQ(parts[0], "0");
    EXPECT_EQ(parts[1], "99");
    auto quoted = split(blocked.body, '\'');
    ASSERT_GE(quoted.size(), 4u);
    EXPECT_EQ(quoted[1], "b1");   // where one client looks for the open batch
    EXPECT_EQ(quoted[3], "b1");   // and where the other looks

    // Asking for the open batch again answers the same items.
    EXPECT_EQ(lines(fetch_stock("b1").body), first_lines);

    Reply acked = ack("updateArticlesFromBatch", "b1");
    EXPECT_EQ(split(acked.body)[0], "1") << acked.body;
    EXPECT_FALSE(emu.open_batch(SpecterFeed::stock));

    Reply next = fetch_stock("b2", {{"responseMaxLimit", "3"}});
    auto next_lines = lines(next.body);
    ASSERT_EQ(next_lines.size(), 3u) << next.body;
    for (const auto& l : next_lines)
        for (const auto& f : first_lines) EXPECT_NE(split(l)[1], split(f)[1]);
    EXPECT_EQ(split(next_lines[0])[3], "b2");
}

TEST_F(SandboxSpecterFeeds, XmlFeedsAnswerError99AsApiResponse) {
    Reply a = client.get("getArticleInfoExternalNeedUpdate", "a1", {{"batchNo", "a1"}}, "2");
    EXPECT_NE(a.body.find("<articles><article buyPrice="), std::string::npos) << a.body;
    EXPECT_NE(a.body.find("<responseMaxLimit>100</responseMaxLimit>"), std::string::npos);
    Reply b = client.get("getArticleInfoExternalNeedUpdate", "a2", {{"batchNo", "a2"}}, "2");
    EXPECT_NE(b.body.find("<result>0</result><code>99</code>"), std::string::npos) << b.body;
    EXPECT_NE(b.body.find("'a1'"), std::string::npos);
    EXPECT_EQ(split(ack("updateArticleInfosFromBatch", "a1").body)[0], "1");
    Reply c = client.get("getArticleInfoExternalNeedUpdate", "a2", {{"batchNo", "a2"}}, "2");
    EXPECT_NE(c.body.find("<articles></articles>"), std::string::npos) << c.body;
    // Acknowledging when nothing is open is harmless.
    EXPECT_EQ(split(ack("updateArticleInfosFromBatch", "a2").body)[0], "1");
}

TEST_F(SandboxSpecterFeeds, StockSetInSpecterIsReportedPerSite) {
    drain_stock();
    EXPECT_EQ(emu.pending(SpecterFeed::stock), 0u);
    std::string variant;
    for (const auto& a : emu.articles())
        if (a.keeps_stock) variant = a.article_no;
    std::string site = emu.state().at("stockSites").at(0).as_string().c_str();
    Reply set = client.control("stock", {{"article", variant}, {"site", site}, {"qty", 42}});
    ASSERT_EQ(set.status, 200) << set.body;

    Reply xml = fetch_stock("s1", {{"getMultipleStocksites", "1"}}, "2");
    EXPECT_NE(xml.body.find("<stock><articles><article><articleNo>" + variant +
                            "</articleNo><noItemsAv>42</noItemsAv>"),
              std::string::npos)
        << xml.body;
    EXPECT_EQ(split(ack("updateArticlesFromBatch", "s1").body)[0], "1");
    EXPECT_EQ(emu.pending(SpecterFeed::stock), 0u);

    // A change made while a batch is open stays pending after that batch is acked.
    emu.set_stock(variant, site, 5);
    lines(fetch_stock("s2").body);
    emu.set_stock(variant, site, 6);
    ack("updateArticlesFromBatch", "s2");
    EXPECT_EQ(emu.pending(SpecterFeed::stock), 1u);
    EXPECT_NE(fetch_stock("s3").body.find(";" + variant + ";"), std::string::npos);
}

TEST_F(SandboxSpecterFeeds, OrderFeedReportsDeliveryInvoiceAndCancellation) {
    std::string delivered = place_order("200001");
    std::string cancelled = place_order("200002");
    EXPECT_EQ(emu.pending(SpecterFeed::orders), 0u);   // the shop's own orders are not echoed

    Reply d = client.control("deliver", {{"orderNo", delivered}, {"trackingNo", "00340434161094042557"}});
    ASSERT_EQ(d.status, 200) << d.body;
    Reply c = client.control("cancel", {{"orderNo", cancelled}});
    ASSERT_EQ(c.status, 200) << c.body;

    Reply feed = client.get("getOrdersExternalNeedUpdate", "o1", {{"batchNo", "o1"}}, "2");
    EXPECT_NE(feed.body.find("<order orderNo=\"" + delivered + "\"><orderstatus"), std::string::npos)
        << feed.body;
    EXPECT_NE(feed.body.find("<orderstatus deliveryStatus=\"D\" statusId=\"1\"/><deliveries updated=\"1\">"
                             "<delivery deliveryNo=\"90001\" trackingNo=\"00340434161094042557\""),
              std::string::npos)
        << feed.body;
    EXPECT_NE(feed.body.find("<orderstatus deliveryStatus=\"N\" statusId=\"5\"/>"), std::string::npos);
    EXPECT_EQ(split(ack("updateOrdersFromBatch", "o1").body)[0], "1");

    Reply inv = client.control("invoice", {{"orderNo", delivered}});
    ASSERT_EQ(inv.status, 200) << inv.body;
    Reply again = client.control("invoice", {{"orderNo", delivered}});
    EXPECT_EQ(again.status, 409);
    Reply feed2 = client.get("getOrdersExternalNeedUpdate", "o2", {{"batchNo", "o2"}}, "2");
    EXPECT_NE(feed2.body.find("<deliveries updated=\"0\">"), std::string::npos) << feed2.body;
    EXPECT_EQ(feed2.body.find("<invoice"), std::string::npos) << "invoices come by callback: " << feed2.body;

    auto state = client.state();
    EXPECT_EQ(state.at("cancellations").as_array().size(), 1u);
    EXPECT_EQ(state.at("invoices").at(0).at("orderNo").as_string(), delivered);
    EXPECT_EQ(state.at("deliveries").at(0).at("trackingNo").as_string(), "00340434161094042557");
    EXPECT_EQ(state.at("openBatches").at(0).at("batchNo").as_string(), "o2");

    Reply unknown = client.control("deliver", {{"orderNo", "123"}});
    EXPECT_EQ(unknown.status, 404);
}
