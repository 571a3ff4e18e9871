// Matching, the payout voucher and the SIE 4I file, on hand-built payouts: the example
// payout of research/payments.md §7 (two sales, a return, fees) and the awkward cases.
#include <gtest/gtest.h>

#include <map>

#include "sie_validator.hpp"
#include "skarv/host/reconcile/payout_matching.hpp"
#include "skarv/host/reconcile/payout_voucher.hpp"
#include "skarv/host/reconcile/sie_writer.hpp"

using namespace skarv;
using namespace skarv::host;

namespace {

model::Money sek(const char* s) { return model::Money::parse(s, "SEK"); }

class FakeOrders : public OrderFactsSource {
public:
    std::map<std::string, OrderFacts> by_id;
    void add(OrderFacts f) { by_id[f.order_id] = std::move(f); }
    std::optional<OrderFacts> by_payment_reference(const std::string& reference) const override {
        for (const auto& [id, f] : by_id)
            if (f.payment_reference == reference) return f;
        return std::nullopt;
    }
    std::optional<OrderFacts> by_order_id(const std::string& order_id) const override {
        auto it = by_id.find(order_id);
        if (it == by_id.end()) return std::nullopt;
        return it->second;
    }
};

model::SettlementTransaction row(const char* type, const char* order, const char* ref, const char* amount,
                                 const char* fee = "0", const char* vat = "0", const char* id = "") {
    model::SettlementTransaction t;
    t.type = type;
    t.order_id = order;
    t.payment_reference = ref;
    t.amount = sek(amount);
    t.fee = sek(fee);
    t.vat_on_fee = sek(vat);
    t.transaction_id = id;
    return t;
}

// research/payments.md §7: 1497.50 = 1250 + 500 − 200 − 52.50.
model::Settlement xisa93dj() {
    model::Settlement s;
    s.provider = "klarna";
    s.settlement_id = "XISA93DJ";
    s.payout_date = "2024-03-05";
    s.transactions = {row("sale", "1001", "kl-1001", "1250.00", "0", "0", "t1"),
                      row("sale", "1002", "kl-1002", "500.00", "0", "0", "t2"),
                      row("refund", "0999", "kl-0999", "-200.00", "0", "0", "t3"),
                      row("fee", "", "", "0", "52.50", "0", "t4")};
    s.stated_payout = sek("1497.50");
    return s;
}

FakeOrders invoiced_orders() {
    FakeOrders o;
    o.add({"1001", "kl-1001", "E1001", "20451", sek("1250.00")});
    o.add({"1002", "kl-1002", "E1002", "20452", sek("500.00")});
    o.add({"0999", "kl-0999", "E0999", "20440", sek("400.00")});
    return o;
}

std::map<std::string, int64_t> by_account(const model::Voucher& v) {
    std::map<std::string, int64_t> sums;
    for (const auto& r : v.rows) sums[r.account] += r.amount.minor();
    return sums;
}

}  // namespace

TEST(PayoutMatching, EveryOrderRowIsTiedToItsOrderAndInvoiceThroughThePaymentReference) {
    auto payout = xisa93dj();
    auto m = match_payout(payout, invoiced_orders());
    ASSERT_EQ(m.rows.size(), 4u);
    EXPECT_EQ(m.rows[0].state, MatchState::matched);
    EXPECT_EQ(m.rows[0].order_id, "1001");
    EXPECT_EQ(m.rows[0].invoice_no, "20451");
    EXPECT_EQ(m.rows[2].state, MatchState::matched);
    EXPECT_EQ(m.rows[2].invoice_no, "20440");
    EXPECT_EQ(m.rows[3].state, MatchState::payout_row);
    EXPECT_TRUE(m.ready());
}

TEST(PayoutMatching, TheReferenceWinsOverTheOrderNumberTheProviderEchoes) {
    auto payout = xisa93dj();
    payout.transactions[0].order_id = "1002";   // typed wrong by the merchant at the provider
    auto m = match_payout(payout, invoiced_orders());
    EXPECT_EQ(m.rows[0].order_id, "1001");
}

