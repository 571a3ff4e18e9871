// The settlements entity through the real host pipeline: orders moved by Skarv, a
// payment provider's payouts read, matched, booked in the ERP (vouchers.write) and as an
// SIE 4I file, each once; refused and waiting payouts say why and book nothing.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "flow_fixture.hpp"
#include "sie_validator.hpp"
#include "skarv/host/flow/sync_runner.hpp"

using namespace skarv;
using skarv::test::FlowFixture;
using skarv::test::swedish_order;

namespace {

struct Clock {
    int64_t now = 1'800'000'000'000;
    host::ClockFunction fn() {
        return [this] { return now; };
    }
};

boost::json::value money(int64_t minor) { return {{"minor", minor}, {"currency", "SEK"}}; }

boost::json::object sale(const std::string& id, const std::string& ref, int64_t minor) {
    return {{"type", "sale"}, {"transaction_id", id}, {"payment_reference", ref}, {"amount", money(minor)}};
}

// swedish_order totals 747.70 SEK, paid with reference "kl-<id>".
boost::json::array payouts() {
    boost::json::object fee{{"type", "fee"}, {"transaction_id", "f1"}, {"amount", money(0)}, {"fee", money(1000)},
                            {"vat_on_fee", money(250)}};
    boost::json::object good{{"provider", "klarna"},
                             {"settlement_id", "K1"},
                             {"payout_date", "2024-03-05"},
                             {"transactions", boost::json::array{sale("s1", "kl-1001", 74770), sale("s2", "kl-1002", 74770),
                                                                 sale("s3", "kl-never-seen", 9900), fee}},
                             {"stated_payout", money(74770 * 2 + 9900 - 1250)}};
    boost::json::object off{{"provider", "klarna"},
                            {"settlement_id", "K2"},
                            {"payout_date", "2024-03-06"},
                            {"transactions", boost::json::array{sale("s4", "kl-1003", 74770)}},
                            {"stated_payout", money(74700)}};
    return {good, off};
}

std::string reconciliation(const FlowFixture& f) {
    return R"(, "payment_providers": [{"plugin": "file-system", "name": "klarna", "dir": ")" + (f.root / "klarna").string() +
           R"("}], "reconciliation": {"sie_dir": ")" + (f.root / "sie").string() +
           R"(", "company": {"name": "Butiken Åkesson AB", "orgnr": "556677-8899"}, "accounts": {"klarna": {"series": "K"}}})";
}

