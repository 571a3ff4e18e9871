// checkAccountSettings, the callbacks it registers, parameter spelling, clearing the
// stock batch, and many clients at once.

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

#include "specter_test_client.hpp"

using namespace specter_test;
using skarv::sandbox::HttpEmulator;
using skarv::sandbox::HttpReply;
using skarv::sandbox::HttpRequest;
using skarv::sandbox::SpecterEmulator;
using skarv::sandbox::SpecterFeed;

namespace {

struct SandboxSpecterAccount : ::testing::Test {
    SpecterEmulator emu{small_options()};
    Client client{emu};
    void SetUp() override { emu.start(); }
};

}  // namespace

TEST_F(SandboxSpecterAccount, CallbacksAreCalledWithPlaceholdersFilledIn) {
    HttpEmulator receiver("receiver");
    std::mutex m;
    std::vector<std::string> got;
    receiver.route_prefix("GET", "/cb/", [&](const HttpRequest& req) {
        std::lock_guard lock(m);
        got.push_back(req.path + "?" + req.raw_query);
        return HttpReply::text("1;Done");
    });
    receiver.start();
    std::string base = receiver.base_url();

    Reply r = request(emu.base_url(), "POST",
                "/getInfo.asp?" + client.query("checkAccountSettings", "2026-11-23", {{"date", "2026-11-23"}}, "1"),
                form({{"actionStockChange", base + "/cb/stock?calltype=1"},
                      {"actionNewInvoice",
                       base + "/cb/invoice?calltype=2&orderId=$orderId&invoiceId=$invoiceId&invoiceSource=$invoiceSource"},
                      {"actionRemoveOrder", base + "/cb/remove?calltype=3&orderNo=$orderNo"},
                      {"actionOrderChange", base + "/cb/order?calltype=4&orderId=$orderId"},
                      {"actionArticleChange", ""}}));
    ASSERT_EQ(split(r.body)[0], "1") << r.body;

    std::string customer = create_customer(client);
    std::string article;
    for (const auto& a : emu.articles())
        if (a.keeps_stock && article.empty()) article = a.article_no;
    Reply o = client.put("newOrderSubmit", customer,
                         {{"customerId", customer}, {"articleNo_1", article}, {"priceExclVAT_1", "10"},
                          {"noOfItems_1", "1"}});
    std::string order_no = split(o.body)[1];
    std::string invoice_no = emu.invoice(order_no);

    auto sent = emu.callbacks_sent(3000);
    ASSERT_GE(sent.size(), 3u);   // stock (reservation), order change, invoice
    for (const auto& c : sent) EXPECT_EQ(c.status, 200) << c.url << " " << c.error;
    std::lock_guard lock(m);
    EXPECT_NE(std::find(got.begin(), got.end(), "/cb/stock?calltype=1"), got.end());
    EXPECT_NE(std::find(got.begin(), got.end(),
                        "/cb/invoice?calltype=2&orderId=" + order_no + "&invoiceId=" + invoice_no + "&invoiceSource=S"),
              got.end());
    EXPECT_NE(std::find(got.begin(), got.end(), "/cb/order?calltype=4&orderId=" + order_no), got.end());
    EXPECT_EQ(client.state().at("callbacks").at("1").at("actionRemoveOrder").as_string(),
              base + "/cb/remove?calltype=3&orderNo=$orderNo");
}

TEST_F(SandboxSpecterAccount, ParameterNamesMatchWithoutRegardToCase) {
    std::string key = v2_key(emu.options(), "b1");
    Reply r = request(emu.base_url(), "GET",
                      "/getinfo.asp?Action=getArticleExternalNeedUpdate&SBMID=1001&apiuserid=skarv&usexml=2&BatchNo=b1"
                      "&Key=" + key);
    EXPECT_NE(r.body.find("<result>1</result>"), std::string::npos) << r.body;
    EXPECT_NE(r.body.find("<stockChanges>"), std::string::npos);
}

TEST_F(SandboxSpecterAccount, ClearArticleBatchDropsTheOpenBatchAndResendsAllStock) {
    std::size_t all = emu.pending(SpecterFeed::stock);
    ASSERT_GT(all, 0u);
    client.get("getArticleExternalNeedUpdate", "c1", {{"batchNo", "c1"}, {"responseMaxLimit", "2"}});
    client.get("updateArticlesFromBatch", "c1", {{"batchNo", "c1"}});
    client.get("getArticleExternalNeedUpdate", "c2", {{"batchNo", "c2"}, {"responseMaxLimit", "2"}});
    ASSERT_EQ(emu.pending(SpecterFeed::stock), all - 2);
    ASSERT_EQ(emu.open_batch(SpecterFeed::stock), "c2");
    Reply r = client.get("clearArticleBatch", "c3", {{"batchNo", "c3"}, {"clearSelf", "1"}}, "2");
    EXPECT_NE(r.body.find("<result>1</result>"), std::string::npos) << r.body;
    EXPECT_FALSE(emu.open_batch(SpecterFeed::stock));
    EXPECT_EQ(emu.pending(SpecterFeed::stock), all);
}

TEST_F(SandboxSpecterAccount, ConcurrentRetriesOfOneOrderCreateItOnce) {
    std::string customer = create_customer(client);
    std::string article;
    for (const auto& a : emu.articles())
        if (a.keeps_stock && article.empty()) article = a.article_no;
    std::atomic<int> created{0}, duplicates{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i)
        threads.emplace_back([&] {
            Client c(emu);
            Reply r = c.put("newOrderSubmit", customer,
                            {{"customerId", customer}, {"externalOrderNo", "700001"}, {"articleNo_1", article},
                             {"priceExclVAT_1", "10"}, {"noOfItems_1", "1"}});
            auto parts = split(r.body);
            if (parts[0] == "1") ++created;
            if (parts.size() > 1 && parts[1] == "13") ++duplicates;
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(created.load(), 1);
    EXPECT_EQ(duplicates.load(), 7);
    EXPECT_EQ(emu.orders().size(), 1u);
}
