// Point 2: orders in, both ways Norce offers them, mapped to canonical Orders whose
// totals equal what the shop charged, to the öre, compared with the emulator's own state.
#include <set>

#include <skarv/records.hpp>

#include "plugin_fixture.hpp"
#include "push_receiver.hpp"

using namespace jetshop_test;

namespace {

struct JetshopPluginOrders : Fixture {
    int with_discount = 0, with_line_discount = 0, with_freight = 0;
    // Orders whose figures do not divide evenly: 3 x 10.0040 ex VAT at the SKU's rate,
    // and a company buyer with an organisation number.
    std::string add_awkward_order(bool push) {
        const auto skus = state_of("skus").as_object();
        std::string part_no;
        for (const auto& [pn, s] : skus)
            if (s.as_object().at("Prices").as_object().contains("PL-SE") || true) { part_no = pn; break; }
        return emu->create_order(json::object{
            {"ApplicationId", 1},
            {"Customer", json::object{{"CompanyName", "Skarv Bygg AB"}, {"OrgNo", "556677-8899"},
                                      {"FirstName", "Åsa"}, {"LastName", "Öberg"}, {"Email", "asa@bygg.se"},
                                      {"CustomerCode", "F7001"}, {"Street", "Industrivägen 4"},
                                      {"PostalCode", "41101"}, {"City", "Göteborg"}}},
            {"Items", json::array{json::object{{"PartNo", part_no}, {"Quantity", 3}, {"UnitPrice", 10.004}},
                                  json::object{{"PartNo", part_no}, {"Quantity", 7}, {"UnitPrice", 3.3333}}}},
            {"FreightIncVat", 49},
            {"PaymentMethod", "svea"},
            {"PaymentRef", "svea-77"},
            {"Push", push}});
    }

    void expect_matches_state(const json::object& rec) {
        const std::string id(rec.at("order_id").as_string());
        const auto orders = state_of("orders").as_object();
        ASSERT_TRUE(orders.contains(id)) << id;
        const auto& so = orders.at(id).as_object();
        // What the shop charged, to the öre.
        EXPECT_EQ(minor(rec.at("total_inc_vat")), ore(so.at("TotalIncVat"))) << "order " << id;
        EXPECT_EQ(rec.at("channel").as_int64(), so.at("ApplicationId").as_int64()) << id;
        EXPECT_EQ(rec.at("currency"), so.at("CurrencyCode")) << id;
        EXPECT_EQ(rec.at("customer").at("email"), so.at("Email")) << id;
        // Goods lines, freight apart.
        std::multiset<std::string> want, got;
        for (const auto& l : so.at("Lines").as_array())
            if (l.at("PartNo") != "FREIGHT") want.insert(std::string(l.at("PartNo").as_string()));
        for (const auto& l : rec.at("lines").as_array()) got.insert(std::string(l.at("sku").as_string()));
        EXPECT_EQ(want, got) << id;
        // Each line keeps its VAT rate (Norce's fraction -> basis points).
        std::multiset<std::pair<std::string, int64_t>> want_rates, got_rates;
        for (const auto& l : so.at("Lines").as_array())
            if (l.at("PartNo") != "FREIGHT")
                want_rates.emplace(std::string(l.at("PartNo").as_string()),
                                   std::llround(l.at("VatRate").to_number<double>() * 10000));
        for (const auto& l : rec.at("lines").as_array())
            got_rates.emplace(std::string(l.at("sku").as_string()), l.at("vat_rate_bp").as_int64());
        EXPECT_EQ(want_rates, got_rates) << id;
        if (!rec.at("discounts").as_array().empty()) ++with_discount;
        for (const auto& l : rec.at("lines").as_array())
            if (minor(l.at("discount_inc_vat")) != 0) ++with_line_discount;
        if (rec.contains("shipping")) ++with_freight;
        for (const auto& l : so.at("Lines").as_array())
            if (l.at("PartNo") == "FREIGHT") {
                ASSERT_TRUE(rec.contains("shipping")) << id;
                EXPECT_EQ(rec.at("shipping").at("vat_rate_bp"), 2500);
            }
        // The canonical reader agrees the document adds up.
        EXPECT_NO_THROW(skarv::model::read_order(rec));
    }
};

}  // namespace

