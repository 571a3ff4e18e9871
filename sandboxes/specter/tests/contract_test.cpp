// The contract: each test is one rule that Specter's public record states, named after
// the rule, with the source quoted beside it. These were written from the sources alone
// (Prestaworks' module Bellazilla/SP, the API description v2.45 on docplayer, the
// Laravel client), not from the emulator, so they can disagree with it. Behaviour with
// no public source is in docs/guesses.md ("Specter") and tested elsewhere.

#include <algorithm>
#include <atomic>
#include <mutex>
#include <numeric>

#include <Poco/AutoPtr.h>
#include <Poco/DOM/DOMParser.h>
#include <Poco/DOM/Document.h>
#include <Poco/DOM/Element.h>
#include <Poco/DOM/NamedNodeMap.h>
#include <Poco/DOM/NodeList.h>
#include <gtest/gtest.h>

#include "specter_test_client.hpp"

using namespace specter_test;
using skarv::sandbox::HttpEmulator;
using skarv::sandbox::HttpReply;
using skarv::sandbox::HttpRequest;
using skarv::sandbox::SpecterEmulator;

namespace {

Poco::AutoPtr<Poco::XML::Document> parse_xml(const std::string& body) {
    Poco::XML::DOMParser parser;
    return parser.parseString(body);
}

std::string child_text(Poco::XML::Document* doc, const std::string& name) {
    Poco::AutoPtr<Poco::XML::NodeList> list = doc->getElementsByTagName(name);
    return list->length() == 0 ? std::string{"<absent>"} : list->item(0)->innerText();
}

bool is_number(const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

struct SpecterContract : ::testing::Test {
    SpecterEmulator emu{small_options()};
    Client client{emu};
    void SetUp() override { emu.start(); }

    std::string stock_article() {
        for (const auto& a : emu.articles())
            if (a.keeps_stock) return a.article_no;
        return {};
    }
    Reply submit_order(const std::string& customer, const std::string& external_no, const Fields& extra = {},
                       const std::string& use_xml = "1") {
        Fields body{{"customerId", customer},          {"externalOrderNo", external_no},
                    {"articleNo_1", stock_article()},   {"priceExclVAT_1", "100.000"},
                    {"noOfItems_1", "1"},                {"vatPercent_1", "25"}};
        for (const auto& kv : extra) body.push_back(kv);
        return client.put("newOrderSubmit", customer, body, {}, use_xml);
    }
    // Drains a feed so the next fetch sees only what the test did.
    void drain(const std::string& fetch, const std::string& ack, const std::string& batch) {
        client.get(fetch, batch, {{"batchNo", batch}, {"responseMaxLimit", "100"}}, "2");
        client.get(ack, batch, {{"batchNo", batch}});
    }
};

}  // namespace

// Source: Prestaworks src/specterCustomerHandler.php and src/specterOrderHandler.php send
// `&useXML=1` and read the answer with `list($result, $id, $other) = explode(';', $contents);
// if($result=='1')`, keeping $id as the Specter customer id / order number.
TEST_F(SpecterContract, WritesAnswerTextWithUseXml1) {
    Reply customer = client.put("newCustomerSubmit", "Åsa Öberg",
                                {{"customerOrganizationalForm", "P"}, {"firstName", "Åsa"}, {"surName", "Öberg"},
                                 {"emailAddress", "asa@example.se"}},
                                {{"forceCustomerUpdate", "1"}}, "1");
    auto c = split(customer.body);
    ASSERT_EQ(c.size(), 3u) << customer.body;
    EXPECT_EQ(c[0], "1");
    ASSERT_TRUE(is_number(c[1])) << customer.body;
    EXPECT_EQ(customer.body.find('<'), std::string::npos) << "text, not XML: " << customer.body;

    Reply order = submit_order(c[1], "100001");
    auto o = split(order.body);
    ASSERT_EQ(o.size(), 3u) << order.body;
    EXPECT_EQ(o[0], "1");
    ASSERT_TRUE(is_number(o[1])) << order.body;
    // The id in the answer is the order Specter now holds.
    ASSERT_TRUE(emu.order(o[1]).has_value());
    EXPECT_EQ(emu.order(o[1])->external_order_no, "100001");
}

// Source: the same explode(';') reading; Prestaworks' feed code looks for "0;99;" in text
// answers, so a refusal is "0;<code>;<message>" (research erp.md, "Error format").
TEST_F(SpecterContract, RefusedWritesAnswerZeroCodeMessage) {
    Reply r = submit_order("999999", "100002");   // no such customer
    auto parts = split(r.body);
    ASSERT_EQ(parts.size(), 3u) << r.body;
    EXPECT_EQ(parts[0], "0");
    EXPECT_TRUE(is_number(parts[1])) << r.body;
    EXPECT_FALSE(parts[2].empty());
    EXPECT_TRUE(emu.orders().empty());
}

// Source: API description v2.45, version history: "Lagt till usexml=2 (xml-format) på de
// ställen de stöds; getarticleinfoexternalneedupdate, updatearticleinfosfrombatch,
// getarticleexternalneedupdate, updatearticlesfrombatch". Prestaworks spectercron.php
// also reads getOrdersExternalNeedUpdate with useXML=2 as XML, and the Laravel client
// reads newOrderSubmit&useXml=2 as `$con->APIresponse`. Each answers <APIresponse> with
// result, code and message.
TEST_F(SpecterContract, UseXml2AnswersXmlWhereTheRecordSaysItIsSupported) {
    std::string customer = create_customer(client);
    Reply order = submit_order(customer, "100003", {}, "2");
    struct Call {
        std::string action;
        std::string batch;
        Reply reply;
    };
    std::vector<Call> calls;
    for (const auto& [action, batch] : std::vector<std::pair<std::string, std::string>>{
             {"getArticleInfoExternalNeedUpdate", "x1"}, {"updateArticleInfosFromBatch", "x1"},
             {"getArticleExternalNeedUpdate", "x2"},     {"updateArticlesFromBatch", "x2"},
             {"getOrdersExternalNeedUpdate", "x3"},      {"updateOrdersFromBatch", "x3"}})
        calls.push_back({action, batch, client.get(action, batch, {{"batchNo", batch}}, "2")});
    calls.push_back({"newOrderSubmit", "", order});
    for (const auto& c : calls) {
        if (c.action == "updateOrdersFromBatch") continue;   // not in the record's list
        SCOPED_TRACE(c.action);
        Poco::AutoPtr<Poco::XML::Document> doc;
        ASSERT_NO_THROW(doc = parse_xml(c.reply.body)) << c.reply.body;
        EXPECT_EQ(child_text(doc, "result"), "1") << c.reply.body;
        EXPECT_NE(child_text(doc, "code"), "<absent>");
        EXPECT_NE(child_text(doc, "message"), "<absent>");
    }
}

// Source: the record's <APIresponse> holds result, code and message (Prestaworks reads
// APIresponse->code and ->message, Laravel ->result); no client reads an <id>, so the
// emulator must not offer one for a connector to come to depend on.
TEST_F(SpecterContract, XmlAnswersCarryNoIdElement) {
    std::string customer = create_customer(client);
    Reply order = submit_order(customer, "100004", {}, "2");
    Reply feed = client.get("getArticleExternalNeedUpdate", "i1", {{"batchNo", "i1"}}, "2");
    for (const Reply* r : {&order, &feed}) {
        auto doc = parse_xml(r->body);
        Poco::AutoPtr<Poco::XML::NodeList> ids = doc->getElementsByTagName("id");
        EXPECT_EQ(ids->length(), 0u) << r->body;
    }
    EXPECT_EQ(emu.orders().size(), 1u);
}

// Source: no public client or document has a look-up of an order by the shop's order
// number (audit top-10 #1); an action not in the record is refused like any unknown one,
// answering "0;<code>;<message>" (the refusal's code is a guess, docs/guesses.md).
TEST_F(SpecterContract, NoLookupByExternalOrderNo) {
    std::string customer = create_customer(client);
    ASSERT_EQ(split(submit_order(customer, "100005").body)[0], "1");
    Reply r = client.get("getOrderByExternalOrderNo", "100005", {{"externalOrderNo", "100005"}}, "1");
    auto parts = split(r.body);
    ASSERT_EQ(parts.size(), 3u) << r.body;
    EXPECT_EQ(parts[0], "0");
    EXPECT_EQ(r.body.find(emu.orders().front().order_no), std::string::npos)
        << "the refusal must not reveal the order: " << r.body;
}

// Source: Prestaworks controllers/front/spectercron.php reads, per <order>, the attribute
// orderNo, <orderstatus deliveryStatus statusId>, <deliveries updated> and
// <delivery trackingNo>, and nothing else. An externalOrderNo attribute and an
// <invoices> element appear in no public source (audit top-10 #3, #4).
TEST_F(SpecterContract, OrderFeedCarriesWhatPrestaworksReadsAndNothingInvented) {
    std::string customer = create_customer(client);
    std::string order_no = split(submit_order(customer, "100006").body)[1];
    emu.deliver(order_no, "TRACK-1");
    emu.invoice(order_no);
    Reply r = client.get("getOrdersExternalNeedUpdate", "o1", {{"batchNo", "o1"}}, "2");
    auto doc = parse_xml(r.body);
    Poco::AutoPtr<Poco::XML::NodeList> orders = doc->getElementsByTagName("order");
    ASSERT_EQ(orders->length(), 1u) << r.body;
    auto* order = static_cast<Poco::XML::Element*>(orders->item(0));
    EXPECT_EQ(order->getAttribute("orderNo"), order_no);
    EXPECT_FALSE(order->hasAttribute("externalOrderNo")) << r.body;
    auto* status = order->getChildElement("orderstatus");
    ASSERT_NE(status, nullptr) << r.body;
    EXPECT_EQ(status->getAttribute("deliveryStatus"), "D");
    EXPECT_TRUE(status->hasAttribute("statusId"));
    auto* deliveries = order->getChildElement("deliveries");
    ASSERT_NE(deliveries, nullptr);
    EXPECT_EQ(deliveries->getAttribute("updated"), "1");
    auto* delivery = deliveries->getChildElement("delivery");
    ASSERT_NE(delivery, nullptr);
    EXPECT_EQ(delivery->getAttribute("trackingNo"), "TRACK-1");
    Poco::AutoPtr<Poco::XML::NodeList> invoices = doc->getElementsByTagName("invoices");
    EXPECT_EQ(invoices->length(), 0u) << r.body;
}

// Source: spectercron.php: `if($attribute=='statusId') if($value=='5') $delete = true;`.
TEST_F(SpecterContract, CancelledOrderHasStatusId5InTheFeed) {
    std::string customer = create_customer(client);
    std::string order_no = split(submit_order(customer, "100007").body)[1];
    drain("getOrdersExternalNeedUpdate", "updateOrdersFromBatch", "c0");
    emu.cancel(order_no);
    Reply r = client.get("getOrdersExternalNeedUpdate", "c1", {{"batchNo", "c1"}}, "2");
    EXPECT_NE(r.body.find("<order orderNo=\"" + order_no + "\"><orderstatus"), std::string::npos) << r.body;
    EXPECT_NE(r.body.find("statusId=\"5\""), std::string::npos) << r.body;
}

// Source: Prestaworks specter.php (deleted file specter.txt) registers with
// getInfo.asp?action=checkAccountSettings, key over the date, the URL
//   specterreciever?calltype=2&pskey=..&orderId=$orderId&invoiceId=$invoiceId&invoiceSource=$invoiceSource
// as actionNewInvoice, and expects `1;...`. Its receiver (specterreciever.php) reads
// orderId (the Specter order number, looked up in specterorders.id_specter_order) and
// invoiceId for calltype 2.
TEST_F(SpecterContract, InvoicesReachTheIntegrationThroughActionNewInvoice) {
    HttpEmulator receiver("receiver");
    std::mutex m;
    std::vector<std::string> got;
    receiver.route_prefix("GET", "/hook", [&](const HttpRequest& req) {
        std::lock_guard lock(m);
        got.push_back(req.raw_query);
        return HttpReply::text("1;Done");
    });
    receiver.start();
    Reply reg = client.get("checkAccountSettings", "2026-11-23",
                           {{"date", "2026-11-23"},
                            {"actionNewInvoice", receiver.base_url() +
                                                     "/hook?calltype=2&orderId=$orderId&invoiceId=$invoiceId"
                                                     "&invoiceSource=$invoiceSource"}},
                           "1");
    ASSERT_EQ(split(reg.body)[0], "1") << reg.body;

    std::string customer = create_customer(client);
    std::string order_no = split(submit_order(customer, "100008").body)[1];
    std::string invoice_no = emu.invoice(order_no);
    emu.callbacks_sent(3000);
    std::lock_guard lock(m);
    ASSERT_EQ(got.size(), 1u);
    EXPECT_NE(got[0].find("calltype=2&orderId=" + order_no + "&invoiceId=" + invoice_no), std::string::npos)
        << got[0];
}

// Source: Prestaworks sends an empty string for each callback it does not want
// (`$actionNewInvoice = '';`): an empty URL disables it.
TEST_F(SpecterContract, EmptyCallbackUrlDisablesIt) {
    HttpEmulator receiver("receiver");
    std::atomic<int> calls{0};
    receiver.route_prefix("GET", "/hook", [&](const HttpRequest&) {
        ++calls;
        return HttpReply::text("1;Done");
    });
    receiver.start();
    client.get("checkAccountSettings", "2026-11-23",
               {{"date", "2026-11-23"}, {"actionNewInvoice", receiver.base_url() + "/hook?x=$orderId"}}, "1");
    client.get("checkAccountSettings", "2026-11-23", {{"date", "2026-11-23"}, {"actionNewInvoice", ""}}, "1");
    std::string customer = create_customer(client);
    std::string order_no = split(submit_order(customer, "100009").body)[1];
    emu.invoice(order_no);
    emu.callbacks_sent(3000);
    EXPECT_EQ(calls.load(), 0);
}

// Source: v2.45 history: "parametern getmultiplestocksites för att hantera återrapportering
// av flera lager samtidigt"; Prestaworks StockSyncMultiStock walks
// stockChanges/stock/articles/article/{articleNo,noItemsAv}, reads no site attribute, and
// sums an article's noItemsAv over the <stock> elements.
TEST_F(SpecterContract, StockFeedWithSeveralSitesHasOneStockElementEach) {
    auto sites = emu.state().at("stockSites").as_array();
    ASSERT_GE(sites.size(), 2u) << "the seed must have two sites for this rule";
    drain("getArticleExternalNeedUpdate", "updateArticlesFromBatch", "s0");
    std::string article = stock_article();
    emu.set_stock(article, std::string(sites[0].as_string()), 7);
    emu.set_stock(article, std::string(sites[1].as_string()), 5);
    Reply r = client.get("getArticleExternalNeedUpdate", "s1", {{"batchNo", "s1"}, {"getMultipleStocksites", "1"}},
                         "2");
    auto doc = parse_xml(r.body);
    Poco::AutoPtr<Poco::XML::NodeList> stocks = doc->getElementsByTagName("stock");
    ASSERT_EQ(stocks->length(), sites.size()) << r.body;
    int sum = 0;
    for (unsigned long i = 0; i < stocks->length(); ++i) {
        auto* stock = static_cast<Poco::XML::Element*>(stocks->item(i));
        Poco::AutoPtr<Poco::XML::NamedNodeMap> attributes = stock->attributes();   // the caller releases it
        EXPECT_EQ(attributes->length(), 0u) << "no site attribute is in the record: " << r.body;
        Poco::AutoPtr<Poco::XML::NodeList> articles = stock->getElementsByTagName("article");
        for (unsigned long j = 0; j < articles->length(); ++j) {
            auto* a = static_cast<Poco::XML::Element*>(articles->item(j));
            if (a->getChildElement("articleNo")->innerText() == article)
                sum += std::stoi(a->getChildElement("noItemsAv")->innerText());
        }
    }
    EXPECT_EQ(sum, 12);
}

// Source: Prestaworks StockSync reads the text feed as CR-separated
// "specterid;refno;newAmount;batchid" lines.
TEST_F(SpecterContract, StockTextFeedIsCrSeparatedLinesOfFourFields) {
    Reply r = client.get("getArticleExternalNeedUpdate", "t1", {{"batchNo", "t1"}, {"responseMaxLimit", "2"}});
    auto lines = split(r.body, '\r');
    ASSERT_EQ(lines.size(), 2u) << r.body;
    for (const auto& line : lines) {
        auto f = split(line);
        ASSERT_EQ(f.size(), 4u) << line;
        EXPECT_TRUE(is_number(f[0]));
        EXPECT_TRUE(is_number(f[2]) || f[2] == "noItemsAvailable");
    }
}

// Source: Prestaworks specterOrderHelper.php sends `externalOrderNo` and, only when the
// merchant sets SPECTER_IGNORE, `ignoreExternalOrderNoControl=1`; the parameter's name
// says Specter controls externalOrderNo otherwise (research erp.md: [INFERRED] a
// duplicate is rejected). The refusal's code and message are guesses.
TEST_F(SpecterContract, DuplicateExternalOrderNoIsRefusedUnlessControlIgnored) {
    std::string customer = create_customer(client);
    ASSERT_EQ(split(submit_order(customer, "100010").body)[0], "1");
    Reply again = submit_order(customer, "100010");
    EXPECT_EQ(split(again.body)[0], "0") << again.body;
    EXPECT_EQ(emu.orders().size(), 1u);
    Reply forced = submit_order(customer, "100010", {{"ignoreExternalOrderNoControl", "1"}});
    EXPECT_EQ(split(forced.body)[0], "1") << forced.body;
    EXPECT_EQ(emu.orders().size(), 2u);
}

// Source: Prestaworks checks text answers for "0;99;" and takes the open batch from
// explode("'") at index 1 (specterStockHandler.php) and index 3 (specter.php), and the
// XML answer's APIresponse->code == '99' with the batch in message at index 1.
TEST_F(SpecterContract, OpenBatchIsError99QuotingTheBatch) {
    client.get("getArticleExternalNeedUpdate", "b1", {{"batchNo", "b1"}, {"responseMaxLimit", "1"}});
    Reply text = client.get("getArticleExternalNeedUpdate", "b2", {{"batchNo", "b2"}});
    ASSERT_EQ(text.body.rfind("0;99;", 0), 0u) << text.body;
    auto quoted = split(text.body, '\'');
    ASSERT_GE(quoted.size(), 4u) << text.body;
    EXPECT_EQ(quoted[1], "b1");
    EXPECT_EQ(quoted[3], "b1");
    Reply xml = client.get("getArticleExternalNeedUpdate", "b2", {{"batchNo", "b2"}}, "2");
    auto doc = parse_xml(xml.body);
    EXPECT_EQ(child_text(doc, "code"), "99");
    EXPECT_EQ(split(child_text(doc, "message"), '\'').at(1), "b1");
}

// Source: Laravel OrderController.php `md5($intkey.(md5($userkey.$sbmid.$custid)))`, X =
// customerId for newOrderSubmit; Prestaworks keys the feeds over batchNo and
// checkAccountSettings over the date. A key over another X is refused.
TEST_F(SpecterContract, KeyIsTheV2FormulaOverTheCallsValue) {
    std::string customer = create_customer(client);
    client.key_override = v2_key(emu.options(), "not-the-customer");
    Reply wrong = submit_order(customer, "100011");
    EXPECT_EQ(split(wrong.body)[0], "0") << wrong.body;
    client.key_override.clear();
    EXPECT_EQ(split(submit_order(customer, "100011").body)[0], "1");
    EXPECT_EQ(emu.orders().size(), 1u);
}

// Source: Abicart's Specter integration (help.abicart.se, "Integration med Specter"): "The
// product number must not contain special characters such as å, ä, ö, &, %, ¤, #, €,
// etc. as well as spaces and commas." The whole call is refused; nothing is created.
TEST_F(SpecterContract, ArticleNumbersWithTheNamedCharactersAreRefused) {
    auto before = emu.articles().size();
    for (const std::string bad : {"KÖK-1", "A&B", "50%", "NR#1", "A B", "A,B", "Å-1", "X¤"}) {
        Reply r = client.put("newArticleSubmit", bad,
                             {{"articleNo_1", bad}, {"name_1", "Vara"}, {"priceExclVAT_1", "10.00"}}, {}, "1");
        EXPECT_EQ(split(r.body)[0], "0") << bad << ": " << r.body;
    }
    EXPECT_EQ(emu.articles().size(), before);
    Reply ok = client.put("newArticleSubmit", "KOK-1_B.2",
                          {{"articleNo_1", "KOK-1_B.2"}, {"name_1", "Vara"}, {"priceExclVAT_1", "10.00"}}, {}, "1");
    EXPECT_EQ(split(ok.body)[0], "1") << ok.body;
    EXPECT_TRUE(emu.article("KOK-1_B.2").has_value());
}
