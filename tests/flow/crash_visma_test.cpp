// Exactly once under kill -9, into Visma Administration: the real skarv binary moves the
// orders Norce released (the Norce emulator in its own process) into a Visma company
// through the real jetshop.so and visma.so, and is killed with SIGKILL in the middle of
// batches, again and again, then restarted; the test then counts what the company holds.
//
// Here the ERP is not behind a socket: visma.so loads the ADK (the emulator's .so in
// place of Adk.dll) into the skarv process, and the ADK writes the company's files
// itself. So a kill can land inside the ADK's own write of an order, not only between
// the ERP's answer and the host's record. The company is read the way a Visma user sees
// it, through the same ADK library (the demo's VismaDesk). The test does not tell
// whether a given kill landed inside AdkAdd; it kills at measured points of the write
// phase, which the ADK's calls fill, and the company must still hold each order once.
//
// Checked by hand against a patched visma.so (not committed): with the host's orders.find
// answering "not found" and no look-up in the plugin before AdkAdd, the company ended with
// 51 and 55 orders for the 38 released (13 and 17 duplicates) in two runs, and this test
// failed. Either look-up alone kept it at 38.

#include <SQLiteCpp/SQLiteCpp.h>

#include "demo_parts.hpp"
#include "kill_fixture.hpp"

using namespace skarv::test::kill;

namespace {

// The company's order heads, by CUSTOMER_ORDER_NUMBER (the shop's order id), with
// GROSS: the amount charged, before Visma rounds a SEK document to whole kronor.
ErpBooks visma_books(skarv::demo::VismaDesk& desk) {
    ErpBooks out;
    for (const auto& o : desk.orders())
        out[o.shop_order].push_back(
            {"order:" + std::to_string(static_cast<long long>(std::llround(o.number))), o.gross});
    return out;
}

// The number of order heads, read straight from the emulator's company file (its own
// layout, read-only) only to time the kills: the ADK refuses to open a company another
// process is writing ("Företaget är låst av en annan användare"), so reading through it
// while skarv runs would make skarv's writes fail and wait for retries. The books
// themselves are read through the ADK, while skarv is dead.
size_t order_heads(const fs::path& company) {
    SQLite::Database db((company / "skarv-adk-company.sqlite").string(), SQLite::OPEN_READONLY);
    db.setBusyTimeout(5000);
    return static_cast<size_t>(db.execAndGet("SELECT COUNT(*) FROM order_head").getInt64());
}

json::object visma_block(const fs::path& company) {
    return {{"plugin", "visma"},
            {"adk_library", SKARV_ADK_LIBRARY},
            {"system_path", skarv::demo::visma_system_folder(company).string()},
            {"company_path", company.string()},
            {"price_lists", json::object{{"base", "PL-SE"}, {"channels", json::object{{"1", "PL-SE"}}}}},
            {"stock", json::object{{"warehouse", "LAGER1"}}}};
}

}  // namespace

TEST(FlowCrashEmulators, KilledMidBatchAgainstNorceAndVismaAdkEachOrderOnceWithItsTotal) {
    TempDir dir("crash-visma");
    std::vector<std::string> norce_args{"jetshop", "--orders", "60"};
    std::vector<std::string> seed_cmd{SKARV_ADK_SEED_BIN, (dir.path / "visma" / "Ftg1").string()};
    for (auto& s : seed_args()) {
        norce_args.push_back(s);
        seed_cmd.push_back(s);
    }
    Emulator norce(norce_args, dir.path / "norce.log");
    const fs::path company = dir.path / "visma" / "Ftg1";
    ASSERT_EQ(ChildProcess(seed_cmd, dir.path / "seed.log", false).wait_exit_code(milliseconds(60000)), 0)
        << "seeding the Visma company failed; see " << dir.path / "seed.log";
    const auto released = released_orders(norce.state());
    ASSERT_GE(released.size(), 12u) << "the seed should release at least 12 orders";

    skarv::demo::VismaDesk desk(SKARV_ADK_LIBRARY, company);
    KillRun run;
    run.dir = dir.path;
    run.config = write_config(dir.path, norce_block(norce), visma_block(company));
    run.erp = [&] { return visma_books(desk); };
    run.erp_count = [&] { return order_heads(company); };
    run.first_period_ms = 10;
    run.poll = milliseconds(2);
    const auto outcome = kill_repeatedly(run, {{1, 0.0}, {2, 0.5}, {1, 0.3}, {2, 0.0}, {1, 0.7}, {2, 0.2}, {1, 0.5}},
                                         released.size());
    EXPECT_GE(outcome.kills, 4) << "too few kills landed before the transfer finished; see " << run.log();
    EXPECT_GE(outcome.unrecorded, 1u) << "no kill landed between an ERP create and the host's record of it";

    finish(run);
    expect_each_released_once(visma_books(desk), released, dir.path);
}