TEST_F(JetshopPluginOrders, PushedOrdersAreParsedAndAnsweredOkWithTotalsToTheOre) {
    // The plugin exists before Norce starts pushing (and outlives the receiver).
    auto plugin = instance();
    PushReceiver receiver;
    receiver.attach(plugin.get());
    auto o = options();
    o.erp_push_url = receiver.url();
    o.erp_push_user = "norce";
    o.erp_push_password = "push-pw";
    o.push_retry_ms = 50;
    emu->stop();
    start(o);
    const std::string awkward = add_awkward_order(true);
    const bool drained = wait_until([&] { return state_of("push").at("pending").as_int64() == 0; });
    for (const auto& r : receiver.results())
        if (!r.ok()) ADD_FAILURE() << r.message();
    if (!drained)
        for (const auto& [ref, so] : state_object("orders"))
            if (so.at("Push").at("Wanted").as_bool() && !so.at("Push").at("Delivered").as_bool())
                ADD_FAILURE() << "order " << ref << " not delivered: " << json::serialize(so.at("Push"));
    ASSERT_TRUE(drained);
    EXPECT_EQ(state_of("push").at("given_up").as_int64(), 0);
    EXPECT_TRUE(emu->push_delivered(awkward));

    int expected = 0;
    for (const auto& [ref, so] : state_object("orders"))
        if (so.at("Push").at("Wanted").as_bool()) ++expected;
    const auto records = receiver.records();
    ASSERT_EQ(static_cast<int>(records.size()), expected);
    for (const auto& rec : records) {
        expect_matches_state(rec);
        const json::value so = state_of("orders").at(rec.at("order_id").as_string());
        EXPECT_EQ(rec.at("payment").at("reference"), so.at("PaymentRef"));
        EXPECT_EQ(rec.at("payment").at("method"), so.at("PaymentMethod"));
        EXPECT_EQ(minor(rec.at("payment").at("amount")), ore(so.at("TotalIncVat")));
        // Remembered under order/, where the host's retention prunes it.
        const std::string id(rec.at("order_id").as_string());
        EXPECT_EQ(host_state.values.at("shop/order/payment_ref/" + id), so.at("PaymentRef").as_string()) << id;
        EXPECT_FALSE(host_state.values.contains("shop/payment_ref/" + id)) << id;
    }
    // The company order: organisation number, company name, buyer as attention.
    for (const auto& rec : records)
        if (rec.at("order_id").as_string() == awkward) {
            const auto& c = rec.at("customer");
            EXPECT_EQ(c.at("type"), "company");
            EXPECT_EQ(c.at("company_name"), "Skarv Bygg AB");
            EXPECT_EQ(c.at("org_number"), "556677-8899");
            EXPECT_EQ(c.at("customer_number"), "F7001");
            EXPECT_EQ(c.at("billing").at("attention"), "Åsa Öberg");
            EXPECT_EQ(rec.at("billing_address").at("city"), "Göteborg");
        }
    // Query has no PSP reference; orders.read uses the one the push brought.
    // (A second instance of the same name, so the same host state, on the pushing emulator.)
    auto reader = instance(config(), "shop");
    auto read = reader->call(json::object{{"op", "orders.read"}, {"initial", true}, {"limit", 100}});
    ASSERT_TRUE(read.ok()) << read.message();
    int with_ref = 0;
    for (const auto& rec : read.document.at("records").as_array()) {
        const json::value so = state_of("orders").at(rec.at("order_id").as_string());
        if (!so.at("Push").at("Delivered").as_bool()) continue;
        EXPECT_EQ(rec.at("payment").at("reference"), so.at("PaymentRef"));
        EXPECT_EQ(minor(rec.at("payment").at("amount")), ore(so.at("TotalIncVat")));
        ++with_ref;
    }
    EXPECT_EQ(with_ref, expected);
    // Each reply was Norce's OrderResponse with StatusCode OK.
    for (const auto& r : receiver.results()) {
        ASSERT_TRUE(r.ok()) << r.message();
        auto body = json::parse(r.document.at("reply").at("body").as_string());
        EXPECT_EQ(body.at("StatusCode"), "OK");
    }
}

TEST_F(JetshopPluginOrders, PushWithWrongPasswordIsAnAuthErrorThatNamesNoSecret) {
    auto plugin = instance();
    PushReceiver receiver;
    receiver.attach(plugin.get());
    auto o = options();
    o.erp_push_url = receiver.url();
    o.erp_push_user = "norce";
    o.erp_push_password = "not-the-password";
    o.push_retry_ms = 50;
    o.push_max_attempts = 2;
    emu->stop();
    start(o);
    ASSERT_TRUE(wait_until([&] { return state_of("push").at("pending").as_int64() == 0; }));
    EXPECT_TRUE(receiver.records().empty());
    const auto results = receiver.results();
    ASSERT_FALSE(results.empty());
    for (const auto& r : results) {
        EXPECT_EQ(r.status, SKARV_ERR_AUTH);
        EXPECT_EQ(r.message().find("not-the-password"), std::string::npos);
        EXPECT_EQ(r.message().find("push-pw"), std::string::npos);
    }
    EXPECT_GT(state_of("push").at("given_up").as_int64(), 0);
    // Norce saw a refusal (401), never an OK.
    for (const auto& [ref, so] : state_object("orders"))
        for (const auto& a : so.at("Push").at("Attempts").as_array()) EXPECT_EQ(a.at("HttpStatus"), 401) << ref;
}

