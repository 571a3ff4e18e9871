// Price lists (all a guess: specter.price-lists, docs/guesses.md): the seeded reseller list on its feed,
// acknowledged by batch; newPriceListSubmit creating, re-run unchanged, refusing whole
// calls; a fault before the handler storing nothing.

#include <gtest/gtest.h>

#include <cstdio>

#include <Poco/AutoPtr.h>
#include <Poco/DOM/DOMParser.h>
#include <Poco/DOM/Document.h>
#include <Poco/DOM/Element.h>
#include <Poco/DOM/NodeList.h>

#include "specter_test_client.hpp"

using namespace specter_test;
using skarv::sandbox::FaultKind;
using skarv::sandbox::FaultRule;
using skarv::sandbox::SpecterEmulator;
using skarv::sandbox::SpecterFeed;

namespace {

struct SandboxSpecterPriceLists : ::testing::Test {
    SpecterEmulator emu{small_options()};
    Client client{emu};
    std::string variant, other;
    void SetUp() override {
        emu.start();
        for (const auto& a : emu.articles())
            if (a.keeps_stock) (variant.empty() ? variant : other) = a.article_no;
    }
    Reply submit(const std::string& list, const Fields& fields) {
        Fields body{{"priceListId", list}};
        for (const auto& f : fields) body.push_back(f);
        return client.put("newPriceListSubmit", list, body, {}, "1");
    }
};

// <priceList> elements of a feed answer: id -> (attributes, name, article -> price text).
struct FedList {
    std::string currency, group, name;
    std::map<std::string, std::string> prices;
};
std::map<std::string, FedList> fed_lists(const std::string& body) {
    Poco::XML::DOMParser parser;
    Poco::AutoPtr<Poco::XML::Document> doc = parser.parseString(body);
    std::map<std::string, FedList> out;
    Poco::AutoPtr<Poco::XML::NodeList> lists = doc->getElementsByTagName("priceList");
    for (unsigned long i = 0; i < lists->length(); ++i) {
        auto* l = static_cast<Poco::XML::Element*>(lists->item(i));
        FedList f{l->getAttribute("currency"), l->getAttribute("customerGroupId"), "", {}};
        if (auto* name = l->getChildElement("name")) f.name = name->innerText();
        Poco::AutoPtr<Poco::XML::NodeList> prices = l->getElementsByTagName("price");
        for (unsigned long k = 0; k < prices->length(); ++k) {
            auto* p = static_cast<Poco::XML::Element*>(prices->item(k));
            f.prices[p->getAttribute("articleNo")] = p->getAttribute("priceExclVat");
        }
        out[l->getAttribute("priceListId")] = f;
    }
    return out;
}

}  // namespace

TEST_F(SandboxSpecterPriceLists, SeededResellerListComesOnItsFeedUntilAcknowledged) {
    ASSERT_EQ(emu.price_lists().size(), 1u);
    auto seeded = *emu.price_list("2");
    EXPECT_EQ(seeded.customer_group_id, "2");
    EXPECT_EQ(seeded.prices.at(variant), emu.article(variant)->price_ex_vat * 8 / 10);
    EXPECT_EQ(seeded.prices.count(emu.article(variant)->main_article_no), 0u);   // only what is sold
    EXPECT_EQ(emu.pending(SpecterFeed::price_lists, "1"), 1u);
    EXPECT_EQ(emu.pending(SpecterFeed::price_lists, "2"), 1u);

    // Asked as text, the feed still answers XML, in Latin-1.
    Reply r = client.get("getPriceListExternalNeedUpdate", "p1", {{"batchNo", "p1"}, {"webshopId", "1"}}, "1");
    ASSERT_EQ(r.status, 200);
    EXPECT_NE(r.content_type.find("ISO-8859-1"), std::string::npos) << r.content_type;
    auto lists = fed_lists(r.body);
    ASSERT_EQ(lists.size(), 1u) << r.body;
    const auto& l = lists.at("2");
    EXPECT_EQ(l.currency, "SEK");
    EXPECT_EQ(l.group, "2");
    EXPECT_EQ(l.name, "Återförsäljare");
    EXPECT_EQ(l.prices.size(), seeded.prices.size());
    char expected[32];
    std::snprintf(expected, sizeof expected, "%lld.%02lld", static_cast<long long>(seeded.prices.at(variant) / 100),
                  static_cast<long long>(seeded.prices.at(variant) % 100));
    EXPECT_EQ(l.prices.at(variant), expected);
    EXPECT_NE(r.body.find("<moreInfoToFetch>0</moreInfoToFetch>"), std::string::npos);

    // Another batch while p1 is open: 99 quoting p1.
    Reply blocked = client.get("getPriceListExternalNeedUpdate", "p2", {{"batchNo", "p2"}}, "2");
    EXPECT_NE(blocked.body.find("<code>99</code>"), std::string::npos) << blocked.body;
    EXPECT_NE(blocked.body.find("'p1'"), std::string::npos) << blocked.body;

    Reply ack = client.get("updatePriceListsFromBatch", "p1", {{"batchNo", "p1"}, {"webshopId", "1"}});
    EXPECT_EQ(split(ack.body)[0], "1") << ack.body;
    EXPECT_EQ(emu.pending(SpecterFeed::price_lists, "1"), 0u);
    EXPECT_EQ(emu.pending(SpecterFeed::price_lists, "2"), 1u) << "each webshop has its own queue";

    // A Specter user changes one price: the list comes again, whole, with the new price.
    emu.set_list_price("2", variant, 12345);
    r = client.get("getPriceListExternalNeedUpdate", "p3", {{"batchNo", "p3"}, {"webshopId", "1"}}, "2");
    lists = fed_lists(r.body);
    ASSERT_EQ(lists.size(), 1u) << r.body;
    EXPECT_EQ(lists.at("2").prices.at(variant), "123.45");
    EXPECT_EQ(lists.at("2").prices.size(), seeded.prices.size());
    // Setting the same price again is no change.
    client.get("updatePriceListsFromBatch", "p3", {{"batchNo", "p3"}, {"webshopId", "1"}});
    emu.set_list_price("2", variant, 12345);
    EXPECT_EQ(emu.pending(SpecterFeed::price_lists, "1"), 0u);
}

