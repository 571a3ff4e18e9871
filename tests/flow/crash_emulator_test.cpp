// Exactly once under kill -9, against the emulators: the real skarv binary moves the
// orders Norce released into Specter through the real jetshop.so and specter.so, both
// emulators running as their own processes (skarv-sandbox), and is killed with SIGKILL
// in the middle of batches, again and again, then restarted; the test then counts what
// Specter itself holds.
//
// Every write to Specter is slowed down before the emulator handles it, so a kill often
// lands while a newOrderSubmit is in flight: the emulator creates that order after the
// host is dead and nobody hears the answer. Kills right after an order appears land
// after the create and before the host records the batch (it records a batch only when
// the whole batch has been written). The test measures both windows: it counts the
// orders Specter holds that the host's store has no mapping for at each kill, and
// requires some.
//
// Exactly once rests on the host's mappings and Specter's documented control of
// externalOrderNo (docs/flows.md): the plugin has no look-up of its own since the one it
// used was found to be invented. Checked by hand earlier against a patched specter.so
// (not committed): with every guard off -- the host's orders.find answered "not found",
// no look-up in the plugin, and Specter's externalOrderNo check switched off by
// ignoreExternalOrderNoControl=1 -- Specter ended with 22 and 25 orders for the 13
// released, and this test failed.

#include "kill_fixture.hpp"

using namespace skarv::test::kill;

namespace {

// How long Specter sits on every write before handling it (the fault is applied before
// the emulator's handler, which then runs whether or not the caller is still there).
constexpr int kWriteLatencyMs = 150;

}  // namespace

TEST(FlowCrashEmulators, KilledMidBatchAgainstNorceAndSpecterEachOrderOnceWithItsTotal) {
    TempDir dir("crash-specter");
    auto with_seed = [](std::vector<std::string> a) {
        for (auto& s : seed_args()) a.push_back(s);
        return a;
    };
    Emulator norce(with_seed({"jetshop", "--orders", "24"}), dir.path / "norce.log");
    Emulator specter(with_seed({"specter", "--fault", "latency:/putInfo.asp:" + std::to_string(kWriteLatencyMs)}),
                     dir.path / "specter.log");
    const auto released = released_orders(norce.state());
    ASSERT_GE(released.size(), 12u) << "the seed should release at least 12 orders";

    KillRun run;
    run.dir = dir.path;
    run.config = write_config(dir.path, norce_block(norce), specter_block(specter.base_url()));
    run.erp = [&] { return specter_books(specter.state()); };
    // Two slowed writes (customer, order) and a look-up at least; refined as orders appear.
    run.first_period_ms = 3.0 * kWriteLatencyMs;
    // A write already sitting in the emulator lands now, with nobody to hear the answer.
    run.settle_ms = 2 * kWriteLatencyMs;
    const auto outcome = kill_repeatedly(run, {{1, 0.0}, {2, 0.8}, {1, 0.5}, {2, 0.0}, {1, 0.9}, {2, 0.3}},
                                         released.size());
    EXPECT_GE(outcome.kills, 4) << "too few kills landed before the transfer finished; see " << run.log();
    EXPECT_GE(outcome.unrecorded, 1u) << "no kill landed between an ERP create and the host's record of it";

    finish(run);
    // Counted from Specter's own state; an order created while the host was dead has no
    // Specter number in its mapping (no public look-up; docs/flows.md).
    expect_each_released_once(specter_books(specter.state()), released, dir.path, true);
}
