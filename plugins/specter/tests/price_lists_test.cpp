// Point 4, price lists: Specter's lists (through guessed calls, specter.price-lists in docs/guesses.md, with "price_lists": true)
// as canonical PriceList records, acknowledged only in pricelists.ack; canonical lists
// written in, a re-run unchanged; faults on the new calls losing nothing.
#include "plugin_fixture.hpp"

#include <skarv/model/price.hpp>

using namespace specter_plugin_test;
using skarv::sandbox::FaultKind;
using skarv::sandbox::FaultRule;

namespace {

struct SpecterPluginPriceLists : SpecterPluginFixture {
    void SetUp() override {
        emu.start();
        auto cfg = config();
        cfg["price_lists"] = true;
        plugin = make(cfg);
    }

    CallResult read(const boost::json::value& cursor) { return call({{"op", "pricelists.read"}, {"cursor", cursor}}); }

    static FaultRule fault(FaultKind kind, const std::string& path, bool after_handler = false) {
        FaultRule f;
        f.kind = kind;
        f.path = path;
        f.times = 1;
        f.after_handler = after_handler;
        if (kind == FaultKind::rate_limit) f.status = 429, f.retry_after_s = 3;
        return f;
    }

    // A canonical list in SEK: sku -> öre.
    static boost::json::object list(const std::string& code, const std::map<std::string, int64_t>& prices,
                                    const std::string& group = "") {
        boost::json::array ps;
        for (const auto& [sku, minor] : prices)
            ps.push_back({{"sku", sku}, {"price_list", code}, {"price_ex_vat", money(minor)}});
        boost::json::object l{{"code", code}, {"name", "Lista " + code}, {"currency", "SEK"}, {"prices", ps}};
        if (!group.empty()) l["customer_group"] = group;
        return l;
    }

    CallResult write(const boost::json::array& lists) { return call({{"op", "pricelists.write"}, {"records", lists}}); }
    std::string outcome(const CallResult& r, std::size_t i) {
        return std::string(r.document.at("results").at(i).at("outcome").as_string());
    }
};

}  // namespace

TEST_F(SpecterPluginPriceLists, ReadGivesCanonicalListsAcknowledgedOnlyInPricelistsAck) {
    auto r = read(nullptr);
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_EQ(r.document.at("ack"), true);
    const auto& records = r.document.at("records").as_array();
    ASSERT_EQ(records.size(), 1u) << all_text(r);
    auto l = skarv::model::read_price_list(records[0]);   // canonical, currencies agree
    const auto held = *emu.price_list("2");
    EXPECT_EQ(l.code, "2");
    EXPECT_EQ(l.name, "Återförsäljare");
    EXPECT_EQ(l.currency, "SEK");
    EXPECT_EQ(l.customer_group, "2");
    ASSERT_EQ(l.prices.size(), held.prices.size());
    for (const auto& p : l.prices) {
        EXPECT_EQ(p.price_list, "2");
        EXPECT_EQ(p.min_quantity, 1);
        EXPECT_EQ(p.price_ex_vat.minor(), held.prices.at(p.sku)) << p.sku;   // to the öre
    }
    // Not acknowledged until the host has recorded the page.
    EXPECT_TRUE(emu.open_batch(SpecterFeed::price_lists, "1"));
    EXPECT_EQ(emu.pending(SpecterFeed::price_lists, "1"), 1u);
    ASSERT_TRUE(call({{"op", "pricelists.ack"}, {"cursor", r.document.at("cursor")}}).ok());
    EXPECT_EQ(emu.pending(SpecterFeed::price_lists, "1"), 0u);

    // A re-run: nothing again.
    auto again = read(r.document.at("cursor"));
    ASSERT_TRUE(again.ok()) << again.message();
    EXPECT_TRUE(again.document.at("records").as_array().empty()) << all_text(again);

    // A Specter user changes one price, to an awkward amount: the list comes again.
    std::string sku = held.prices.begin()->first;
    emu.set_list_price("2", sku, 19999);
    auto changed = read(again.document.at("cursor"));
    ASSERT_EQ(changed.document.at("records").as_array().size(), 1u) << all_text(changed);
    auto cl = skarv::model::read_price_list(changed.document.at("records").at(0));
    for (const auto& p : cl.prices)
        EXPECT_EQ(p.price_ex_vat.minor(), p.sku == sku ? 19999 : held.prices.at(p.sku)) << p.sku;
}