TEST_F(JetshopPluginOrders, PushWithoutCredentialsOrWithAMalformedBodyIsRefused) {
    auto plugin = instance();
    auto none = plugin->call(json::object{{"op", "orders.parse_push"}, {"body", "{}"}, {"headers", json::object{}}});
    EXPECT_EQ(none.status, SKARV_ERR_AUTH);
    const std::string basic = "Basic bm9yY2U6cHVzaC1wdw==";   // norce:push-pw
    auto garbage = plugin->call(json::object{{"op", "orders.parse_push"}, {"body", "{\"ClientOrderRef\": 12"},
                                             {"headers", json::object{{"authorization", basic}}}});
    EXPECT_EQ(garbage.status, SKARV_ERR_INVALID);
    EXPECT_FALSE(garbage.retryable());
    auto no_lines = plugin->call(json::object{{"op", "orders.parse_push"},
                                              {"body", R"({"ClientOrderRef": 4711, "CurrencyCode": "SEK",
                                                          "Header": {"ApplicationKey": "x"}, "AdditionalInfo":
                                                          [{"Code": "ApplicationId", "Value": "1"}], "Items": []})"},
                                              {"headers", json::object{{"authorization", basic}}}});
    EXPECT_EQ(no_lines.status, SKARV_ERR_INVALID);
    EXPECT_NE(no_lines.message().find("order 4711"), std::string::npos) << no_lines.message();
}

TEST_F(JetshopPluginOrders, QueryReadReturnsReleasedOrdersComparedToTheEmulatorToTheOre) {
    const std::string awkward = add_awkward_order(false);
    auto cfg = config();
    cfg["query_page_size"] = 2;   // several pages: @odata.nextLink is followed
    auto plugin = instance(cfg);
    emu->http().clear_log();
    auto r = plugin->call(json::object{{"op", "orders.read"}, {"cursor", nullptr}, {"limit", 100}});
    ASSERT_TRUE(r.ok()) << r.message();
    std::set<std::string> want;
    for (const auto& [ref, so] : state_object("orders")) {
        const auto id = so.at("StatusId").as_int64();
        if (id == 0 || id == 2) want.insert(std::string(ref));
    }
    std::set<std::string> got;
    for (const auto& rec : r.document.at("records").as_array()) {
        got.insert(std::string(rec.at("order_id").as_string()));
        expect_matches_state(rec.as_object());
    }
    EXPECT_EQ(want, got);
    EXPECT_TRUE(got.contains(awkward));
    // The seed has vouchers, line discounts and freight among these: all were mapped.
    EXPECT_GT(with_discount, 0);
    EXPECT_GT(with_line_discount, 0);
    EXPECT_GT(with_freight, 0);
    EXPECT_FALSE(r.document.at("more").as_bool());
    int pages = 0;
    for (const auto& e : emu->http().request_log())
        if (e.path == "/commerce/query/2.0/Orders/Orders") ++pages;
    EXPECT_GE(pages, static_cast<int>((want.size() + 1) / 2));

    // Nothing new since the cursor; a new order comes alone.
    auto again = plugin->call(json::object{{"op", "orders.read"}, {"cursor", r.document.at("cursor")}, {"limit", 100}});
    ASSERT_TRUE(again.ok()) << again.message();
    EXPECT_TRUE(again.document.at("records").as_array().empty());
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));   // Updated has whole seconds
    const std::string fresh = add_awkward_order(false);
    auto third = plugin->call(json::object{{"op", "orders.read"}, {"cursor", again.document.at("cursor")}, {"limit", 100}});
    ASSERT_TRUE(third.ok()) << third.message();
    ASSERT_EQ(third.document.at("records").as_array().size(), 1u);
    EXPECT_EQ(third.document.at("records").at(0).at("order_id").as_string(), fresh);
}

TEST_F(JetshopPluginOrders, QueryReadPagesByLimitWithoutLosingOrRepeatingOrders) {
    auto cfg = config();
    cfg["query_page_size"] = 2;
    auto plugin = instance(cfg);
    std::multiset<std::string> got;
    json::value cursor = nullptr;
    for (int i = 0; i < 20; ++i) {
        auto r = plugin->call(json::object{{"op", "orders.read"}, {"cursor", cursor}, {"limit", 3}});
        ASSERT_TRUE(r.ok()) << r.message();
        for (const auto& rec : r.document.at("records").as_array()) got.insert(std::string(rec.at("order_id").as_string()));
        cursor = r.document.at("cursor");
        if (!r.document.at("more").as_bool()) break;
    }
    std::multiset<std::string> want;
    for (const auto& [ref, so] : state_object("orders"))
        if (so.at("StatusId").as_int64() == 0 || so.at("StatusId").as_int64() == 2) want.insert(std::string(ref));
    EXPECT_EQ(want, got);
}
