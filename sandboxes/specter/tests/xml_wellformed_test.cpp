// Every XML answer parses as XML with its declared encoding, so a client using a real
// parser (SimpleXML, Poco, .NET) reads the same values the emulator meant.

#include <gtest/gtest.h>

#include <Poco/AutoPtr.h>
#include <Poco/DOM/DOMParser.h>
#include <Poco/DOM/Document.h>
#include <Poco/DOM/Element.h>
#include <Poco/DOM/NodeList.h>

#include "specter_test_client.hpp"

using namespace specter_test;
using skarv::sandbox::SpecterEmulator;

namespace {

Poco::AutoPtr<Poco::XML::Document> parse(const std::string& body) {
    Poco::XML::DOMParser parser;
    return parser.parseString(body);
}

// DOM node lists are reference counted; AutoPtr releases them.
Poco::AutoPtr<Poco::XML::NodeList> all(Poco::XML::Document* doc, const std::string& tag) {
    return Poco::AutoPtr<Poco::XML::NodeList>(doc->getElementsByTagName(tag));
}

Poco::XML::Element* first(Poco::XML::Document* doc, const std::string& tag) {
    auto list = all(doc, tag);
    return list->length() ? static_cast<Poco::XML::Element*>(list->item(0)) : nullptr;
}

std::string first_text(Poco::XML::Document* doc, const std::string& tag) {
    auto* e = first(doc, tag);
    return e ? e->innerText() : "<missing>";
}

struct SandboxSpecterXml : ::testing::Test {
    SpecterEmulator emu{small_options()};
    Client client{emu};
    void SetUp() override { emu.start(); }
};

}  // namespace

TEST_F(SandboxSpecterXml, AnswersAreWellFormedAndDecodeToUtf8) {
    std::string customer = create_customer(client);
    std::string variant;
    for (const auto& a : emu.articles())
        if (!a.main_article_no.empty()) variant = a.article_no;
    Reply o = client.put("newOrderSubmit", customer,
                         {{"customerId", customer}, {"externalOrderNo", "Å&<1>"}, {"articleNo_1", variant},
                          {"priceExclVAT_1", "10"}, {"noOfItems_1", "1"}},
                         {}, "2");
    auto doc = parse(o.body);
    EXPECT_EQ(doc->documentElement()->nodeName(), "response");
    EXPECT_EQ(first_text(doc, "result"), "1");
    auto held = emu.order_by_external_no("Å&<1>");
    ASSERT_TRUE(held);
    std::string order_no = held->order_no;
    emu.deliver(order_no, "TRK & \"co\"");

    client.control("article", {{"articleNo", variant}, {"name", "Kjol \"Åsa\" <röd>"}});
    Reply info = client.get("getArticleInfoExternalNeedUpdate", "x1", {{"batchNo", "x1"}}, "2");
    doc = parse(info.body);
    bool found = false;
    auto names = all(doc, "name");
    for (unsigned long i = 0; i < names->length(); ++i) found = found || names->item(i)->innerText() == "Kjol \"Åsa\" <röd>";
    EXPECT_TRUE(found);

    Reply orders = client.get("getOrdersExternalNeedUpdate", "x1", {{"batchNo", "x1"}}, "2");
    doc = parse(orders.body);
    auto* order = first(doc, "order");
    ASSERT_NE(order, nullptr);
    EXPECT_EQ(order->getAttribute("orderNo"), order_no);
    auto* delivery = first(doc, "delivery");
    ASSERT_NE(delivery, nullptr);
    EXPECT_EQ(delivery->getAttribute("trackingNo"), "TRK & \"co\"");

    Reply stock = client.get("getArticleExternalNeedUpdate", "x1", {{"batchNo", "x1"}, {"getMultipleStocksites", "1"}},
                             "2");
    doc = parse(stock.body);
    EXPECT_GT(all(doc, "noItemsAv")->length(), 0u);

    Reply error = client.get("getOrdersExternalNeedUpdate", "x2", {{"batchNo", "x2"}}, "2");
    doc = parse(error.body);
    EXPECT_EQ(first_text(doc, "code"), "99");
    EXPECT_NE(first_text(doc, "message").find("'x1'"), std::string::npos);
}