TEST_F(SpecterPluginPriceLists, ALostReadAnswerOrAFailedAckLosesNothing) {
    // Specter opened the batch but its answer was lost: the next read delivers it again.
    emu.http().faults().add(fault(FaultKind::server_error, "/getInfo.asp", true));
    auto lost = read(nullptr);
    EXPECT_EQ(lost.status, SKARV_ERR_RETRYABLE) << lost.message();
    EXPECT_TRUE(emu.open_batch(SpecterFeed::price_lists, "1"));
    // Rate limited: retryable with Specter's Retry-After.
    emu.http().faults().add(fault(FaultKind::rate_limit, "/getInfo.asp"));
    auto limited = read(nullptr);
    EXPECT_EQ(limited.status, SKARV_ERR_RETRYABLE);
    EXPECT_EQ(limited.document.at("retry_after_ms"), 3000) << all_text(limited);

    auto r = read(nullptr);
    ASSERT_TRUE(r.ok()) << r.message();
    ASSERT_EQ(r.document.at("records").as_array().size(), 1u) << all_text(r);

    // The host recorded the page, but its ack failed: the next read (with the recorded
    // cursor) acknowledges that batch, and the list does not come twice.
    emu.http().faults().add(fault(FaultKind::server_error, "/getInfo.asp"));
    auto ack = call({{"op", "pricelists.ack"}, {"cursor", r.document.at("cursor")}});
    EXPECT_EQ(ack.status, SKARV_ERR_RETRYABLE);
    EXPECT_EQ(emu.pending(SpecterFeed::price_lists, "1"), 1u);
    auto next = read(r.document.at("cursor"));
    ASSERT_TRUE(next.ok()) << next.message();
    EXPECT_TRUE(next.document.at("records").as_array().empty()) << all_text(next);
    EXPECT_EQ(emu.pending(SpecterFeed::price_lists, "1"), 0u);
}

TEST_F(SpecterPluginPriceLists, WriteCreatesThenAReRunIsUnchanged) {
    auto skus = stock_articles();
    auto gross = list("GROSS", {{skus[0], 15999}, {skus[1], 1}}, "7");
    auto r = write({gross});
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_EQ(outcome(r, 0), "created") << all_text(r);
    EXPECT_EQ(r.document.at("results").at(0).at("target_id"), "GROSS");
    auto held = emu.price_list("GROSS");
    ASSERT_TRUE(held);
    EXPECT_EQ(held->name, "Lista GROSS");
    EXPECT_EQ(held->currency, "SEK");
    EXPECT_EQ(held->customer_group_id, "7");
    EXPECT_EQ(held->prices, (std::map<std::string, int64_t>{{skus[0], 15999}, {skus[1], 1}}));

    // The same batch again (a host retry): no second list, nothing changed.
    r = write({gross});
    EXPECT_EQ(outcome(r, 0), "unchanged") << all_text(r);
    EXPECT_EQ(emu.price_lists().size(), 2u);   // the seeded one and GROSS

    r = write({list("GROSS", {{skus[0], 14900}, {skus[1], 1}}, "7")});
    EXPECT_EQ(outcome(r, 0), "updated") << all_text(r);
    EXPECT_EQ(emu.price_list("GROSS")->prices.at(skus[0]), 14900);
    // The shop's own lists are not echoed back on Specter's feed.
    EXPECT_EQ(emu.pending(SpecterFeed::price_lists, "1"), 1u);
}

