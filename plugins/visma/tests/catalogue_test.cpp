// Articles (variants flattened by the configured rule), prices, price lists and stock.

#include "plugin_fixture.hpp"

namespace visma_test {

struct VismaPluginCatalogue : VismaFixture {
    std::vector<boost::json::object> read_all(const std::string& entity, boost::json::value* cursor = nullptr) {
        boost::json::object req{{"op", entity + ".read"}, {"limit", 1000}};
        if (cursor) req["cursor"] = *cursor;
        else req["initial"] = true;
        auto r = call(req);
        EXPECT_TRUE(r.ok()) << r.message();
        std::vector<boost::json::object> out;
        if (!r.ok()) return out;
        for (const auto& v : r.document.at("records").as_array()) out.push_back(v.as_object());
        if (cursor) *cursor = r.document.at("cursor");
        return out;
    }
    static const boost::json::object* by(const std::vector<boost::json::object>& list, const char* key, const std::string& value) {
        for (const auto& o : list)
            if (o.at(key).as_string() == value) return &o;
        return nullptr;
    }
    boost::json::object product() const {
        return {{"article_number", "T100"},
                {"name", "Tröja"},
                {"description", "<p>Mjuk tröja i ekologisk bomull</p>"},
                {"vat_rate_bp", 2500},
                {"price_ex_vat", money(19920)},
                {"variants", boost::json::array{
                    {{"sku", "T100-BLA-S"}, {"name", "Tröja Blå S"}, {"ean", "7350000000019"},
                     {"attributes", {{"Färg", "Blå"}, {"Storlek", "S"}}}},
                    {{"sku", "T100-BLA-M"}, {"attributes", {{"Färg", "Blå"}, {"Storlek", "M"}}}}}}};
    }
};

TEST_F(VismaPluginCatalogue, VariantsBecomeArticlesByTheRuleAndReadBackAsSuch) {
    auto cfg = config();
    cfg["article_number"] = "{article}-V{n}";
    plugin = make(cfg, "rule");
    auto w = call({{"op", "products.write"}, {"records", boost::json::array{product()}}});
    ASSERT_TRUE(w.ok()) << w.message();
    EXPECT_EQ(text(result(w, 0).at("outcome")), "created");
    EXPECT_EQ(text(result(w, 0).at("target_id")), "T100-V1,T100-V2");
    at_visma([&] {
        Rec a(ADK_DB_ARTICLE);
        ASSERT_TRUE(a.first_where(ADK_ARTICLE_NUMBER, "T100-V1"));
        EXPECT_EQ(a.raw(ADK_ARTICLE_NAME), "Tr\xF6ja Bl\xE5 S");
        EXPECT_DOUBLE_EQ(a.dbl(ADK_ARTICLE_PRICE), 199.2);
        EXPECT_EQ(a.raw(ADK_ARTICLE_PRICE_LIST), base_list());
        EXPECT_EQ(a.raw(ADK_ARTICLE_BAR_CODE), "7350000000019");
        EXPECT_TRUE(a.flag(ADK_ARTICLE_WEBSHOP));
        Rec b(ADK_DB_ARTICLE);
        ASSERT_TRUE(b.first_where(ADK_ARTICLE_NUMBER, "T100-V2"));
        EXPECT_EQ(b.raw(ADK_ARTICLE_NAME), "Tr\xF6ja Bl\xE5 M");   // product name + attribute values
    });
    // Written again: nothing to do.
    auto again = call({{"op", "products.write"}, {"records", boost::json::array{product()}}});
    EXPECT_EQ(text(result(again, 0).at("outcome")), "unchanged");

    // Read back: one product per article, no variants, UTF-8 again.
    auto products = read_all("products");
    const auto* v1 = by(products, "article_number", "T100-V1");
    ASSERT_NE(v1, nullptr);
    EXPECT_EQ(text(v1->at("name")), "Tröja Blå S");
    EXPECT_EQ(v1->at("variants").as_array().size(), 0u);
    EXPECT_EQ(v1->at("price_ex_vat").at("minor").as_int64(), 19920);
    EXPECT_EQ(v1->at("vat_rate_bp").as_int64(), 2500);
    EXPECT_EQ(text(v1->at("attributes").at("ean")), "7350000000019");
    EXPECT_NE(by(products, "article_number", "T100-V2"), nullptr);
    EXPECT_NE(by(products, "article_number", skus().at(0)), nullptr);   // the seeded ones too

    // An order names the shop's SKU; the row gets the article the rule made of it.
    auto o = write_orders({order("400001", {{"T100-BLA-M", 1, 24900}})});
    ASSERT_TRUE(o.ok()) << o.message();
    ASSERT_EQ(text(result(o, 0).at("outcome")), "created") << boost::json::serialize(o.document);
    at_visma([&] {
        Rec h(ADK_DB_ORDER_HEAD);
        ASSERT_TRUE(h.first_where(ADK_OOI_HEAD_CUSTOMER_ORDER_NUMBER, "400001"));
        PADK_DATA row = nullptr;
        ASSERT_EQ(emulator().AdkGetData(h.get(), ADK_OOI_HEAD_ROWS, 0, &row).lRc, ADKE_OK);
        char buf[64];
        char* out = buf;
        emulator().AdkGetStr(row, ADK_OOI_ROW_ARTICLE_NUMBER, &out, sizeof buf);
        EXPECT_EQ(std::string(buf), "T100-V2");
    });
}

// Which article a renumbered SKU became is one state key a SKU, but a products.write is
// one commit (an fsync) for all of them, and a mapping already held is not written again.
TEST_F(VismaPluginCatalogue, RenumberedSkusAreRememberedInOneCommitACall) {
    struct CountingState : MemoryState {
        int single = 0, batches = 0;
        void set(const std::string& i, const std::string& k, const std::optional<std::string>& v) override {
            ++single;
            MemoryState::set(i, k, v);
        }
        void set_many(const std::string& i, const std::vector<StateWrite>& writes) override {
            ++batches;
            for (const auto& [k, v] : writes) MemoryState::set(i, k, v);
        }
    } counted;
    auto cfg = config();
    cfg["article_number"] = "{article}-V{n}";
    plugin = make(cfg, "rule", &counted);
    auto second = product();
    second["article_number"] = "T200";
    second["variants"].as_array()[0].as_object()["sku"] = "T200-BLA-S";
    second["variants"].as_array()[1].as_object()["sku"] = "T200-BLA-M";
    auto w = call({{"op", "products.write"}, {"records", boost::json::array{product(), second}}});
    ASSERT_TRUE(w.ok()) << w.message();
    EXPECT_EQ(counted.single, 0);
    EXPECT_EQ(counted.batches, 1);
    EXPECT_EQ(counted.values.at("rule/article:T100-BLA-S"), "T100-V1");
    EXPECT_EQ(counted.values.at("rule/article:T100-BLA-M"), "T100-V2");
    EXPECT_EQ(counted.values.at("rule/article:T200-BLA-S"), "T200-V1");
    EXPECT_EQ(counted.values.at("rule/article:T200-BLA-M"), "T200-V2");

    auto again = call({{"op", "products.write"}, {"records", boost::json::array{product(), second}}});
    ASSERT_TRUE(again.ok()) << again.message();
    EXPECT_EQ(counted.single, 0);
    EXPECT_EQ(counted.batches, 1);   // nothing new to remember: no commit at all
    plugin.reset();                  // before the state it uses goes
}

// combo: the shop leads articles, Visma leads prices. The host sends keep_prices, so a
// price a Visma user set survives the shop's next product write; a new article is priced.
TEST_F(VismaPluginCatalogue, KeepPricesLeavesAnExistingArticlesPriceAsVismaHasIt) {
    auto p = product();
    p["variants"] = boost::json::array{};
    ASSERT_TRUE(call({{"op", "products.write"}, {"records", boost::json::array{p}}}).ok());
    at_visma([&] {
        Rec a(ADK_DB_ARTICLE);
        ASSERT_TRUE(a.first_where(ADK_ARTICLE_NUMBER, "T100"));
        EXPECT_DOUBLE_EQ(a.dbl(ADK_ARTICLE_PRICE), 199.2);
        ASSERT_EQ(emulator().AdkSetDouble(a.get(), ADK_ARTICLE_PRICE, 123.45).lRc, ADKE_OK);
        ASSERT_EQ(emulator().AdkUpdate(a.get()).lRc, ADKE_OK);
    });
    p["name"] = "Tröja ny";
    auto newer = p;
    newer["article_number"] = "T101";
    auto w = call({{"op", "products.write"}, {"records", boost::json::array{p, newer}}, {"keep_prices", true}});
    ASSERT_TRUE(w.ok()) << w.message();
    EXPECT_EQ(text(result(w, 0).at("outcome")), "updated");   // the name
    EXPECT_EQ(text(result(w, 1).at("outcome")), "created");
    at_visma([&] {
        Rec a(ADK_DB_ARTICLE);
        ASSERT_TRUE(a.first_where(ADK_ARTICLE_NUMBER, "T100"));
        EXPECT_DOUBLE_EQ(a.dbl(ADK_ARTICLE_PRICE), 123.45);
        EXPECT_EQ(a.raw(ADK_ARTICLE_NAME), "Tr\xF6ja ny");
        Rec b(ADK_DB_ARTICLE);
        ASSERT_TRUE(b.first_where(ADK_ARTICLE_NUMBER, "T101"));
        EXPECT_DOUBLE_EQ(b.dbl(ADK_ARTICLE_PRICE), 199.2);
    });
    // Without the flag (the shop leads prices too) the shop's price wins again.
    ASSERT_TRUE(call({{"op", "products.write"}, {"records", boost::json::array{p}}}).ok());
    at_visma([&] {
        Rec a(ADK_DB_ARTICLE);
        ASSERT_TRUE(a.first_where(ADK_ARTICLE_NUMBER, "T100"));
        EXPECT_DOUBLE_EQ(a.dbl(ADK_ARTICLE_PRICE), 199.2);
    });
}

TEST_F(VismaPluginCatalogue, ProductsReadOnlyWhatChangedSinceTheCursor) {
    boost::json::value cursor = nullptr;
    auto first = read_all("products", &cursor);
    EXPECT_EQ(first.size(), skus().size());
    EXPECT_TRUE(read_all("products", &cursor).empty());
    auto p = product();
    p["variants"] = boost::json::array{};
    p["article_number"] = "M200";
    p["name"] = "Mugg Åkerbär";
    ASSERT_TRUE(call({{"op", "products.write"}, {"records", boost::json::array{p}}}).ok());
    auto changed = read_all("products", &cursor);
    ASSERT_EQ(changed.size(), 1u);
    EXPECT_EQ(text(changed.at(0).at("name")), "Mugg Åkerbär");
}

TEST_F(VismaPluginCatalogue, PricesAreWrittenPerListWithVatWhereTheListIncludesItAndReadBackExVat) {
    const std::string sku = skus().at(0);
    const int rate = data.products.at(0).vat_rate_bp;
    const auto& other = data.channels.at(1);
    auto w = call({{"op", "prices.write"},
                   {"records", boost::json::array{
                       {{"sku", sku}, {"price_list", base_list()}, {"price_ex_vat", money(12300)}},
                       {{"sku", sku}, {"price_list", other.price_list_code}, {"price_ex_vat", money(1000, other.currency)}},
                       {{"sku", sku}, {"price_list", base_list()}, {"price_ex_vat", money(11000)}, {"min_quantity", 10}},
                       {{"sku", "NO-SUCH-SKU"}, {"price_list", base_list()}, {"price_ex_vat", money(100)}}}}});
    ASSERT_TRUE(w.ok()) << w.message();
    EXPECT_EQ(text(result(w, 0).at("outcome")), "updated");
    EXPECT_EQ(text(result(w, 1).at("outcome")), "updated");
    EXPECT_EQ(text(result(w, 2).at("outcome")), "created");
    EXPECT_EQ(text(result(w, 3).at("outcome")), "failed");
    EXPECT_EQ(text(result(w, 3).at("error").at("code")), "missing_article");
    EXPECT_NE(text(result(w, 3).at("error").at("message")).find("NO-SUCH-SKU"), std::string::npos);
    const int64_t inc = skarv::model::inclusive_of_exclusive(skarv::model::Money(1000, other.currency), rate).minor();
    at_visma([&] {
        Rec a(ADK_DB_ARTICLE);
        ASSERT_TRUE(a.first_where(ADK_ARTICLE_NUMBER, sku));
        EXPECT_DOUBLE_EQ(a.dbl(ADK_ARTICLE_PRICE), 123.0);   // the base list's price is the article's own
        Rec p(ADK_DB_PRICE);
        emulator().AdkSetFilter(p.get(), ADK_PRICE_ARTICLE_NUMBER, ("=" + sku).c_str(), 0);
        ASSERT_TRUE(p.first_where(ADK_PRICE_PRICE_LIST, other.price_list_code));
        EXPECT_NEAR(p.dbl(ADK_PRICE_PRICE) * 100, static_cast<double>(inc), 1e-6);
    });
    auto again = call({{"op", "prices.write"},
                       {"records", boost::json::array{{{"sku", sku}, {"price_list", base_list()}, {"price_ex_vat", money(12300)}}}}});
    EXPECT_EQ(text(result(again, 0).at("outcome")), "unchanged");

    auto prices = read_all("prices");
    bool seen_other = false, seen_break = false;
    for (const auto& p : prices) {
        if (text(p.at("sku")) != sku) continue;
        if (text(p.at("price_list")) == other.price_list_code) {
            seen_other = true;
            EXPECT_EQ(p.at("price_ex_vat").at("minor").as_int64(), 1000);
            EXPECT_EQ(text(p.at("price_ex_vat").at("currency")), other.currency);
        }
        if (p.at("min_quantity").as_int64() == 10) {
            seen_break = true;
            EXPECT_EQ(p.at("price_ex_vat").at("minor").as_int64(), 11000);
        }
    }
    EXPECT_TRUE(seen_other);
    EXPECT_TRUE(seen_break);
}

TEST_F(VismaPluginCatalogue, PriceListsAreWrittenWithTheirPricesAndReadBackWithGroupAndChannel) {
    auto cfg = config();
    cfg["price_lists"].as_object()["customer_groups"] = {{"B2B", "PL-B2B"}};
    plugin = make(cfg, "lists");
    boost::json::object list{{"code", "PL-B2B"}, {"name", "Återförsäljare"}, {"currency", "SEK"}, {"customer_group", "B2B"},
                             {"prices", boost::json::array{{{"sku", skus().at(0)}, {"price_ex_vat", money(9000)}},
                                                           {{"sku", skus().at(1)}, {"price_ex_vat", money(8000)}}}}};
    auto w = call({{"op", "pricelists.write"}, {"records", boost::json::array{list}}});
    ASSERT_TRUE(w.ok()) << w.message();
    EXPECT_EQ(text(result(w, 0).at("outcome")), "created") << boost::json::serialize(w.document);
    auto again = call({{"op", "pricelists.write"}, {"records", boost::json::array{list}}});
    EXPECT_EQ(text(result(again, 0).at("outcome")), "unchanged");
    EXPECT_TRUE(plugin->check().ok());   // the configured list exists now

    auto lists = read_all("pricelists");
    const auto* b2b = by(lists, "code", "PL-B2B");
    ASSERT_NE(b2b, nullptr);
    EXPECT_EQ(text(b2b->at("name")), "Återförsäljare");
    EXPECT_EQ(text(b2b->at("customer_group")), "B2B");
    ASSERT_EQ(b2b->at("prices").as_array().size(), 2u);
    EXPECT_EQ(b2b->at("prices").as_array().at(0).at("price_ex_vat").at("minor").as_int64(), 9000);
    const auto* base = by(lists, "code", base_list());
    ASSERT_NE(base, nullptr);
    EXPECT_EQ(base->at("channel").as_int64(), 1);
    for (const auto& l : lists) skarv::model::read_price_list(l);   // all canonical
}

TEST_F(VismaPluginCatalogue, StockIsOneFigurePerArticleWrittenAndReadWithDisposable) {
    const std::string sku = skus().at(0);
    auto w = call({{"op", "stock.write"},
                   {"records", boost::json::array{{{"sku", sku}, {"warehouse", "VISMA"}, {"on_hand", 42}},
                                                  {{"sku", sku}, {"warehouse", "LAGER2"}, {"on_hand", 1}},
                                                  {{"sku", "NO-SUCH-SKU"}, {"warehouse", "VISMA"}, {"on_hand", 3}}}}});
    ASSERT_TRUE(w.ok()) << w.message();
    EXPECT_EQ(text(result(w, 0).at("outcome")), "updated");
    EXPECT_EQ(text(result(w, 0).at("id")), sku + "@VISMA");
    EXPECT_EQ(text(result(w, 1).at("error").at("code")), "unknown_warehouse");
    EXPECT_EQ(text(result(w, 2).at("error").at("code")), "missing_article");
    auto again = call({{"op", "stock.write"}, {"records", boost::json::array{{{"sku", sku}, {"warehouse", "VISMA"}, {"on_hand", 42}}}}});
    EXPECT_EQ(text(result(again, 0).at("outcome")), "unchanged");

    boost::json::value cursor = nullptr;
    auto levels = read_all("stock", &cursor);
    const auto* level = by(levels, "sku", sku);
    ASSERT_NE(level, nullptr);
    EXPECT_EQ(level->at("on_hand").as_int64(), 42);
    EXPECT_EQ(level->at("available").as_int64(), 42);
    EXPECT_EQ(text(level->at("warehouse")), "VISMA");

    // An order reserves stock: disposable drops, and the article shows as changed.
    ASSERT_TRUE(write_orders({order("500001", {{sku, 2, 10000}})}).ok());
    auto changed = read_all("stock", &cursor);
    const auto* after = by(changed, "sku", sku);
    ASSERT_NE(after, nullptr);
    EXPECT_EQ(after->at("on_hand").as_int64(), 42);
    EXPECT_EQ(after->at("available").as_int64(), 40);
}

}  // namespace visma_test