TEST_F(SandboxSpecterPriceLists, SubmitCreatesThenLeavesAnEqualListUnchanged) {
    Fields fields{{"name", "Grossist Öst"}, {"currency", "SEK"}, {"customerGroupId", "7"},
                  {"articleNo_1", variant}, {"priceExclVAT_1", "159.2000"},
                  {"articleNo_2", other}, {"priceExclVAT_2", "0.01"}};
    Reply r = submit("GROSS", fields);
    auto parts = split(r.body);
    ASSERT_EQ(parts[0], "1") << r.body;
    EXPECT_EQ(parts[1], "GROSS");
    EXPECT_EQ(parts[2], "Price list created, 2 prices created, 0 updated, 0 unchanged");
    auto l = emu.price_list("GROSS");
    ASSERT_TRUE(l);
    EXPECT_EQ(l->name, "Grossist Öst");
    EXPECT_EQ(l->customer_group_id, "7");
    EXPECT_EQ(l->prices, (std::map<std::string, int64_t>{{variant, 15920}, {other, 1}}));

    // The same call again: one list, nothing changed.
    r = submit("GROSS", fields);
    EXPECT_EQ(split(r.body)[2], "Price list unchanged, 0 prices created, 0 updated, 2 unchanged") << r.body;
    EXPECT_EQ(emu.price_lists().size(), 2u);   // the seed's and this one

    // One price changed, the other left out: only that price moves.
    r = submit("GROSS", {{"articleNo_1", variant}, {"priceExclVAT_1", "149"}});
    EXPECT_EQ(split(r.body)[2], "Price list unchanged, 0 prices created, 1 updated, 0 unchanged") << r.body;
    EXPECT_EQ(emu.price_list("GROSS")->prices, (std::map<std::string, int64_t>{{variant, 14900}, {other, 1}}));

    // The shop's own submissions are not echoed back on the feed.
    EXPECT_EQ(emu.pending(SpecterFeed::price_lists, "1"), 1u);   // the seeded list only
}

TEST_F(SandboxSpecterPriceLists, BadSubmissionsAreRefusedWhole) {
    // Keyed over priceListId: the key of another value is wrong.
    Reply r = client.put("newPriceListSubmit", "OTHER", {{"priceListId", "GROSS"}}, {}, "1");
    EXPECT_EQ(r.body.rfind("0;3;", 0), 0u) << r.body;

    r = submit("GROSS", {{"articleNo_1", variant}, {"priceExclVAT_1", "10"}, {"articleNo_2", "NOPE"},
                         {"priceExclVAT_2", "10"}});
    EXPECT_EQ(r.body.rfind("0;11;", 0), 0u) << r.body;
    EXPECT_NE(r.body.find("NOPE"), std::string::npos) << r.body;
    EXPECT_FALSE(emu.price_list("GROSS")) << "nothing of a refused call is kept";

    r = submit("GROSS", {{"customerGroupId", "B2B"}});
    EXPECT_EQ(r.body.rfind("0;5;", 0), 0u) << r.body;
    r = submit("GROSS", {{"currency", "kr"}});
    EXPECT_EQ(r.body.rfind("0;5;", 0), 0u) << r.body;
    r = submit("GROSS", {{"articleNo_1", variant}, {"priceExclVAT_1", "tio"}});
    EXPECT_EQ(r.body.rfind("0;5;", 0), 0u) << r.body;
    r = client.put("newPriceListSubmit", "", {{"name", "x"}}, {}, "1");
    EXPECT_EQ(r.body.rfind("0;1;", 0), 0u) << r.body;
    EXPECT_EQ(emu.price_lists().size(), 1u);
}

TEST_F(SandboxSpecterPriceLists, ServerErrorBeforeTheHandlerStoresNothing) {
    FaultRule err;
    err.kind = FaultKind::server_error;
    err.path = "/putInfo.asp";
    err.status = 500;
    err.times = 1;
    emu.http().faults().add(err);
    Reply r = submit("GROSS", {{"articleNo_1", variant}, {"priceExclVAT_1", "10"}});
    EXPECT_EQ(r.status, 500);
    EXPECT_FALSE(emu.price_list("GROSS"));
    r = submit("GROSS", {{"articleNo_1", variant}, {"priceExclVAT_1", "10"}});
    EXPECT_EQ(split(r.body)[0], "1") << r.body;
    EXPECT_EQ(emu.price_list("GROSS")->prices.at(variant), 1000);
}

TEST_F(SandboxSpecterPriceLists, ControlEndpointChangesAListAsASpecterUser) {
    Reply r = client.control("pricelist", {{"priceListId", "2"}, {"name", "ÅF"}, {"prices", {{variant, 9990}}}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(emu.price_list("2")->name, "ÅF");
    EXPECT_EQ(emu.price_list("2")->prices.at(variant), 9990);
    r = client.control("pricelist", {{"priceListId", "2"}, {"prices", {{"NOPE", 1}}}});
    EXPECT_EQ(r.status, 404) << r.body;
    auto state = client.state();
    EXPECT_EQ(state.at("priceLists").at(0).at("prices").at(variant), 9990);
}