TEST(PayoutMatching, WhatCannotBeMatchedSaysWhyAndIsNeverGuessed) {
    auto payout = xisa93dj();
    payout.transactions.push_back(row("sale", "7777", "kl-7777", "99.00", "0", "0", "t5"));
    auto orders = invoiced_orders();
    orders.by_id["1002"].invoiced = sek("450.00");   // the invoice differs from what was captured
    auto m = match_payout(payout, orders);
    EXPECT_EQ(m.rows[4].state, MatchState::unmatched);
    EXPECT_NE(m.rows[4].reason.find("no order Skarv moved has payment reference 'kl-7777'"), std::string::npos) << m.rows[4].reason;
    EXPECT_EQ(m.rows[1].state, MatchState::unmatched);
    EXPECT_NE(m.rows[1].reason.find("invoice 20452 is 450.00 SEK (difference 50.00 SEK)"), std::string::npos) << m.rows[1].reason;
}

TEST(PayoutMatching, AnOrderNotYetInTheErpOrNotInvoicedWaits) {
    auto payout = xisa93dj();
    auto orders = invoiced_orders();
    orders.by_id["1001"].invoice_no.reset();
    orders.by_id["1002"].erp_id.reset();
    orders.by_id["1002"].invoice_no.reset();
    auto m = match_payout(payout, orders);
    EXPECT_EQ(m.rows[0].state, MatchState::waiting);
    EXPECT_NE(m.rows[0].reason.find("not invoiced yet"), std::string::npos);
    EXPECT_EQ(m.rows[1].state, MatchState::waiting);
    EXPECT_NE(m.rows[1].reason.find("not yet in the ERP"), std::string::npos);
    EXPECT_FALSE(m.ready());
    auto built = build_payout_voucher(payout, m, {});
    EXPECT_FALSE(built.voucher);
    EXPECT_NE(built.refusal.find("2 transaction(s) wait for their order"), std::string::npos) << built.refusal;
}

TEST(PayoutVoucher, TheResearchExampleBooksToTheOre) {
    auto payout = xisa93dj();
    auto built = build_payout_voucher(payout, match_payout(payout, invoiced_orders()), {});
    ASSERT_TRUE(built.voucher) << built.refusal;
    const auto& v = *built.voucher;
    EXPECT_TRUE(v.balanced());
    EXPECT_EQ(v.date, "2024-03-05");
    EXPECT_EQ(v.text, "Klarna utbetalning XISA93DJ");
    ASSERT_EQ(v.rows.size(), 5u);
    EXPECT_EQ(v.rows[0].account, "1930");
    EXPECT_EQ(v.rows[0].amount, sek("1497.50"));
    EXPECT_EQ(v.rows[1].account, "1510");
    EXPECT_EQ(v.rows[1].amount, sek("-1250.00"));
    EXPECT_EQ(v.rows[1].text, "Faktura 20451 / order 1001");
    EXPECT_EQ(v.rows[2].amount, sek("-500.00"));
    EXPECT_EQ(v.rows[3].amount, sek("200.00"));
    EXPECT_EQ(v.rows[4].account, "6040");
    EXPECT_EQ(v.rows[4].amount, sek("52.50"));
}

TEST(PayoutVoucher, FeeVatHoldbacksReversalsAndUnmatchedRowsGoToTheirAccounts) {
    auto payout = xisa93dj();
    payout.transactions[3].vat_on_fee = sek("13.13");
    payout.transactions.push_back(row("fee_correction", "", "", "0", "-2.50", "-0.63", "t5"));
    payout.transactions.push_back(row("holdback", "", "", "-100.00", "0", "0", "t6"));
    payout.transactions.push_back(row("reversal", "1001", "kl-1001", "-1250.00", "0", "0", "t7"));
    payout.transactions.push_back(row("sale", "", "kl-unknown", "75.00", "0", "0", "t8"));
    payout.stated_payout = sek("1497.50") - sek("13.13") + sek("2.50") + sek("0.63") - sek("100.00") - sek("1250.00") + sek("75.00");
    BookingAccounts accounts;
    accounts.fees = "6570";
    auto built = build_payout_voucher(payout, match_payout(payout, invoiced_orders()), accounts);
    ASSERT_TRUE(built.voucher) << built.refusal;
    auto sums = by_account(*built.voucher);
    EXPECT_EQ(sums["1930"], payout.stated_payout->minor());
    EXPECT_EQ(sums["6570"], 5250 - 250);
    EXPECT_EQ(sums["2641"], 1313 - 63);
    EXPECT_EQ(sums["1689"], 10000);
    EXPECT_EQ(sums["6351"], 125000);
    EXPECT_EQ(sums["2999"], -7500);
    EXPECT_EQ(sums.count("6040"), 0u);
    EXPECT_TRUE(built.voucher->balanced());
}

