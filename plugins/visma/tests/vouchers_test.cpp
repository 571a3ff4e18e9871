// vouchers.write: a payout's voucher lands in the company as one verification, to the
// öre, once however often it is written (the payout's key in the head's INFO).

#include <cmath>

#include "plugin_fixture.hpp"

namespace visma_test {

struct VismaPluginVouchers : VismaFixture {
    static int64_t from_adk_cents(double amount) { return static_cast<int64_t>(std::llround(amount * 100)); }
    // research/payments.md §7: Klarna payout XISA93DJ.
    static boost::json::object voucher(const std::string& key = "klarna:XISA93DJ") {
        auto row = [](const char* account, int64_t minor, const char* text) {
            return boost::json::object{{"account", account}, {"amount", money(minor)}, {"text", text}};
        };
        return {{"series", "K"},
                {"date", "2024-03-05"},
                {"text", "Klarna utbetalning XISA93DJ"},
                {"reference", key},
                {"rows", boost::json::array{row("1930", 149750, "Klarna XISA93DJ"), row("1510", -125000, "Faktura 20451 / order 1001"),
                                            row("1510", -50000, "Faktura 20452 / order 1002"),
                                            row("1510", 20000, "Återbetalning faktura 20440 / order 0999"),
                                            row("6040", 5250, "Klarna avgifter")}}};
    }
    CallResult write(const boost::json::array& records) { return call({{"op", "vouchers.write"}, {"records", records}}); }

    struct Booked {
        int heads = 0;
        std::string series;
        std::vector<std::pair<std::string, double>> rows;
    };
    Booked booked(const std::string& info) {
        Booked b;
        at_visma([&] {
            Rec h(ADK_DB_VERIFICATION_HEAD);
            for (bool ok = emulator().AdkFirst(h.get()).lRc == ADKE_OK; ok; ok = emulator().AdkNext(h.get()).lRc == ADKE_OK) {
                if (h.raw(ADK_VERIFICATION_HEAD_INFO) != info) continue;
                ++b.heads;
                b.series = h.raw(ADK_VERIFICATION_HEAD_VER_SERIE);
                const int n = static_cast<int>(h.dbl(ADK_VERIFICATION_HEAD_NROWS));
                b.rows.clear();
                for (int i = 0; i < n; ++i) {
                    PADK_DATA row = nullptr;
                    ASSERT_EQ(emulator().AdkGetData(h.get(), ADK_VERIFICATION_HEAD_ROWS, i, &row).lRc, ADKE_OK);
                    char account[32] = {0};
                    char* out = account;
                    emulator().AdkGetStr(row, ADK_VERIFICATION_ROW_ACCOUNT, &out, sizeof account);
                    double amount = 0;
                    emulator().AdkGetDouble(row, ADK_VERIFICATION_ROW_AMOUNT, &amount);
                    b.rows.emplace_back(account, amount);
                }
            }
        });
        return b;
    }
};

TEST_F(VismaPluginVouchers, APayoutsVoucherIsOneVerificationToTheOre) {
    auto r = write({voucher()});
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_EQ(text(result(r, 0).at("outcome")), "created");
    const auto number = text(result(r, 0).at("target_id"));
    EXPECT_EQ(number.rfind("K", 0), 0u) << number;
    auto b = booked("Klarna utbetalning XISA93DJ (klarna:XISA93DJ)");
    EXPECT_EQ(b.heads, 1);
    EXPECT_EQ(b.series, "K");
    ASSERT_EQ(b.rows.size(), 5u);
    EXPECT_EQ(b.rows[0].first, "1930");
    EXPECT_EQ(from_adk_cents(b.rows[0].second), 149750);
    EXPECT_EQ(from_adk_cents(b.rows[1].second), -125000);
    EXPECT_EQ(from_adk_cents(b.rows[3].second), 20000);
    EXPECT_EQ(b.rows[4].first, "6040");
    EXPECT_EQ(from_adk_cents(b.rows[4].second), 5250);
}

TEST_F(VismaPluginVouchers, WrittenAgainItIsFoundByItsKeyNotBookedTwice) {
    auto first = write({voucher()});
    ASSERT_TRUE(first.ok()) << first.message();
    auto again = write({voucher()});
    ASSERT_TRUE(again.ok()) << again.message();
    EXPECT_EQ(text(result(again, 0).at("outcome")), "unchanged");
    EXPECT_EQ(text(result(again, 0).at("target_id")), text(result(first, 0).at("target_id")));
    EXPECT_EQ(booked("Klarna utbetalning XISA93DJ (klarna:XISA93DJ)").heads, 1);
}

TEST_F(VismaPluginVouchers, AVoucherWithoutKeyOrThatDoesNotBalanceIsRefusedNamingIt) {
    auto no_key = voucher("");
    auto lopsided = voucher("klarna:LOPSIDED");
    lopsided["rows"].as_array()[0].as_object()["amount"] = money(149700);
    auto r = write({no_key, lopsided, voucher()});
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_EQ(text(result(r, 0).at("outcome")), "failed");
    EXPECT_NE(text(result(r, 0).at("error").at("message")).find("records[0].reference"), std::string::npos);
    EXPECT_EQ(text(result(r, 1).at("outcome")), "failed");
    EXPECT_NE(text(result(r, 1).at("error").at("message")).find("must sum to zero"), std::string::npos);
    EXPECT_EQ(text(result(r, 2).at("outcome")), "created");   // the good one still goes in
}

}  // namespace visma_test
