// webshopId keeps shops apart; faults from the frame hit the business endpoints.

#include <gtest/gtest.h>

#include "specter_test_client.hpp"

using namespace specter_test;
using skarv::sandbox::FaultKind;
using skarv::sandbox::FaultRule;
using skarv::sandbox::SpecterEmulator;
using skarv::sandbox::SpecterFeed;

namespace {

struct SandboxSpecterMultishop : ::testing::Test {
    SpecterEmulator emu{small_options()};
    Client client{emu};
    std::string customer, article;
    void SetUp() override {
        emu.start();
        customer = create_customer(client);
        for (const auto& a : emu.articles())
            if (a.keeps_stock && article.empty()) article = a.article_no;
    }
    Reply order(const std::string& external_no, const std::string& webshop) {
        Fields q;
        if (!webshop.empty()) q.emplace_back("webshopId", webshop);
        return client.put("newOrderSubmit", customer,
                          {{"customerId", customer}, {"externalOrderNo", external_no}, {"articleNo_1", article},
                           {"priceExclVAT_1", "80"}, {"noOfItems_1", "1"}, {"vatPercent_1", "25"}},
                          q);
    }
};

using SandboxSpecterFaults = SandboxSpecterMultishop;

}  // namespace

TEST_F(SandboxSpecterMultishop, WebshopIdSeparatesOrdersAndOrderFeeds) {
    Reply one = order("300001", "1");
    Reply two = order("300001", "2");   // same shop order number, other shop: not a duplicate
    ASSERT_EQ(split(one.body)[0], "1") << one.body;
    ASSERT_EQ(split(two.body)[0], "1") << two.body;
    std::string in_two = split(two.body)[1];
    EXPECT_EQ(emu.order(in_two)->webshop_id, "2");
    EXPECT_EQ(emu.order_by_external_no("300001", "2")->order_no, in_two);
    EXPECT_EQ(split(order("300001", "").body)[1], "13");   // no webshopId = webshop 1

    Reply unknown = order("300002", "7");
    EXPECT_EQ(unknown.body.rfind("0;6;", 0), 0u) << unknown.body;

    emu.deliver(in_two, "TRK-2");
    EXPECT_EQ(emu.pending(SpecterFeed::orders, "1"), 0u);
    EXPECT_EQ(emu.pending(SpecterFeed::orders, "2"), 1u);
    Reply shop1 = client.get("getOrdersExternalNeedUpdate", "m1", {{"batchNo", "m1"}, {"webshopId", "1"}}, "2");
    EXPECT_NE(shop1.body.find("<orders></orders>"), std::string::npos) << shop1.body;
    Reply shop2 = client.get("getOrdersExternalNeedUpdate", "m1", {{"batchNo", "m1"}, {"webshopId", "2"}}, "2");
    EXPECT_NE(shop2.body.find("trackingNo=\"TRK-2\""), std::string::npos) << shop2.body;

    // Each webshop has its own open batch: shop 2's open batch does not block shop 1.
    Reply stock1 = client.get("getArticleExternalNeedUpdate", "x1", {{"batchNo", "x1"}, {"webshopId", "1"}});
    Reply stock2 = client.get("getArticleExternalNeedUpdate", "x2", {{"batchNo", "x2"}, {"webshopId", "2"}});
    EXPECT_NE(split(stock1.body)[0], "0") << stock1.body;
    EXPECT_NE(split(stock2.body)[0], "0") << stock2.body;
    EXPECT_EQ(emu.open_batch(SpecterFeed::stock, "1"), "x1");
    EXPECT_EQ(emu.open_batch(SpecterFeed::stock, "2"), "x2");
}

TEST_F(SandboxSpecterFaults, ServerErrorAndRateLimitOnPutInfo) {
    FaultRule err;
    err.kind = FaultKind::server_error;
    err.path = "/putInfo.asp";
    err.status = 500;
    err.times = 1;
    emu.http().faults().add(err);
    Reply r = order("400001", "");
    EXPECT_EQ(r.status, 500);
    EXPECT_TRUE(emu.orders().empty());   // the handler never ran

    FaultRule limit;
    limit.kind = FaultKind::rate_limit;
    limit.path = "/putInfo.asp";
    limit.status = 429;
    limit.retry_after_s = 2;
    limit.times = 1;
    emu.http().faults().add(limit);
    r = order("400001", "");
    EXPECT_EQ(r.status, 429);
    EXPECT_EQ(r.retry_after, "2");
    EXPECT_TRUE(emu.orders().empty());

    r = order("400001", "");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(split(r.body)[0], "1") << r.body;
    EXPECT_EQ(emu.orders().size(), 1u);
}

TEST_F(SandboxSpecterFaults, AnswerLostAfterTheOrderWasCreatedIsCaughtByTheDuplicateGuard) {
    FaultRule lost;
    lost.kind = FaultKind::server_error;
    lost.path = "/putInfo.asp";
    lost.times = 1;
    lost.after_handler = true;
    emu.http().faults().add(lost);
    EXPECT_EQ(order("400002", "").status, 500);
    ASSERT_EQ(emu.orders().size(), 1u);
    // The retry learns the order exists instead of making a second one.
    Reply retry = order("400002", "");
    EXPECT_EQ(split(retry.body)[1], "13");
    EXPECT_EQ(emu.orders().size(), 1u);
}
