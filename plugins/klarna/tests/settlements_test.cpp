// The Klarna connector against the Klarna emulator over loopback HTTP: every seeded payout
// arrives whole, in minor units, each row pointing at its order.

#include <map>
#include <set>

#include "klarna_rows.hpp"
#include "provider_plugin.hpp"
#include "settlements_api.hpp"
#include "skarv/sandbox/klarna_emulator.hpp"

using skarv::model::Money;
using skarv::model::Settlement;
using skarv::sandbox::KlarnaEmulator;

namespace {
KlarnaEmulator::Options options() {
    KlarnaEmulator::Options o;
    o.seed.orders = 24;
    o.seed.channels = 3;
    return o;
}
struct KlarnaSettlements : ::testing::Test {
    KlarnaEmulator emu{options()};
    void SetUp() override { emu.start(); }
    boost::json::object config() const {
        return {{"base_url", emu.base_url()}, {"username", emu.options().username}, {"password", emu.options().password}};
    }
};

// The seeded payout's rows as the connector must give them: each sale and its fee row, a
// return negative, a fee correction as fees given back.
void expect_payout_matches_seed(const Settlement& s, const skarv::sandbox::SeedPayout& p) {
    EXPECT_EQ(s.provider, "klarna");
    EXPECT_EQ(s.bank_reference, p.id);
    EXPECT_EQ(s.payout_date, p.date);
    EXPECT_EQ(s.currency, p.currency);
    EXPECT_EQ(s.settlement_type, "net");
    ASSERT_TRUE(s.stated_payout.has_value());
    EXPECT_EQ(*s.stated_payout, Money(p.total(), p.currency));
    EXPECT_EQ(s.payout(), Money(p.total(), p.currency)) << "rows do not add up to the stated payout";
    std::size_t i = 0;
    for (const auto& r : p.rows) {
        ASSERT_LT(i, s.transactions.size());
        const auto& t = s.transactions[i++];
        EXPECT_EQ(t.payment_reference, r.payment_reference);
        EXPECT_EQ(t.order_id, r.order_number);
        EXPECT_EQ(t.date, r.date);
        if (r.kind == "sale") {
            EXPECT_EQ(t.type, "sale");
            EXPECT_EQ(t.amount.minor(), r.amount);
            ASSERT_LT(i, s.transactions.size());
            const auto& fee = s.transactions[i++];
            EXPECT_EQ(fee.type, "fee");
            EXPECT_EQ(fee.amount.minor(), 0);
            EXPECT_EQ(fee.fee.minor(), r.fee);
            EXPECT_EQ(fee.vat_on_fee.minor(), r.fee_vat);
            EXPECT_EQ(fee.payment_reference, r.payment_reference);
        } else if (r.kind == "return") {
            EXPECT_EQ(t.type, "refund");
            EXPECT_EQ(t.amount.minor(), -r.amount);
        } else {
            EXPECT_EQ(t.type, "fee_correction");
            EXPECT_EQ(t.fee.minor(), -r.fee);
            EXPECT_EQ(t.vat_on_fee.minor(), -r.fee_vat);
        }
    }
    EXPECT_EQ(i, s.transactions.size());
}
}  // namespace

TEST_F(KlarnaSettlements, EverySeededPayoutArrivesWholeInMinorUnits) {
    auto plugin = provider_test::load(SKARV_KLARNA_PLUGIN, config());
    auto read = provider_test::read_all(*plugin, 100);
    ASSERT_EQ(read.size(), emu.payouts().size());
    std::set<std::string> currencies;
    for (const auto& p : emu.payouts()) {
        const Settlement* s = nullptr;
        for (const auto& r : read)
            if (r.settlement_id == p.id) s = &r;
        ASSERT_NE(s, nullptr) << p.id;
        expect_payout_matches_seed(*s, p);
        currencies.insert(s->currency);
    }
    EXPECT_TRUE(currencies.count("SEK") && currencies.size() >= 2) << "a payout in another currency";
}

