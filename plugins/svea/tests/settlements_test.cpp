// The Svea connector against the Svea emulator over loopback HTTP, and its file-drop mode
// on real files.

#include <set>

#include "provider_plugin.hpp"
#include "reconciliation_report.hpp"
#include "skarv/sandbox/svea_emulator.hpp"

using skarv::model::Money;
using skarv::model::Settlement;
using skarv::sandbox::SveaEmulator;

namespace {
SveaEmulator::Options options() {
    SveaEmulator::Options o;
    o.seed.orders = 40;
    o.seed.channels = 3;
    return o;
}
struct SveaSettlements : ::testing::Test {
    SveaEmulator emu{options()};
    provider_test::TempDir inbox;
    void SetUp() override { emu.start(); }
    boost::json::object config() const {
        return {{"base_url", emu.base_url()},
                {"merchant_id", emu.options().merchant_id},
                {"secret", emu.options().secret},
                {"start_date", "2026-11-18"}};
    }
    static std::string id_of(const skarv::sandbox::SeedPayout& p) {
        return std::to_string(SveaEmulator::client_id(p.currency)) + "-" + p.date;
    }
    const Settlement* find(const std::vector<Settlement>& read, const std::string& id) {
        for (const auto& s : read)
            if (s.settlement_id == id) return &s;
        return nullptr;
    }
};

void expect_payout_matches_seed(const Settlement& s, const skarv::sandbox::SeedPayout& p) {
    EXPECT_EQ(s.provider, "svea");
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
        if (r.kind == "sale") {
            EXPECT_EQ(t.type, "sale");
            EXPECT_EQ(t.amount.minor(), r.amount);
            EXPECT_EQ(t.fee.minor(), r.fee);
            EXPECT_EQ(t.vat_on_fee.minor(), r.fee_vat);
        } else if (r.kind == "return") {
            EXPECT_EQ(t.type, "refund");
            EXPECT_EQ(t.amount.minor(), -r.amount);
        } else {
            EXPECT_EQ(t.type, "fee_correction");
            EXPECT_EQ(t.amount.minor(), 0);
            EXPECT_EQ(t.fee.minor(), -r.fee);
            EXPECT_EQ(t.vat_on_fee.minor(), -r.fee_vat);
        }
    }
}
}  // namespace

TEST_F(SveaSettlements, EveryDaysPayoutArrivesWholeInMinorUnits) {
    auto plugin = provider_test::load(SKARV_SVEA_PLUGIN, config());
    int pages = 0;
    auto read = provider_test::read_all(*plugin, 100, &pages);
    EXPECT_EQ(pages, 6) << "one report a day, 2026-11-18 to 2026-11-23";
    ASSERT_EQ(read.size(), emu.payouts().size());
    std::set<std::string> types, orders;
    for (const auto& p : emu.payouts()) {
        const auto* s = find(read, id_of(p));
        ASSERT_NE(s, nullptr) << id_of(p);
        expect_payout_matches_seed(*s, p);
        for (const auto& t : s->transactions) types.insert(t.type), orders.insert(t.order_id);
    }
    EXPECT_TRUE(types.count("refund") && types.count("fee_correction"));
    EXPECT_TRUE(orders.count("999999"));
}

TEST_F(SveaSettlements, AWrongSecretIsAnAuthErrorThatDoesNotShowTheSecret) {
    auto cfg = config();
    cfg["secret"] = "wrong-secret-4711";
    auto plugin = provider_test::load(SKARV_SVEA_PLUGIN, cfg);
    auto r = plugin->call(boost::json::object{{"op", "settlements.read"}, {"cursor", nullptr}, {"limit", 10}});
    EXPECT_EQ(r.status, SKARV_ERR_AUTH) << r.message();
    EXPECT_EQ(r.message().find("wrong-secret-4711"), std::string::npos);
}

TEST_F(SveaSettlements, ASavedReportGivesTheSamePayoutsAsTheApi) {
    const auto& p = emu.payouts().front();
    inbox.write("svea-" + p.date + ".json", boost::json::serialize(emu.report(p.date)));
    auto api = provider_test::load(SKARV_SVEA_PLUGIN, config());
    auto from_api = provider_test::read_all(*api, 100);
    auto plugin = provider_test::load(SKARV_SVEA_PLUGIN, {{"inbox", inbox.path.string()}});
    auto r = plugin->call(boost::json::object{{"op", "settlements.read"}, {"cursor", nullptr}, {"limit", 10}});
    ASSERT_TRUE(r.ok()) << r.message();
    const auto& records = r.document.at("records").as_array();
    ASSERT_FALSE(records.empty());
    for (const auto& rec : records) {
        auto s = skarv::model::read_settlement(rec);
        EXPECT_EQ(rec, boost::json::value_from(*find(from_api, s.settlement_id)));
    }
    ASSERT_TRUE(plugin->call(boost::json::object{{"op", "settlements.ack"}, {"cursor", r.document.at("cursor")}}).ok());
    EXPECT_TRUE(inbox.has("done/svea-" + p.date + ".json"));
}

TEST_F(SveaSettlements, AMalformedReportIsRefusedNamingTheFieldAndGivesNoRecord) {
    std::string date;
    for (const auto& p : emu.payouts())
        if (p.rows.size() > 3) date = p.date;
    auto bad_type = emu.report(date);
    bad_type.at("clientReports").at(0).at("rows").as_array().at(2).as_object()["rowType"] = "Payout";
    inbox.write("a-type.json", boost::json::serialize(bad_type));
    auto no_amount = emu.report(date);
    no_amount.at("clientReports").at(0).at("rows").as_array().at(1).as_object().erase("nominalAmount");
    inbox.write("b-amount.json", boost::json::serialize(no_amount));
    inbox.write("c-truncated.json", boost::json::serialize(emu.report(date)).substr(0, 200));
    auto plugin = provider_test::load(SKARV_SVEA_PLUGIN, {{"inbox", inbox.path.string()}});
    auto r = plugin->call(boost::json::object{{"op", "settlements.read"}, {"cursor", nullptr}, {"limit", 10}});
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_TRUE(r.document.at("records").as_array().empty());
    EXPECT_EQ(inbox.read("failed/a-type.json.reason.txt"), "a-type.json.clientReports[0].rows[2].rowType: unsupported row type 'Payout'\n");
    EXPECT_EQ(inbox.read("failed/b-amount.json.reason.txt"), "b-amount.json.clientReports[0].rows[1].nominalAmount: required\n");
    EXPECT_NE(inbox.read("failed/c-truncated.json.reason.txt").find("c-truncated.json: malformed JSON"), std::string::npos);
}