TEST_F(SpecterPluginPriceLists, ABadListFailsAloneNamingIt) {
    auto skus = stock_articles();
    auto breaks = list("BREAKS", {{skus[0], 100}});
    breaks["prices"].as_array()[0].as_object()["min_quantity"] = 10;
    auto euro = list("EURO", {{skus[0], 100}});
    euro["prices"].as_array()[0].as_object()["price_ex_vat"] = money(100, "EUR");
    auto r = write({list("GOOD", {{skus[0], 5000}}), list("GHOST", {{"NO-SUCH", 100}}), breaks,
                    list("GROUP", {{skus[0], 100}}, "B2B"), euro});
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_EQ(outcome(r, 0), "created");
    for (std::size_t i = 1; i < 5; ++i) {
        EXPECT_EQ(outcome(r, i), "failed") << i;
        const auto& result = r.document.at("results").at(i);
        std::string message(result.at("error").at("message").as_string());
        EXPECT_NE(message.find("price list " + std::string(result.at("id").as_string())), std::string::npos) << message;
    }
    EXPECT_NE(boost::json::serialize(r.document.at("results").at(1)).find("NO-SUCH"), std::string::npos);
    EXPECT_NE(boost::json::serialize(r.document.at("results").at(2)).find("quantity breaks"), std::string::npos);
    EXPECT_EQ(emu.price_list("GOOD")->prices.at(skus[0]), 5000);
    for (const char* code : {"GHOST", "BREAKS", "GROUP", "EURO"}) EXPECT_FALSE(emu.price_list(code)) << code;
    expect_no_secrets(all_text(r));
}

TEST_F(SpecterPluginPriceLists, MoreThanAHundredPricesGoInSeveralCalls) {
    boost::json::array variants;
    std::map<std::string, int64_t> prices;
    for (int i = 1; i <= 130; ++i) {
        std::string sku = "C3001-" + std::to_string(i);
        variants.push_back({{"sku", sku}, {"attributes", {{"Nr", std::to_string(i)}}}});
        prices[sku] = 10000 + i;
    }
    boost::json::object product{{"article_number", "C3001"}, {"name", "Kort"}, {"vat_rate_bp", 2500},
                                {"price_ex_vat", money(10000)}, {"variants", variants}};
    ASSERT_TRUE(call({{"op", "products.write"}, {"records", {product}}}).ok());
    auto r = write({list("MANY", prices)});
    EXPECT_EQ(outcome(r, 0), "created") << all_text(r);
    EXPECT_EQ(emu.price_list("MANY")->prices, prices);
}

TEST_F(SpecterPluginPriceLists, WriteFaultsLoseNothingAndRetriesDoNotDuplicate) {
    auto skus = stock_articles();
    auto gross = list("GROSS", {{skus[0], 15999}});
    emu.http().faults().add(fault(FaultKind::server_error, "/putInfo.asp"));
    auto r = write({gross});
    EXPECT_EQ(r.status, SKARV_ERR_RETRYABLE) << r.message();   // the host retries the batch
    EXPECT_NE(r.message().find("price list GROSS"), std::string::npos) << r.message();
    EXPECT_FALSE(emu.price_list("GROSS"));

    emu.http().faults().add(fault(FaultKind::rate_limit, "/putInfo.asp"));
    r = write({gross});
    EXPECT_EQ(r.status, SKARV_ERR_RETRYABLE);
    EXPECT_EQ(r.document.at("retry_after_ms"), 3000) << all_text(r);
    EXPECT_FALSE(emu.price_list("GROSS"));

    // Specter took the list but the answer was lost: the retry finds it unchanged.
    emu.http().faults().add(fault(FaultKind::server_error, "/putInfo.asp", true));
    r = write({gross});
    EXPECT_EQ(r.status, SKARV_ERR_RETRYABLE);
    ASSERT_TRUE(emu.price_list("GROSS"));
    r = write({gross});
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_EQ(outcome(r, 0), "unchanged");
    EXPECT_EQ(emu.price_lists().size(), 2u);
    EXPECT_EQ(emu.price_list("GROSS")->prices.at(skus[0]), 15999);
    expect_no_secrets(all_text(r));
    for (const auto& line : log_lines) expect_no_secrets(line);
}

TEST_F(SpecterPluginPriceLists, MainArticlesWithVariantsAreLeftOutOfReadLists) {
    // In Specter a list may price a main article too; no shop has a SKU for it.
    ASSERT_TRUE(call({{"op", "products.read"}, {"cursor", nullptr}, {"limit", 100}}).ok());   // learns the links
    std::string main;
    for (const auto& a : emu.articles())
        if (!a.keeps_stock) main = a.article_no;
    emu.set_list_price("2", main, 50000);
    auto r = read(nullptr);
    ASSERT_TRUE(r.ok()) << r.message();
    auto l = skarv::model::read_price_list(r.document.at("records").at(0));
    EXPECT_EQ(l.prices.size(), emu.price_list("2")->prices.size() - 1);
    for (const auto& p : l.prices) EXPECT_NE(p.sku, main);
}