// Payouts one a page and transactions two a request: a payout is still handed on whole,
// also the one whose rows are dated over two days.
TEST_F(KlarnaSettlements, PagedPayoutsAndTransactionsStillGiveWholePayouts) {
    auto cfg = config();
    cfg["transactions_page_size"] = 2;
    auto plugin = provider_test::load(SKARV_KLARNA_PLUGIN, cfg);
    int pages = 0;
    auto read = provider_test::read_all(*plugin, 1, &pages);
    EXPECT_EQ(pages, static_cast<int>(emu.payouts().size()));
    ASSERT_EQ(read.size(), emu.payouts().size());
    bool split = false;
    for (std::size_t i = 0; i < read.size(); ++i) {
        std::set<std::string> dates;
        for (const auto& t : read[i].transactions) dates.insert(t.date);
        split |= dates.size() >= 2 && read[i].transactions.size() > 2;
        for (const auto& p : emu.payouts())
            if (p.id == read[i].settlement_id) expect_payout_matches_seed(read[i], p);
    }
    EXPECT_TRUE(split);
}

TEST_F(KlarnaSettlements, TheAwkwardCasesAreThere) {
    auto plugin = provider_test::load(SKARV_KLARNA_PLUGIN, config());
    std::set<std::string> types, orders;
    for (const auto& s : provider_test::read_all(*plugin, 100))
        for (const auto& t : s.transactions) types.insert(t.type), orders.insert(t.order_id);
    EXPECT_TRUE(types.count("refund"));
    EXPECT_TRUE(types.count("fee_correction"));
    EXPECT_TRUE(orders.count("999999")) << "a transaction for an order Skarv never saw";
}

TEST_F(KlarnaSettlements, WrongCredentialsAreAnAuthErrorThatDoesNotShowThePassword) {
    auto cfg = config();
    cfg["password"] = "not-the-secret-xyz";
    auto plugin = provider_test::load(SKARV_KLARNA_PLUGIN, cfg);
    auto r = plugin->call(boost::json::object{{"op", "settlements.read"}, {"cursor", nullptr}, {"limit", 10}});
    EXPECT_EQ(r.status, SKARV_ERR_AUTH) << r.message();
    EXPECT_EQ(r.message().find("not-the-secret-xyz"), std::string::npos);
}

// A malformed API answer is refused naming the payout and field; nothing of it is given.
TEST(KlarnaPayoutJson, AMalformedAnswerIsRefusedNamingThePayoutAndField) {
    auto payout = skarv::parse_json(R"({"payment_reference":"XISA93DJ","payout_date":"2026-11-22T10:00:00Z",
        "currency_code":"SEK","merchant_settlement_type":"NET","totals":{"settlement_amount":9700}})");
    auto rows = [](const char* t) { return skarv::parse_json(t).as_array(); };
    auto good = klarna::payout_from_json(payout, rows(R"([{"type":"SALE","amount":10000,"order_id":"o1","capture_id":"c1",
        "capture_date":"2026-11-21T09:00:00Z","currency_code":"SEK"},{"type":"FEE","detailed_type":"PURCHASE_FEE_FIXED",
        "amount":300,"vat_amount":0,"order_id":"o1","capture_id":"c1","capture_date":"2026-11-21T09:00:00Z"}])"));
    EXPECT_EQ(good.payout(), Money(9700, "SEK"));
    EXPECT_EQ(*good.difference(), Money(0, "SEK"));
    auto refusal = [&](const char* t) {
        try {
            klarna::payout_from_json(payout, rows(t));
        } catch (const skarv::RecordError& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    EXPECT_EQ(refusal(R"([{"type":"SALE","amount":100.5}])"), "payout XISA93DJ.transactions[0].amount: expected an integer");
    EXPECT_EQ(refusal(R"([{"type":"SALE","amount":1},{"type":"PAYOUT","amount":1}])"),
              "payout XISA93DJ.transactions[1]: type: unknown Klarna transaction type 'PAYOUT'");
    EXPECT_EQ(refusal(R"([{"amount":1}])"), "payout XISA93DJ.transactions[0].type: required");
    EXPECT_EQ(refusal(R"([{"type":"SALE","amount":1,"currency_code":"EUR"}])"),
              "payout XISA93DJ.transactions[0].currency_code: 'EUR' differs from the payout's SEK");
}