std::string read_bytes(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

TEST(SettlementFlow, APayoutIsMatchedAndBookedOnceInTheErpAndAsAnSieFile) {
    FlowFixture f("settle");
    std::filesystem::create_directories(f.root / "klarna");
    f.put("shop", "orders", {swedish_order("1001"), swedish_order("1002"), swedish_order("1003")});
    f.put("klarna", "settlements", payouts());
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    Clock clock;
    auto config = f.config("erp", "", false, R"({"orders_as": "invoice"})", "", reconciliation(f));
    {
        host::SyncRunner runner(config, logger, clock.fn());
        runner.pass({std::nullopt, std::string("orders")}, {});
        auto reports = runner.pass({std::nullopt, std::string("settlements")}, {});
        ASSERT_EQ(reports.size(), 1u);
        EXPECT_EQ(reports[0].created, 1);
        EXPECT_EQ(reports[0].failed, 1);   // K2: its stated sum differs
    }
    auto vouchers = f.written("erp", "vouchers");
    ASSERT_EQ(vouchers.size(), 1u);
    auto v = model::read_voucher(vouchers[0]);
    EXPECT_EQ(vouchers[0].at("reference"), "klarna:K1");
    EXPECT_EQ(v.series, "K");
    std::map<std::string, int64_t> sums;
    for (const auto& r : v.rows) sums[r.account] += r.amount.minor();
    EXPECT_EQ(sums["1930"], 74770 * 2 + 9900 - 1250);
    EXPECT_EQ(sums["1510"], -74770 * 2);
    EXPECT_EQ(sums["2999"], -9900);   // the payment Skarv never saw, to the OBS account
    EXPECT_EQ(sums["6040"], 1000);
    EXPECT_EQ(sums["2641"], 250);

    auto sie = skarv::test::read_sie4i(read_bytes(f.root / "sie" / "klarna-K1.si"));
    EXPECT_TRUE(sie.problems.empty()) << sie.problems.front();
    ASSERT_EQ(sie.vouchers.size(), 1u);
    EXPECT_EQ(sie.company, "Butiken Åkesson AB");
    EXPECT_EQ(sie.vouchers[0].series, "K");
    EXPECT_EQ(sie.vouchers[0].rows[0].account, "1930");
    EXPECT_EQ(sie.vouchers[0].rows[0].ore, 74770 * 2 + 9900 - 1250);
    EXPECT_FALSE(std::filesystem::exists(f.root / "sie" / "klarna-K2.si"));

    host::Store store(f.root / "state.db");
    auto k1 = store.payout("main", "klarna", "K1");
    ASSERT_TRUE(k1);
    EXPECT_EQ(k1->state, "booked");
    EXPECT_EQ(k1->matched, 2);
    EXPECT_EQ(k1->unmatched, 1);
    EXPECT_NE(k1->booked_in.find("ERP voucher K1"), std::string::npos) << k1->booked_in;
    EXPECT_NE(k1->detail.find("no order Skarv moved has payment reference 'kl-never-seen' or the provider names no order number"), std::string::npos);
    auto k2 = store.payout("main", "klarna", "K2");
    ASSERT_TRUE(k2);
    EXPECT_EQ(k2->state, "refused");
    EXPECT_EQ(k2->difference, -70);
    EXPECT_NE(k2->reason.find("difference -0.70 SEK"), std::string::npos) << k2->reason;
    // The order's journey ends with the payout that paid it (docs/tracing.md).
    auto paid = store.journey({"order", "1001"});
    ASSERT_FALSE(paid.events.empty());
    EXPECT_EQ(paid.events.back().step, "settled");
    EXPECT_EQ(paid.events.back().detail.rfind("sale 747.70 SEK in payout klarna:K1 of 2024-03-05, invoice ERP-1; booked: ", 0), 0u)
        << paid.events.back().detail;

    // What a person sees: each payout, its rows and why.
    {
        std::string out;
        FILE* pipe = ::popen((std::string(SKARV_BIN) + " reconcile --config " + config + " 2>&1").c_str(), "r");
        ASSERT_NE(pipe, nullptr);
        char buf[4096];
        while (auto n = std::fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
        int status = ::pclose(pipe);
        EXPECT_EQ(WEXITSTATUS(status), 1) << out;   // K2 refused, K1 has an unmatched row
        EXPECT_NE(out.find("main klarna K1  2024-03-05  1581.90 SEK  booked in "), std::string::npos) << out;
        EXPECT_NE(out.find("s1 sale 747.70 SEK: order 1001, invoice ERP-1"), std::string::npos) << out;
        EXPECT_NE(out.find("s3 sale 99.00 SEK: unmatched: sale s3: no order Skarv moved has payment reference 'kl-never-seen' or the provider names no order number"),
                  std::string::npos)
            << out;
        EXPECT_NE(out.find("difference: the provider states 747.00 SEK, its transactions add up to 747.70 SEK (-0.70 SEK)"),
                  std::string::npos)
            << out;
    }

    // Read again from the start: nothing is booked twice.
    {
        host::SyncRunner runner(config, logger, clock.fn());
        host::TransferOptions initial;
        initial.initial = true;
        store.set_cursor("main", "settlements@provider:klarna", "0", clock.now);
        runner.pass({std::nullopt, std::string("settlements")}, initial);
    }
    EXPECT_EQ(f.written("erp", "vouchers").size(), 1u);
}

TEST(SettlementFlow, APayoutWaitsForItsOrdersInvoiceAndIsBookedOnceTheErpInvoicesIt) {
    FlowFixture f("settle-wait");
    std::filesystem::create_directories(f.root / "klarna");
    f.put("shop", "orders", {swedish_order("1001"), swedish_order("1002")});
    auto list = payouts();
    list.pop_back();
    list[0].as_object()["transactions"].as_array().erase(list[0].as_object()["transactions"].as_array().begin() + 2);
    list[0].as_object()["stated_payout"] = money(74770 * 2 - 1250);
    f.put("klarna", "settlements", list);
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    Clock clock;
    auto config = f.config("erp", "", false, R"({"orders_as": "order"})", "", reconciliation(f));
    host::SyncRunner runner(config, logger, clock.fn());
    runner.pass({std::nullopt, std::string("orders")}, {});
    auto first = runner.pass({std::nullopt, std::string("settlements")}, {});
    EXPECT_EQ(first[0].skipped, 1);
    EXPECT_EQ(f.written("erp", "vouchers").size(), 0u);
    {
        host::Store store(f.root / "state.db");
        auto k1 = store.payout("main", "klarna", "K1");
        ASSERT_TRUE(k1);
        EXPECT_EQ(k1->state, "waiting");
        EXPECT_NE(k1->reason.find("is not invoiced yet"), std::string::npos) << k1->reason;
    }
    // The ERP invoices both orders; the status pass records the invoices.
    boost::json::array events;
    for (const char* id : {"1001", "1002"})
        events.push_back({{"order_id", id},
                          {"status", "invoiced"},
                          {"erp_document", std::string("F-") + id},
                          {"occurred_at", "2024-03-04T10:00:00Z"},
                          {"capture", {{"amount", money(74770)}, {"payment_reference", std::string("kl-") + id}}}});
    f.put("erp", "status", events);
    runner.pass({std::nullopt, std::string("status")}, {});
    auto second = runner.pass({std::nullopt, std::string("settlements")}, {});
    EXPECT_EQ(second[0].created, 1);
    auto vouchers = f.written("erp", "vouchers");
    ASSERT_EQ(vouchers.size(), 1u);
    auto v = model::read_voucher(vouchers[0]);
    ASSERT_GE(v.rows.size(), 3u);
    EXPECT_EQ(v.rows[1].text, "Faktura F-1001 / order 1001");
    EXPECT_EQ(v.rows[1].amount.minor(), -74770);
}

TEST(SettlementFlow, AnErpWithoutVouchersGetsTheSieFileOnly) {
    FlowFixture f("settle-sie");
    std::filesystem::create_directories(f.root / "klarna");
    f.put("shop", "orders", {swedish_order("1001"), swedish_order("1002")});
    auto list = payouts();
    list.pop_back();
    f.put("klarna", "settlements", list);
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    Clock clock;
    host::SyncRunner runner(f.config("erp", R"(, "vouchers": false)", false, R"({"orders_as": "invoice"})", "", reconciliation(f)),
                            logger, clock.fn());
    runner.pass({std::nullopt, std::string("orders")}, {});
    auto reports = runner.pass({std::nullopt, std::string("settlements")}, {});
    EXPECT_EQ(reports[0].created, 1);
    EXPECT_TRUE(std::filesystem::exists(f.root / "sie" / "klarna-K1.si"));
    host::Store store(f.root / "state.db");
    auto k1 = store.payout("main", "klarna", "K1");
    ASSERT_TRUE(k1);
    EXPECT_EQ(k1->state, "booked");
    EXPECT_NE(k1->booked_in.find("import the SIE file"), std::string::npos) << k1->booked_in;
}

TEST(SettlementFlow, AMalformedPayoutIsRefusedNamingTheFieldAndNothingOfItIsBooked) {
    FlowFixture f("settle-bad");
    std::filesystem::create_directories(f.root / "klarna");
    f.put("shop", "orders", {swedish_order("1001"), swedish_order("1002")});
    auto list = payouts();
    list.pop_back();
    list[0].as_object()["transactions"].as_array()[1].as_object()["type"] = "payout";
    f.put("klarna", "settlements", list);
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    Clock clock;
    host::SyncRunner runner(f.config("erp", "", false, R"({"orders_as": "invoice"})", "", reconciliation(f)), logger, clock.fn());
    runner.pass({std::nullopt, std::string("orders")}, {});
    auto reports = runner.pass({std::nullopt, std::string("settlements")}, {});
    EXPECT_EQ(reports[0].failed, 1);
    EXPECT_NE(reports[0].errors_json.find("transactions[1].type: unknown type 'payout'"), std::string::npos) << reports[0].errors_json;
    EXPECT_EQ(f.written("erp", "vouchers").size(), 0u);
    EXPECT_FALSE(std::filesystem::exists(f.root / "sie" / "klarna-K1.si"));
}

TEST(SettlementFlow, ABadAccountOrAnSieFolderWithoutCompanyIsAConfigProblemNamingIt) {
    FlowFixture f("settle-config");
    const std::string providers = R"(, "payment_providers": [{"plugin": "file-system", "name": "klarna", "dir": ")" +
                                  (f.root / "klarna").string() + R"("}], "reconciliation": {"sie_dir": "sie", )";
    auto loaded = host::load_host_config(
        f.config("erp", "", false, R"({"orders_as": "invoice"})", "",
                 providers + R"("accounts": {"klarna": {"bank": "19x0"}, "nets": {"fees": "6570"}}})"));
    std::string problems;
    for (const auto& p : loaded.problems) problems += p.to_string() + "\n";
    EXPECT_NE(problems.find("connections[0].reconciliation.company: required with sie_dir"), std::string::npos) << problems;
    EXPECT_NE(problems.find("connections[0].reconciliation.accounts.klarna.bank: an account number is 1-10 digits"),
              std::string::npos)
        << problems;
    EXPECT_NE(problems.find("connections[0].reconciliation.accounts.nets: no payment provider named 'nets'"), std::string::npos)
        << problems;
}
