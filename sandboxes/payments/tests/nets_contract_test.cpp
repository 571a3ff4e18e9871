// Nets Easy (Nexi Checkout) Reporting API v1: each test one rule of the public record,
// named after it, the source beside it (shared research payments.md §3.1, §3.3).

#include <gtest/gtest.h>

#include <set>

#include "payments_test_client.hpp"
#include "skarv/sandbox/nets_emulator.hpp"

using namespace payments_test;
using skarv::sandbox::NetsEmulator;

namespace {
NetsEmulator::Options options() {
    NetsEmulator::Options o;
    o.seed.orders = 30;
    o.seed.channels = 3;
    return o;
}
struct NetsContract : ::testing::Test {
    NetsEmulator emu{options()};
    void SetUp() override { emu.start(); }
    Reply get(const std::string& path) { return payments_test::get(emu.base_url(), path, {{"Authorization", emu.options().secret_key}}); }
    static constexpr const char* month = "/report/v1/payouts?fromDate=2026-11-01&toDate=2026-11-30";
};
}  // namespace

// "Authorization: <secret API key> (raw key)" (§3.1).
TEST_F(NetsContract, RequestsWithoutTheSecretKeyAreRefusedWith401) {
    EXPECT_EQ(payments_test::get(emu.base_url(), month).status, 401);
    EXPECT_EQ(payments_test::get(emu.base_url(), month, {{"Authorization", "Bearer " + emu.options().secret_key}}).status, 401);
    EXPECT_EQ(get(month).status, 200);
}

// "GET /report/v1/payouts?fromDate=YYYY-MM-DD&toDate=YYYY-MM-DD" (§3.3): another date shape is refused.
TEST_F(NetsContract, DatesMustBeYyyyMmDd) {
    EXPECT_EQ(get("/report/v1/payouts?fromDate=01.11.2026&toDate=2026-11-30").status, 400);
    EXPECT_EQ(get("/report/v1/payouts?fromDate=2026-11-01&toDate=30/11/2026").status, 400);
}

// "[&pageNumber=0][&pageSize=100]" (§3.3): a negative page is refused.
TEST_F(NetsContract, ANegativePageNumberOrAPageSizeBelowOneIsRefused) {
    EXPECT_EQ(get(std::string(month) + "&pageNumber=-1").status, 400);
    EXPECT_EQ(get(std::string(month) + "&pageSize=0").status, 400);
}

// "→ { numberOfPayouts, payouts[] }"; payout: id, reference ("used on bank account
// statements"), date, currency, amount, chargedAmount, refundedAmount, fees, feeTaxAmount
// ("Always 0 (zero) since there is no taxation on the fees"), amounts in minor units (§3.3).
TEST_F(NetsContract, PayoutsCarryReferenceAmountsAndZeroFeeTax) {
    auto body = get(month).json().as_object();
    ASSERT_GE(body.at("numberOfPayouts").as_int64(), 2);
    for (const auto& p : body.at("payouts").as_array()) {
        for (const char* k : {"id", "reference", "date", "currency", "amount", "chargedAmount", "refundedAmount", "fees"})
            EXPECT_TRUE(p.as_object().contains(k)) << k;
        EXPECT_EQ(p.at("feeTaxAmount").as_int64(), 0);
        EXPECT_EQ(p.at("amount").as_int64(),
                  p.at("chargedAmount").as_int64() - p.at("refundedAmount").as_int64() - p.at("fees").as_int64() +
                      p.at("depositedAmount").as_int64());
    }
}

// "GET /report/v1/payouts/{id}[?pageNumber&pageSize] → payout fields +
// numberOfPaymentActions, paymentActions[]: id, paymentId, paymentAction, … amount,
// currency, fee" (§3.3); paged.
TEST_F(NetsContract, APayoutsPaymentActionsArePagedAndCounted) {
    const std::string id(get(month).json().at("payouts").at(0).at("id").as_string());
    auto all = get("/report/v1/payouts/" + id).json().as_object();
    const auto n = all.at("numberOfPaymentActions").as_int64();
    ASSERT_GE(n, 2);
    EXPECT_EQ(static_cast<int64_t>(all.at("paymentActions").as_array().size()), n);
    auto second = get("/report/v1/payouts/" + id + "?pageNumber=1&pageSize=1").json().as_object();
    ASSERT_EQ(second.at("paymentActions").as_array().size(), 1u);
    EXPECT_EQ(second.at("paymentActions").at(0).at("id"), all.at("paymentActions").at(1).at("id"));
    for (const auto& a : all.at("paymentActions").as_array())
        for (const char* k : {"id", "paymentId", "paymentAction", "amount", "currency", "fee"})
            EXPECT_TRUE(a.as_object().contains(k)) << k;
    EXPECT_EQ(get("/report/v1/payouts/no-such-id").status, 404);
}

// Seeded: actions of known orders carry the seed order's Nets paymentId.
TEST_F(NetsContract, SeededActionsPointAtTheSeedOrdersPaymentIds) {
    std::set<std::string> refs;
    for (const auto& o : emu.seed().orders)
        if (o.payment_method == "nets") refs.insert(o.payment_reference);
    std::set<std::string> unknown;
    const auto body_1 = get(month).json();
    for (const auto& p : body_1.at("payouts").as_array()) {
        const auto details = get("/report/v1/payouts/" + std::string(p.at("id").as_string())).json();
        for (const auto& a : details.at("paymentActions").as_array())
            if (!refs.count(std::string(a.at("paymentId").as_string()))) unknown.insert(std::string(a.at("reference").as_string()));
    }
    EXPECT_EQ(unknown, std::set<std::string>{"999999"});
}
