// Reconciliation end to end: Norce's orders written to Visma as invoices, then Klarna's,
// Nets' and Svea's payouts (the payment emulators, seeded from the same orders) read,
// matched and booked. Asserted from the Visma company's own verifications (through the
// ADK) and from the SIE 4I files, to the öre: the bank gets each payout's total, each
// invoice it pays is credited, fees and their VAT are debited, the order Skarv never saw
// goes to the OBS account, and the payouts in NOK/EUR (the second channel) are refused
// and booked nowhere.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "../reconcile/sie_validator.hpp"
#include "e2e_fixture.hpp"
#include "skarv/sandbox/klarna_emulator.hpp"
#include "skarv/sandbox/nets_emulator.hpp"
#include "skarv/sandbox/svea_emulator.hpp"

using namespace skarv::e2e;
namespace sandbox = skarv::sandbox;

namespace {

std::string read_bytes(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// What the voucher of `payout` must hold per account, given the orders Skarv moved.
std::map<std::string, int64_t> expected_accounts(const sandbox::SeedPayout& payout, const std::map<std::string, int64_t>& moved) {
    std::map<std::string, int64_t> a;
    a["1930"] = payout.total();
    for (const auto& r : payout.rows) {
        const bool known = r.known_order && moved.count(r.order_number);
        if (r.kind == "sale") a[known ? "1510" : "2999"] -= r.amount;
        if (r.kind == "return") a[known ? "1510" : "2999"] += r.amount;
    }
    a["6040"] = payout.fees();
    a["2641"] = payout.fee_vat();
    for (auto it = a.begin(); it != a.end();) it = it->second == 0 ? a.erase(it) : std::next(it);
    return a;
}

}  // namespace

TEST(E2eReconciliation, NorceOrdersInVismaThenKlarnaNetsAndSveaPayoutsBookedOnceToTheOre) {
    const auto dir = fresh_dir("reconcile");
    PushGate gate;
    const auto seed = small_seed(2, 12);
    auto shop = start_norce(seed, gate.url("butik", 1));
    const auto company = seed_visma(dir, seed);
    const auto released = released_orders(*shop);

    sandbox::KlarnaEmulator::Options ko;
    ko.seed = seed;
    sandbox::KlarnaEmulator klarna(ko);
    klarna.start();
    sandbox::NetsEmulator::Options no;
    no.seed = seed;
    sandbox::NetsEmulator nets(no);
    nets.start();
    sandbox::SveaEmulator::Options so;
    so.seed = seed;
    sandbox::SveaEmulator svea(so);
    svea.start();

    auto conn = connection("butik", "ecom", norce_block(*shop), visma_block(company));
    conn["options"] = json::object{{"orders_as", "invoice"}};
    conn["payment_providers"] = json::array{
        {{"plugin", "klarna"}, {"name", "klarna"}, {"base_url", klarna.base_url()}, {"username", ko.username},
         {"password", ko.password}, {"start_date", "2026-11-01"}},
        {{"plugin", "nets"}, {"name", "nets"}, {"base_url", nets.base_url()}, {"secret_key", no.secret_key},
         {"start_date", "2026-11-01"}},
        {{"plugin", "svea"}, {"name", "svea"}, {"base_url", svea.base_url()}, {"merchant_id", so.merchant_id},
         {"secret", so.secret}, {"start_date", "2026-11-01"}}};
    conn["reconciliation"] = json::object{{"sie_dir", (dir / "sie").string()}, {"company", {{"name", "Butiken Åkesson AB"}}}};
    Host host(dir, json::array{conn}, gate);
    ASSERT_TRUE(pushes_accepted(*shop));
    host.pass("orders");
    auto reports = host.pass("settlements");
    ASSERT_EQ(reports.size(), 1u);
    // Again: nothing is booked twice.
    host.pass("settlements");

    VismaDesk desk(SKARV_E2E_ADK_LIBRARY, company);
    const auto vouchers = desk.vouchers();
    std::map<std::string, std::vector<const skarv::demo::VismaVoucher*>> by_key;
    for (const auto& v : vouchers) {
        auto open = v.info.rfind('(');
        by_key[open == std::string::npos ? v.info : v.info.substr(open + 1, v.info.size() - open - 2)].push_back(&v);
    }

    int booked = 0, refused = 0;
    int64_t matched = 0, unmatched = 0;
    for (const auto* emu_payouts : {&klarna.payouts(), &nets.payouts(), &svea.payouts()}) {
        for (const auto& p : *emu_payouts) {
            // Svea's report is one a day: its settlement id is Svea's, not the seed's.
            std::optional<skarv::host::PayoutRecord> stored;
            for (const auto& s : host.store().payouts("butik", 1000))
                if (s.provider == p.provider && (s.settlement_id == p.id || (p.provider == "svea" && s.payout_date == p.date && s.currency == p.currency)))
                    stored = s;
            ASSERT_TRUE(stored) << p.provider << " " << p.id << " was never read";
            const auto key = p.provider + ":" + stored->settlement_id;
            const auto file = dir / "sie" / (p.provider + "-" + stored->settlement_id + ".si");
            if (p.currency != "SEK") {
                EXPECT_EQ(stored->state, "refused") << key;
                EXPECT_NE(stored->reason.find("is in " + p.currency + " but the books are in SEK"), std::string::npos) << stored->reason;
                EXPECT_FALSE(by_key.count(key)) << key << " in another currency was booked";
                EXPECT_FALSE(fs::exists(file));
                ++refused;
                continue;
            }
            ASSERT_EQ(stored->state, "booked") << key << ": " << stored->reason;
            ++booked;
            matched += stored->matched;
            unmatched += stored->unmatched;
            // Visma: one verification, its rows summed per account, to the öre.
            ASSERT_EQ(by_key[key].size(), 1u) << key << " is in Visma " << by_key[key].size() << " times";
            std::map<std::string, int64_t> in_visma;
            for (const auto& [account, ore] : by_key[key].front()->rows) in_visma[account] += ore;
            EXPECT_EQ(in_visma, expected_accounts(p, released)) << key;
            // The SIE file: valid, and the same figures.
            auto sie = skarv::test::read_sie4i(read_bytes(file));
            EXPECT_TRUE(sie.problems.empty()) << key << ": " << sie.problems.front();
            ASSERT_EQ(sie.vouchers.size(), 1u);
            std::map<std::string, int64_t> in_file;
            for (const auto& r : sie.vouchers[0].rows) in_file[r.account] += r.ore;
            EXPECT_EQ(in_file, expected_accounts(p, released)) << key;
        }
    }
    EXPECT_GE(booked, 4);
    EXPECT_GE(refused, 1);   // the payout in another currency
    // Every provider's second payout pays the order Skarv never saw; the rest match.
    EXPECT_GE(unmatched, 3);
    EXPECT_GE(matched, 4);
    EXPECT_EQ(vouchers.size(), static_cast<std::size_t>(booked));
    remove_unless_failed(dir);
}

// Specter takes no vouchers through its API: the payouts are booked as SIE 4I files for
// Specter's own import, once the orders Specter invoiced are matched.
TEST(E2eReconciliation, NorceOrdersInSpecterInvoicedThenPayoutsBookedAsSieFiles) {
    const auto dir = fresh_dir("reconcile-specter");
    PushGate gate;
    const auto seed = small_seed(1, 12);
    auto shop = start_norce(seed, gate.url("butik", 1));
    auto erp = start_specter(seed);
    const auto released = released_orders(*shop);

    sandbox::KlarnaEmulator::Options ko;
    ko.seed = seed;
    sandbox::KlarnaEmulator klarna(ko);
    klarna.start();
    sandbox::NetsEmulator::Options no;
    no.seed = seed;
    sandbox::NetsEmulator nets(no);
    nets.start();

    auto conn = connection("butik", "ecom", norce_block(*shop), specter_block(*erp, gate.callback_url("butik", "e2e-callback-secret-0123456789")));
    conn["payment_providers"] = json::array{
        {{"plugin", "klarna"}, {"base_url", klarna.base_url()}, {"username", ko.username}, {"password", ko.password},
         {"start_date", "2026-11-01"}},
        {{"plugin", "nets"}, {"base_url", nets.base_url()}, {"secret_key", no.secret_key}, {"start_date", "2026-11-01"}}};
    conn["reconciliation"] = json::object{{"sie_dir", (dir / "sie").string()},
                                          {"company", {{"name", "Butiken AB"}, {"orgnr", "556677-8899"}}},
                                          {"accounts", {{"nets", {{"fees", "6570"}, {"series", "N"}}}}}};
    Host host(dir, json::array{conn}, gate);
    ASSERT_TRUE(pushes_accepted(*shop));
    host.pass("orders");
    host.pass("status");   // its first read registers Specter's invoice callback
    // Before Specter invoices anything, every payout that pays a moved order waits.
    host.pass("settlements");
    for (const auto& p : klarna.payouts()) {
        auto stored = host.store().payout("butik", "klarna", p.id);
        ASSERT_TRUE(stored) << p.id;
        EXPECT_EQ(stored->state, "waiting") << p.id << ": " << stored->reason;
        EXPECT_FALSE(fs::exists(dir / "sie" / ("klarna-" + p.id + ".si")));
    }
    for (const auto& o : erp->orders()) erp->invoice(o.order_no);
    // Specter reports each invoice by calling Skarv back, from its own thread.
    erp->callbacks_sent(10000);
    host.pass("status");
    host.pass("settlements");

    int booked = 0;
    for (const auto* emu_payouts : {&klarna.payouts(), &nets.payouts()}) {
        for (const auto& p : *emu_payouts) {
            const auto stored = host.store().payout("butik", p.provider, p.id);
            ASSERT_TRUE(stored) << p.provider << " " << p.id;
            ASSERT_EQ(stored->state, "booked") << p.id << ": " << stored->reason;
            EXPECT_NE(stored->booked_in.find("takes no vouchers, import the SIE file"), std::string::npos) << stored->booked_in;
            ++booked;
            auto sie = skarv::test::read_sie4i(read_bytes(dir / "sie" / (p.provider + "-" + p.id + ".si")));
            EXPECT_TRUE(sie.problems.empty()) << p.id << ": " << sie.problems.front();
            ASSERT_EQ(sie.vouchers.size(), 1u);
            EXPECT_EQ(sie.vouchers[0].series, p.provider == "nets" ? "N" : "A");
            auto expected = expected_accounts(p, released);
            if (p.provider == "nets" && expected.count("6040")) {
                expected["6570"] = expected["6040"];
                expected.erase("6040");
            }
            std::map<std::string, int64_t> in_file;
            for (const auto& r : sie.vouchers[0].rows) in_file[r.account] += r.ore;
            EXPECT_EQ(in_file, expected) << p.id;
            EXPECT_GT(stored->matched, 0) << p.id;
        }
    }
    EXPECT_GE(booked, 4);
    remove_unless_failed(dir);
}