TEST(PayoutVoucher, APayoutWhoseSumDiffersFromItsRowsIsRefusedShowingTheDifference) {
    auto payout = xisa93dj();
    payout.stated_payout = sek("1500.00");
    auto built = build_payout_voucher(payout, match_payout(payout, invoiced_orders()), {});
    EXPECT_FALSE(built.voucher);
    EXPECT_NE(built.refusal.find("states a payout of 1500.00 SEK but its transactions add up to 1497.50 SEK "
                                 "(difference 2.50 SEK); nothing booked"),
              std::string::npos)
        << built.refusal;
}

TEST(PayoutVoucher, APayoutInAnotherCurrencyIsNotConvertedByGuess) {
    model::Settlement s;
    s.provider = "nets";
    s.settlement_id = "N-EUR-1";
    s.payout_date = "2024-03-05";
    s.currency = "EUR";
    s.transactions = {row("sale", "1", "x", "0")};
    s.transactions[0].amount = model::Money::parse("10.00", "EUR");
    s.transactions[0].fee = model::Money::zero("EUR");
    s.transactions[0].vat_on_fee = model::Money::zero("EUR");
    auto built = build_payout_voucher(s, match_payout(s, FakeOrders{}), {});
    EXPECT_FALSE(built.voucher);
    EXPECT_NE(built.refusal.find("is in EUR but the books are in SEK"), std::string::npos) << built.refusal;
}

TEST(PayoutVoucher, APayoutSplitOverTwoDaysDebitsTheBankOnceADeposit) {
    auto payout = xisa93dj();
    payout.parts = {{"2024-03-05", sek("1000.00"), "KLARNA 1"}, {"2024-03-06", sek("497.50"), "KLARNA 2"}};
    auto built = build_payout_voucher(payout, match_payout(payout, invoiced_orders()), {});
    ASSERT_TRUE(built.voucher) << built.refusal;
    EXPECT_EQ(built.voucher->rows[0].amount, sek("1000.00"));
    EXPECT_NE(built.voucher->rows[0].text.find("del 1 2024-03-05"), std::string::npos);
    EXPECT_EQ(built.voucher->rows[1].amount, sek("497.50"));
    EXPECT_EQ(built.voucher->rows[1].account, "1930");
}

TEST(PayoutVoucher, AccountsAreReadPerProviderAndBadOnesNamed) {
    auto a = read_booking_accounts(boost::json::parse(R"({"bank": "1940", "fees": "6064", "series": "K"})").as_object(),
                                   "reconciliation.accounts.svea");
    EXPECT_EQ(a.bank, "1940");
    EXPECT_EQ(a.fees, "6064");
    EXPECT_EQ(a.receivables, "1510");
    EXPECT_EQ(a.series, "K");
    try {
        read_booking_accounts(boost::json::parse(R"({"bank": "19x0"})").as_object(), "reconciliation.accounts.svea");
        FAIL() << "a bad account was taken";
    } catch (const RecordError& e) {
        EXPECT_EQ(e.path(), "reconciliation.accounts.svea.bank");
    }
    EXPECT_THROW(read_booking_accounts(boost::json::parse(R"({"bnak": "1930"})").as_object(), "a"), RecordError);
    EXPECT_THROW(read_booking_accounts(boost::json::parse(R"({"series": "AA"})").as_object(), "a"), RecordError);
}

