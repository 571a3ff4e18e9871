// Svea Payment Admin API reconciliation report: each test one rule of the public record,
// named after it, the source beside it (shared research payments.md §4.1, §4.4).

#include <gtest/gtest.h>

#include <set>

#include "payments_test_client.hpp"
#include "skarv/sandbox/svea_emulator.hpp"

using namespace payments_test;
using skarv::sandbox::SveaEmulator;

namespace {
SveaEmulator::Options options() {
    SveaEmulator::Options o;
    o.seed.orders = 40;
    o.seed.channels = 3;
    return o;
}
struct SveaContract : ::testing::Test {
    SveaEmulator emu{options()};
    void SetUp() override { emu.start(); }
    Reply get(const std::string& path, const std::string& ts = "2026-11-23 10:00:00") {
        return payments_test::get(emu.base_url(), path,
                                  {{"Authorization", skarv::sandbox::svea_authorization(emu.options().merchant_id, emu.options().secret, "", ts)},
                                   {"Timestamp", ts}});
    }
};
}  // namespace

// "headers Authorization (token) + Timestamp" (§4.1).
TEST_F(SveaContract, ARequestWithoutAValidAuthorizationAndTimestampIsRefusedWith401) {
    const std::string path = "/api/v2/reports?date=2026-11-20";
    EXPECT_EQ(payments_test::get(emu.base_url(), path).status, 401);
    EXPECT_EQ(payments_test::get(emu.base_url(), path,
                                 {{"Authorization", skarv::sandbox::svea_authorization(emu.options().merchant_id, "wrong", "", "2026-11-23 10:00:00")},
                                  {"Timestamp", "2026-11-23 10:00:00"}})
                  .status,
              401);
    EXPECT_EQ(get(path).status, 200);
}

// "GET /api/v2/reports?date={Date}&includeWithholding={bool}" (§4.1).
TEST_F(SveaContract, TheDateMustBeADateAndIncludeWithholdingABoolean) {
    EXPECT_EQ(get("/api/v2/reports?date=20-11-2026").status, 400);
    EXPECT_EQ(get("/api/v2/reports").status, 400);
    EXPECT_EQ(get("/api/v2/reports?date=2026-11-20&includeWithholding=yes").status, 400);
    EXPECT_EQ(get("/api/v2/reports?date=2026-11-20&includeWithholding=true").status, 200);
}

// "The report includes the Svea payout to merchant's bank account on a specific date and
// the transactions included in the payout"; `{"totalNrOfRows":1,"clientReports":[{"clientId":…,
// "paymentReport":{"sveaPaidAmountExclud…` ; ClientPaymentReport fields; amounts in minor
// units (§4.1).
TEST_F(SveaContract, AReportHoldsEachClientsPayoutWithItsRowsAndFees) {
    auto body = get("/api/v2/reports?date=2026-11-20").json().as_object();
    ASSERT_FALSE(body.at("clientReports").as_array().empty());
    std::size_t rows = 0;
    for (const auto& c : body.at("clientReports").as_array()) {
        const auto& pr = c.at("paymentReport").as_object();
        for (const char* k : {"sveaPaidAmountExcludingWithholding", "sveaPaidAmountIncludingWithholding", "openingBalanceDebt",
                              "closingBalanceDebt", "nominalAmount", "feeAmountExcludingVat", "feeVatAmount", "numberOfRows",
                              "currency"})
            EXPECT_TRUE(pr.contains(k)) << k;
        EXPECT_TRUE(c.at("clientId").is_int64());
        int64_t paid = 0;
        for (const auto& r : c.at("rows").as_array()) {
            ++rows;
            std::set<std::string> types{"Order", "Credit", "Regression", "Cost", "Deposit", "Kickback", "Manual",
                                        "OpeningBalanceDebt", "ClosingBalanceDebt"};
            EXPECT_TRUE(types.count(std::string(r.at("rowType").as_string())));
            paid += r.at("sveaPaidAmount").as_int64();
        }
        EXPECT_EQ(paid, pr.at("sveaPaidAmountExcludingWithholding").as_int64());
    }
    EXPECT_EQ(body.at("totalNrOfRows").as_int64(), static_cast<int64_t>(rows));
}

// Seeded: rows of known orders carry the seed order's Svea checkout id and number.
TEST_F(SveaContract, SeededRowsPointAtTheSeedOrdersCheckoutIds) {
    std::map<std::string, std::string> refs;
    for (const auto& o : emu.seed().orders)
        if (o.payment_method == "svea") refs[o.payment_reference] = o.order_number;
    std::set<std::string> unknown;
    for (const auto& date : {"2026-11-20", "2026-11-22"}) {
        const auto report = get(std::string("/api/v2/reports?date=") + date).json();
        for (const auto& c : report.at("clientReports").as_array())
            for (const auto& r : c.at("rows").as_array()) {
                const std::string id(r.at("sveaCheckoutId").as_string());
                if (!refs.count(id)) {
                    unknown.insert(std::string(r.at("externalOrderNo").as_string()));
                } else {
                    EXPECT_EQ(r.at("externalOrderNo").as_string(), refs[id]);
                }
            }
    }
    EXPECT_EQ(unknown, std::set<std::string>{"999999"});
}
