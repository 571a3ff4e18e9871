// Klarna Settlements API v1: each test is one rule of the public record, named after it,
// the source beside it (shared research payments.md §1). Written from the research, not
// from the emulator.

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <vector>

#include "payments_test_client.hpp"
#include "skarv/sandbox/klarna_emulator.hpp"

using namespace payments_test;
using skarv::sandbox::KlarnaEmulator;

namespace {
KlarnaEmulator::Options options() {
    KlarnaEmulator::Options o;
    o.seed.orders = 24;
    o.seed.channels = 3;
    return o;
}

struct KlarnaContract : ::testing::Test {
    KlarnaEmulator emu{options()};
    std::map<std::string, std::string> auth;
    void SetUp() override {
        emu.start();
        auth = {{"Authorization", basic(emu.options().username, emu.options().password)}};
    }
    Reply get(const std::string& path) { return payments_test::get(emu.base_url(), path, auth); }
};

void expect_klarna_error(const Reply& r, int status) {
    EXPECT_EQ(r.status, status) << r.body;
    auto e = r.json().as_object();
    // "Errors: {error_code, error_messages[], correlation_id}" (mirror OpenAPI, §1.2).
    EXPECT_TRUE(e.at("error_code").is_string());
    EXPECT_TRUE(e.at("error_messages").is_array());
    EXPECT_TRUE(e.at("correlation_id").is_string());
}
}  // namespace

// "HTTP Basic auth with Klarna API username + password" (§1.1).
TEST_F(KlarnaContract, RequestsWithoutTheMerchantsBasicCredentialsAreRefusedWith401) {
    expect_klarna_error(payments_test::get(emu.base_url(), "/settlements/v1/payouts"), 401);
    expect_klarna_error(payments_test::get(emu.base_url(), "/settlements/v1/payouts",
                                           {{"Authorization", basic(emu.options().username, "wrong")}}),
                        401);
}

// "size (default 20, max 500), offset" (§1.2).
TEST_F(KlarnaContract, PageSizeAbove500OrANegativeOffsetIsRefused) {
    expect_klarna_error(get("/settlements/v1/payouts?size=501"), 400);
    expect_klarna_error(get("/settlements/v1/transactions?size=0"), 400);
    expect_klarna_error(get("/settlements/v1/payouts?offset=-1"), 400);
    EXPECT_EQ(get("/settlements/v1/payouts?size=500").status, 200);
}

// "{"payouts":[...],"pagination":{count,total,next,prev,offset}}" (§1.2).
TEST_F(KlarnaContract, PayoutsAreAPaginatedCollectionWithCountTotalAndNext) {
    auto all = get("/settlements/v1/payouts").json().as_object();
    const auto total = all.at("pagination").at("total").as_int64();
    ASSERT_GE(total, 3);
    auto first = get("/settlements/v1/payouts?size=1").json().as_object();
    EXPECT_EQ(first.at("payouts").as_array().size(), 1u);
    EXPECT_EQ(first.at("pagination").at("count").as_int64(), 1);
    EXPECT_EQ(first.at("pagination").at("total").as_int64(), total);
    EXPECT_TRUE(first.at("pagination").at("next").is_string());
    auto last = get("/settlements/v1/payouts?size=1&offset=" + std::to_string(total - 1)).json().as_object();
    EXPECT_FALSE(last.at("pagination").as_object().contains("next"));
}

// "start_date, end_date (ISO-8601 date-time …)" (§1.2): not a date-time is refused.
TEST_F(KlarnaContract, AStartDateThatIsNoIso8601DateTimeIsRefused) {
    expect_klarna_error(get("/settlements/v1/payouts?start_date=23.11.2026"), 400);
    EXPECT_EQ(get("/settlements/v1/payouts?start_date=2026-11-01T00:00:00Z&end_date=2026-11-30T23:59:59Z").status, 200);
}

// Payout object: payment_reference, payout_date, currency_code, merchant_settlement_type,
// totals in minor units with settlement_amount (§1.3), and the settlement formula (§1.5).
TEST_F(KlarnaContract, APayoutsTotalsFollowTheSettlementFormula) {
    const auto body_1 = get("/settlements/v1/payouts").json();
    for (const auto& p : body_1.at("payouts").as_array()) {
        const auto& t = p.at("totals").as_object();
        auto n = [&](const char* k) { return t.at(k).as_int64(); };
        EXPECT_EQ(n("sale_amount") - n("return_amount") - n("reversal_amount") - n("fee_amount") + n("fee_correction_amount") -
                      n("tax_amount") + n("commission_amount") - n("charge_amount") + n("credit_amount") - n("repay_amount") -
                      n("holdback_amount") + n("release_amount") + n("fee_refund_amount"),
                  n("settlement_amount"));
        EXPECT_TRUE(p.at("payment_reference").is_string());
        std::set<std::string> types{"NET", "GROSS", "GROSS_FEE"};
        EXPECT_TRUE(types.count(std::string(p.at("merchant_settlement_type").as_string())));
    }
}