TEST(Sie4iFile, ThePayoutVoucherWritesAFileThatFollowsTheRulesAndBooksToTheOre) {
    auto payout = xisa93dj();
    auto built = build_payout_voucher(payout, match_payout(payout, invoiced_orders()), {});
    ASSERT_TRUE(built.voucher);
    built.voucher->text = "Klarna utbetalning XISA93DJ \"mars\" åäö €";
    auto bytes = write_sie4i({"Butiken Åkesson AB", "556677-8899"}, "2024-03-06", {{*built.voucher, ""}}, "1.0");
    // PC8 is code page 437: å is 0x86, Å 0x8F, ö 0x94 (the UTF-8 forms must not appear).
    EXPECT_NE(bytes.find("\x8F" "kesson"), std::string::npos);
    EXPECT_NE(bytes.find("\x86\x84\x94"), std::string::npos);
    EXPECT_EQ(bytes.find("\xC3"), std::string::npos);
    EXPECT_EQ(bytes.rfind("#FLAGGA 0\r\n#PROGRAM \"Skarv\" \"1.0\"\r\n#FORMAT PC8\r\n#GEN 20240306\r\n#SIETYP 4\r\n", 0), 0u);

    auto file = skarv::test::read_sie4i(bytes);
    EXPECT_TRUE(file.problems.empty()) << file.problems.front();
    EXPECT_EQ(file.company, "Butiken Åkesson AB");
    ASSERT_EQ(file.vouchers.size(), 1u);
    const auto& ver = file.vouchers[0];
    EXPECT_EQ(ver.series, "A");
    EXPECT_EQ(ver.number, "");
    EXPECT_EQ(ver.date, "20240305");
    EXPECT_EQ(ver.text, "Klarna utbetalning XISA93DJ \"mars\" åäö EUR");
    ASSERT_EQ(ver.rows.size(), 5u);
    EXPECT_EQ(ver.rows[0].account, "1930");
    EXPECT_EQ(ver.rows[0].ore, 149750);
    EXPECT_EQ(ver.rows[1].ore, -125000);
    EXPECT_EQ(ver.rows[1].text, "Faktura 20451 / order 1001");
    EXPECT_EQ(ver.rows[3].ore, 20000);
    EXPECT_EQ(ver.rows[4].account, "6040");
    EXPECT_EQ(ver.rows[4].ore, 5250);
    EXPECT_NE(bytes.find("#KONTO 1930 \"F\x94retagskonto/checkkonto/aff\x84rskonto\"\r\n"), std::string::npos);
}

TEST(Sie4iFile, TheValidatorCatchesWhatTheRulesForbid) {
    const std::string good = "#FLAGGA 0\r\n#PROGRAM \"x\" 1\r\n#FORMAT PC8\r\n#GEN 20240306\r\n#SIETYP 4\r\n#FNAMN \"A\"\r\n"
                             "#VER A \"\" 20240305 \"t\"\r\n{\r\n#TRANS 1930 {} 10.00 20240305\r\n#TRANS 1510 {} -10.00\r\n}\r\n";
    EXPECT_TRUE(skarv::test::read_sie4i(good).problems.empty());
    auto broken = [&](const std::string& from, const std::string& to) {
        auto s = good;
        s.replace(s.find(from), from.size(), to);
        return skarv::test::read_sie4i(s).problems;
    };
    EXPECT_FALSE(broken("-10.00", "-9.99").empty());               // unbalanced
    EXPECT_FALSE(broken("10.00 2024", "10,00 2024").empty());      // decimal comma
    EXPECT_FALSE(broken("#FORMAT PC8", "#FORMAT UTF8").empty());
    EXPECT_FALSE(broken("#FLAGGA 0\r\n#PROGRAM \"x\" 1\r\n", "#PROGRAM \"x\" 1\r\n#FLAGGA 0\r\n").empty());
    EXPECT_FALSE(broken("\"t\"", "\"t").empty());
    EXPECT_FALSE(broken("}\r\n", "").empty());
    EXPECT_FALSE(broken("\r\n{", "\n{").empty());
    EXPECT_FALSE(broken("20240305 \"t\"", "2024-03-05 \"t\"").empty());
}

TEST(Sie4iFile, AnUnbalancedVoucherOrBadDateIsRefusedBeforeAnythingIsWritten) {
    model::Voucher v{"A", "2024-03-05", "x", {{"1930", sek("1.00"), ""}, {"1510", sek("-0.99"), ""}}};
    EXPECT_THROW(write_sie4i({"A", ""}, "2024-03-06", {{v, ""}}, "1"), std::invalid_argument);
    v.rows[1].amount = sek("-1.00");
    v.date = "20240305";
    EXPECT_THROW(write_sie4i({"A", ""}, "2024-03-06", {{v, ""}}, "1"), std::invalid_argument);
    v.date = "2024-03-05";
    EXPECT_THROW(write_sie4i({"", ""}, "2024-03-06", {{v, ""}}, "1"), std::invalid_argument);
    EXPECT_NO_THROW(write_sie4i({"A", ""}, "2024-03-06", {{v, ""}}, "1"));
}
