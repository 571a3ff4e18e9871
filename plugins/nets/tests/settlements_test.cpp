// The Nets connector against the Nets emulator over loopback HTTP, and its file-drop mode
// on real files.

#include <set>

#include "payout_details.hpp"
#include "provider_plugin.hpp"
#include "skarv/sandbox/nets_emulator.hpp"

using skarv::model::Money;
using skarv::model::Settlement;
using skarv::sandbox::NetsEmulator;

namespace {
NetsEmulator::Options options() {
    NetsEmulator::Options o;
    o.seed.orders = 30;
    o.seed.channels = 3;
    return o;
}
struct NetsSettlements : ::testing::Test {
    NetsEmulator emu{options()};
    provider_test::TempDir inbox;
    void SetUp() override { emu.start(); }
    boost::json::object config() const { return {{"base_url", emu.base_url()}, {"secret_key", emu.options().secret_key}}; }
    const Settlement* find(const std::vector<Settlement>& read, const std::string& id) {
        for (const auto& s : read)
            if (s.settlement_id == id) return &s;
        return nullptr;
    }
};

void expect_payout_matches_seed(const Settlement& s, const skarv::sandbox::SeedPayout& p) {
    EXPECT_EQ(s.provider, "nets");
    EXPECT_EQ(s.bank_reference, p.bank_reference);
    EXPECT_EQ(s.payout_date, p.date);
    EXPECT_EQ(s.currency, p.currency);
    ASSERT_TRUE(s.stated_payout.has_value());
    EXPECT_EQ(*s.stated_payout, Money(p.total(), p.currency));
    EXPECT_EQ(s.payout(), *s.stated_payout);
    ASSERT_EQ(s.transactions.size(), p.rows.size());
    for (std::size_t i = 0; i < p.rows.size(); ++i) {
        const auto& r = p.rows[i];
        const auto& t = s.transactions[i];
        EXPECT_EQ(t.transaction_id, r.row_id);
        EXPECT_EQ(t.payment_reference, r.payment_reference);
        EXPECT_EQ(t.order_id, r.order_number);
        EXPECT_EQ(t.date, r.date);
        EXPECT_EQ(t.type, r.kind == "sale" ? "sale" : "refund");
        EXPECT_EQ(t.amount.minor(), r.kind == "sale" ? r.amount : -r.amount);
        EXPECT_EQ(t.fee.minor(), r.fee);
        EXPECT_EQ(t.vat_on_fee.minor(), 0);
    }
}
}  // namespace

TEST_F(NetsSettlements, EverySeededPayoutArrivesWholeInMinorUnits) {
    auto plugin = provider_test::load(SKARV_NETS_PLUGIN, config());
    auto read = provider_test::read_all(*plugin, 100);
    ASSERT_EQ(read.size(), emu.payouts().size());
    std::set<std::string> orders, types;
    for (const auto& p : emu.payouts()) {
        const auto* s = find(read, p.id);
        ASSERT_NE(s, nullptr) << p.id;
        expect_payout_matches_seed(*s, p);
        for (const auto& t : s->transactions) orders.insert(t.order_id), types.insert(t.type);
    }
    EXPECT_TRUE(orders.count("999999"));
    EXPECT_TRUE(types.count("refund"));
}

TEST_F(NetsSettlements, PagedPayoutsAndActionsStillGiveWholePayouts) {
    auto cfg = config();
    cfg["page_size"] = 1;
    auto plugin = provider_test::load(SKARV_NETS_PLUGIN, cfg);
    int pages = 0;
    auto read = provider_test::read_all(*plugin, 1, &pages);
    EXPECT_EQ(pages, static_cast<int>(emu.payouts().size()));
    ASSERT_EQ(read.size(), emu.payouts().size());
    for (const auto& p : emu.payouts()) expect_payout_matches_seed(*find(read, p.id), p);
}

TEST_F(NetsSettlements, AWrongKeyIsAnAuthErrorThatDoesNotShowTheKey) {
    auto cfg = config();
    cfg["secret_key"] = "wrong-key-4711";
    auto plugin = provider_test::load(SKARV_NETS_PLUGIN, cfg);
    auto r = plugin->call(boost::json::object{{"op", "settlements.read"}, {"cursor", nullptr}, {"limit", 10}});
    EXPECT_EQ(r.status, SKARV_ERR_AUTH) << r.message();
    EXPECT_EQ(r.message().find("wrong-key-4711"), std::string::npos);
}

TEST_F(NetsSettlements, ASavedPayoutFileGivesTheSamePayoutAsTheApi) {
    const auto& p = emu.payouts().back();
    inbox.write("nets-" + p.id + ".json", boost::json::serialize(emu.payout_details(p.id)));
    auto api = provider_test::load(SKARV_NETS_PLUGIN, config());
    auto from_api = provider_test::read_all(*api, 100);
    auto plugin = provider_test::load(SKARV_NETS_PLUGIN, {{"inbox", inbox.path.string()}});
    auto r = plugin->call(boost::json::object{{"op", "settlements.read"}, {"cursor", nullptr}, {"limit", 10}});
    ASSERT_TRUE(r.ok()) << r.message();
    ASSERT_EQ(r.document.at("records").as_array().size(), 1u);
    EXPECT_EQ(r.document.at("records").at(0), boost::json::value_from(*find(from_api, p.id)));
    ASSERT_TRUE(plugin->call(boost::json::object{{"op", "settlements.ack"}, {"cursor", r.document.at("cursor")}}).ok());
    EXPECT_TRUE(inbox.has("done/nets-" + p.id + ".json"));
}

TEST_F(NetsSettlements, AMalformedPayoutFileIsRefusedNamingTheFieldAndGivesNoRecord) {
    const auto& p = emu.payouts().back();
    auto unknown_action = emu.payout_details(p.id);
    unknown_action.at("paymentActions").as_array().at(1).as_object()["paymentAction"] = "Capture";
    inbox.write("a-action.json", boost::json::serialize(unknown_action));
    auto half = emu.payout_details(p.id);
    half.at("paymentActions").as_array().pop_back();
    inbox.write("b-half.json", boost::json::serialize(half));
    auto fraction = emu.payout_details(p.id);
    fraction.at("paymentActions").as_array().at(0).as_object()["amount"] = 12.5;
    inbox.write("c-fraction.json", boost::json::serialize(fraction));
    auto huge = emu.payout_details(p.id);
    huge.at("paymentActions").as_array().at(0).as_object()["amount"] = INT64_MIN;
    inbox.write("d-huge.json", boost::json::serialize(huge));
    auto plugin = provider_test::load(SKARV_NETS_PLUGIN, {{"inbox", inbox.path.string()}});
    auto r = plugin->call(boost::json::object{{"op", "settlements.read"}, {"cursor", nullptr}, {"limit", 10}});
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_TRUE(r.document.at("records").as_array().empty());
    EXPECT_NE(inbox.read("failed/d-huge.json.reason.txt").find("out of range"), std::string::npos)
        << inbox.read("failed/d-huge.json.reason.txt");
    EXPECT_EQ(inbox.read("failed/a-action.json.reason.txt"),
              "a-action.json.paymentActions[1].paymentAction: unknown payment action 'Capture'\n");
    EXPECT_NE(inbox.read("failed/b-half.json.reason.txt").find("b-half.json.paymentActions: holds"), std::string::npos);
    EXPECT_EQ(inbox.read("failed/c-fraction.json.reason.txt"), "c-fraction.json.paymentActions[0].amount: expected an integer\n");
    EXPECT_FALSE(inbox.has("a-action.json"));
}