// "GET /settlements/v1/transactions: payment_reference …" and the required transaction
// fields: amount, sale_date, type, capture_date, order_id, currency_code, purchase_country (§1.4).
TEST_F(KlarnaContract, TransactionsOfAPayoutCarryTheRequiredFields) {
    const auto ref = std::string(get("/settlements/v1/payouts").json().at("payouts").at(0).at("payment_reference").as_string());
    auto body = get("/settlements/v1/transactions?payment_reference=" + ref).json().as_object();
    ASSERT_FALSE(body.at("transactions").as_array().empty());
    for (const auto& t : body.at("transactions").as_array()) {
        for (const char* k : {"amount", "sale_date", "type", "capture_date", "order_id", "currency_code", "purchase_country"})
            EXPECT_TRUE(t.as_object().contains(k)) << k;
        EXPECT_TRUE(t.at("amount").is_int64());
        EXPECT_EQ(t.at("payment_reference").as_string(), ref);
    }
}

// "capture_id only present on SALE and FEE rows; empty string for RETURN/REVERSAL" (§1.4).
TEST_F(KlarnaContract, CaptureIdIsEmptyOnReturns) {
    bool saw_return = false;
    const auto body_2 = get("/settlements/v1/transactions?size=500").json();
    for (const auto& t : body_2.at("transactions").as_array()) {
        if (t.at("type") == "RETURN") {
            saw_return = true;
            EXPECT_EQ(t.at("capture_id"), "");
        }
        if (t.at("type") == "SALE" || t.at("type") == "FEE") {
            EXPECT_NE(t.at("capture_id"), "");
        }
    }
    EXPECT_TRUE(saw_return);
}

// "GET /settlements/v1/reports/payout-with-transactions?payment_reference= | CSV report for
// one payout (content-type text/csv)"; "Amounts in CSV are decimals"; the first ten fields
// type, capture_date, sale_date, order_id, short_order_id, capture_id, merchant_reference1,
// merchant_reference2, amount, posting_currency (§1.5).
TEST_F(KlarnaContract, ThePayoutReportIsCsvWithDecimalAmountsAndTheFirstTenFieldsInOrder) {
    const auto ref = std::string(get("/settlements/v1/payouts").json().at("payouts").at(0).at("payment_reference").as_string());
    auto r = get("/settlements/v1/reports/payout-with-transactions?payment_reference=" + ref);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.content_type, "text/csv");
    auto header_end = r.body.find('\n');
    std::string header = r.body.substr(0, header_end);
    const std::string bom = "\xEF\xBB\xBF";
    if (header.rfind(bom, 0) == 0) header = header.substr(3);
    const char sep = header.find(';') != std::string::npos ? ';' : ',';
    std::string expect = "type;capture_date;sale_date;order_id;short_order_id;capture_id;merchant_reference1;merchant_reference2;amount;posting_currency";
    if (sep == ',') std::replace(expect.begin(), expect.end(), ';', ',');
    EXPECT_EQ(header.substr(0, expect.size()), expect);
    const std::string row = r.body.substr(header_end + 1, r.body.find('\n', header_end + 1) - header_end - 1);
    std::vector<std::string> fields(1);
    for (char c : row) {
        if (c == sep) fields.emplace_back();
        else fields.back().push_back(c);
    }
    ASSERT_GT(fields.size(), 8u);
    const std::string amount = fields[8];
    ASSERT_GE(amount.size(), 4u);
    EXPECT_EQ(amount[amount.size() - 3], '.') << amount;
    expect_klarna_error(get("/settlements/v1/reports/payout-with-transactions?payment_reference=NOSUCH"), 404);
}

// Seeded: every transaction of a known order points at that order's payment reference
// (Klarna order_id), in minor units; payouts exist in SEK and another currency.
TEST_F(KlarnaContract, SeededTransactionsPointAtTheSeedOrdersPaymentReferences) {
    std::map<std::string, std::string> refs;   // Klarna order_id -> shop order number
    for (const auto& o : emu.seed().orders)
        if (o.payment_method == "klarna") refs[o.payment_reference] = o.order_number;
    std::set<std::string> currencies, unknown;
    const auto body_3 = get("/settlements/v1/transactions?size=500").json();
    for (const auto& t : body_3.at("transactions").as_array()) {
        const std::string id(t.at("order_id").as_string());
        currencies.insert(std::string(t.at("currency_code").as_string()));
        if (!refs.count(id)) {
            unknown.insert(std::string(t.at("merchant_reference1").as_string()));
        } else {
            EXPECT_EQ(t.at("merchant_reference1").as_string(), refs[id]);
        }
    }
    EXPECT_EQ(unknown, std::set<std::string>{"999999"});
    EXPECT_GE(currencies.size(), 2u);
}
