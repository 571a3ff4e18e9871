// Klarna's CSV payout report in the file-drop mode: a good file gives exactly the payout
// the API gives; a bad one is refused naming line and field, moved to failed/, and gives
// no record.

#include "csv_report.hpp"
#include "provider_plugin.hpp"
#include "skarv/sandbox/klarna_emulator.hpp"

using skarv::sandbox::KlarnaEmulator;

namespace {
KlarnaEmulator::Options options() {
    KlarnaEmulator::Options o;
    o.seed.orders = 24;
    o.seed.channels = 3;
    return o;
}
struct KlarnaCsvInbox : ::testing::Test {
    KlarnaEmulator emu{options()};
    provider_test::TempDir inbox;
    void SetUp() override { emu.start(); }
    // The awkward SEK payout (return, fee correction, unknown order).
    std::string awkward() const {
        for (const auto& p : emu.payouts())
            if (p.rows.size() > 1 && p.currency == "SEK" && p.rows.back().order_number == "999999") return p.id;
        return {};
    }
};

std::string replace_in_line(std::string text, int line, const std::string& from, const std::string& to) {
    std::size_t at = 0;
    for (int l = 1; l < line; ++l) at = text.find('\n', at) + 1;
    at = text.find(from, at);
    return text.replace(at, from.size(), to);
}
}  // namespace

TEST_F(KlarnaCsvInbox, AGoodReportGivesExactlyThePayoutTheApiGivesAndMovesToDoneOnAck) {
    const std::string ref = awkward();
    ASSERT_FALSE(ref.empty());
    inbox.write("klarna-" + ref + ".csv", emu.csv_report(ref));
    auto api = provider_test::load(SKARV_KLARNA_PLUGIN, {{"base_url", emu.base_url()},
                                                         {"username", emu.options().username},
                                                         {"password", emu.options().password}});
    skarv::model::Settlement from_api;
    for (const auto& s : provider_test::read_all(*api, 100))
        if (s.settlement_id == ref) from_api = s;

    auto plugin = provider_test::load(SKARV_KLARNA_PLUGIN, {{"inbox", inbox.path.string()}});
    auto r = plugin->call(boost::json::object{{"op", "settlements.read"}, {"cursor", nullptr}, {"limit", 10}});
    ASSERT_TRUE(r.ok()) << r.message();
    ASSERT_EQ(r.document.at("records").as_array().size(), 1u);
    EXPECT_EQ(r.document.at("records").at(0), boost::json::value_from(from_api));
    EXPECT_TRUE(r.document.at("ack").as_bool());
    EXPECT_TRUE(inbox.has("klarna-" + ref + ".csv")) << "moved before the host recorded the page";
    ASSERT_TRUE(plugin->call(boost::json::object{{"op", "settlements.ack"}, {"cursor", r.document.at("cursor")}}).ok());
    EXPECT_TRUE(inbox.has("done/klarna-" + ref + ".csv"));
    EXPECT_FALSE(inbox.has("klarna-" + ref + ".csv"));
}

TEST_F(KlarnaCsvInbox, AMalformedReportIsRefusedNamingLineAndFieldAndGivesNoRecord) {
    const std::string report = emu.csv_report(awkward());
    inbox.write("a-bad-amount.csv", replace_in_line(report, 3, ";SEK;", "x;SEK;"));
    inbox.write("b-bad-type.csv", replace_in_line(report, 4, "SALE;", "PAYOUT;"));
    inbox.write("c-unclosed-quote.csv", replace_in_line(report, 5, ";SEK;", ";\"SEK;"));
    std::vector<std::string> log;
    auto plugin = provider_test::load(SKARV_KLARNA_PLUGIN, {{"inbox", inbox.path.string()}}, &log);
    auto r = plugin->call(boost::json::object{{"op", "settlements.read"}, {"cursor", nullptr}, {"limit", 10}});
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_TRUE(r.document.at("records").as_array().empty());
    for (const char* f : {"a-bad-amount.csv", "b-bad-type.csv", "c-unclosed-quote.csv"}) {
        EXPECT_TRUE(inbox.has(std::string("failed/") + f)) << f;
        EXPECT_FALSE(inbox.has(f)) << f;
    }
    EXPECT_NE(inbox.read("failed/a-bad-amount.csv.reason.txt").find("a-bad-amount.csv line 3, amount"), std::string::npos)
        << inbox.read("failed/a-bad-amount.csv.reason.txt");
    EXPECT_NE(inbox.read("failed/b-bad-type.csv.reason.txt").find("b-bad-type.csv line 4: type: unknown Klarna transaction type 'PAYOUT'"),
              std::string::npos)
        << inbox.read("failed/b-bad-type.csv.reason.txt");
    EXPECT_NE(inbox.read("failed/c-unclosed-quote.csv.reason.txt").find("line 5"), std::string::npos)
        << inbox.read("failed/c-unclosed-quote.csv.reason.txt");
    EXPECT_EQ(log.size(), 3u);
}

TEST(KlarnaCsvReport, ReadsCommaSeparatedQuotedFieldsByHeaderNameInMinorUnits) {
    const std::string text =
        "posting_currency,amount,type,detailed_type,order_id,merchant_reference1,capture_id,refund_id,capture_date,"
        "payment_reference,payout_date,total_settlement_amount,tax_amount,extra column\n"
        "SEK,1249.00,SALE,PURCHASE,kl-1,\"100,234\",c1,,2026-11-20T09:00:00Z,XR1,2026-11-22T10:00:00Z,1196.50,,\"a \"\"b\"\"\"\n"
        "SEK,42.00,FEE,PURCHASE_FEE_PERCENTAGE,kl-1,\"100,234\",c1,,2026-11-20T09:00:00Z,XR1,2026-11-22T10:00:00Z,1196.50,10.50,\n";
    auto payouts = klarna::read_csv_report(text, "r.csv");
    ASSERT_EQ(payouts.size(), 1u);
    const auto& s = payouts[0];
    EXPECT_EQ(s.settlement_id, "XR1");
    EXPECT_EQ(s.payout_date, "2026-11-22");
    EXPECT_EQ(s.transactions.at(0).order_id, "100,234");
    EXPECT_EQ(s.transactions.at(0).amount.minor(), 124900);
    EXPECT_EQ(s.transactions.at(1).fee.minor(), 4200);
    EXPECT_EQ(s.transactions.at(1).vat_on_fee.minor(), 1050);
    EXPECT_EQ(s.stated_payout->minor(), 119650);
    EXPECT_EQ(s.payout().minor(), 119650);
}
