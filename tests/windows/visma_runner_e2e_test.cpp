// End to end as issue 15 lays it out for older Visma versions, whose Adk.dll is 32-bit
// only: the Linux host, with the Visma connector isolated in skarv-plugin-runner.exe
// under Wine ("file": visma.dll, "runner": ["wine", ...]); the runner loads the
// connector's 32-bit Windows build (visma.dll) and it the emulated Adk.dll, both
// cross-built by scripts/build-windows.sh. Norce's released orders land once in the
// emulated company with the shop's totals to the öre, and what a Visma user then does
// (deliver, invoice) comes back to Norce. The company is read and worked on at the
// Linux side through the Linux build of the same emulator (the same SQLite file).
#include <gtest/gtest.h>

#include <cstdlib>

#include "../e2e/e2e_fixture.hpp"
#include "skarv/sandbox/visma_adk_seed.hpp"
#include "windows_test_support.hpp"

using namespace skarv::e2e;

TEST(E2eVismaUnderWine, NorceOrdersLandOnceInVismaThroughThe32BitRunnerAndStatusComesBack) {
    if (auto why = windows_test::build_skip_reason(); !why.empty()) GTEST_SKIP() << why;
    if (auto why = windows_test::wine_skip_reason(); !why.empty()) GTEST_SKIP() << why;
    if (!std::filesystem::exists(windows_test::windows_build_file("skarv-plugin-runner.exe")))
        GTEST_SKIP() << "the Windows build has no skarv-plugin-runner.exe (runner/ not in this tree?)";
    // The runner inherits the host's environment: the build's Wine prefix, quietly.
    ::setenv("WINEPREFIX", SKARV_WINEPREFIX, 1);
    ::setenv("WINEARCH", "win32", 1);
    ::setenv("WINEDEBUG", "-all", 1);

    const auto dir = fresh_dir("visma-under-wine");
    PushGate gate;
    const auto seed = small_seed();
    auto shop = start_norce(seed, gate.url("butik", 1));
    const auto company = seed_visma(dir, seed);
    const auto released = released_orders(*shop);
    ASSERT_GE(released.size(), 2u);

    auto visma = visma_block(company);
    visma["isolation"] = "process";
    visma["runner"] = json::array{SKARV_WINE, windows_test::windows_build_file("skarv-plugin-runner.exe").string()};
    // The host never maps this file: the runner loads it and reports what plugin it is.
    // Under Wine a path from / is one on the current drive, Z: (the Unix root).
    visma["file"] = windows_test::windows_build_file("visma.dll").string();
    visma["adk_library"] = windows_test::wine_path(windows_test::windows_build_file("Adk.dll"));
    visma["system_path"] = windows_test::wine_path(skarv::sandbox::visma_adk::system_folder_beside(company.string()));
    visma["company_path"] = windows_test::wine_path(company);

    Host host(dir, json::array{connection("butik", "erp", norce_block(*shop), visma)}, gate);
    ASSERT_TRUE(pushes_accepted(*shop));
    const auto first = host.pass("orders");
    for (const auto& r : first) EXPECT_EQ(r.failed + r.read_failures, 0) << r.entity << ": " << r.errors_json;

    VismaDesk desk(SKARV_E2E_ADK_LIBRARY, company);
    std::map<std::string, int> seen;
    for (const auto& o : desk.orders()) {
        ++seen[o.shop_order];
        ASSERT_TRUE(released.count(o.shop_order)) << "Visma holds order " << o.shop_order << " the shop did not release";
        EXPECT_EQ(o.gross, released.at(o.shop_order)) << o.shop_order;
    }
    for (const auto& [ref, total] : released) EXPECT_EQ(seen[ref], 1) << "order " << ref << " in Visma";

    // A second pass (the host retrying) writes nothing twice.
    host.pass("orders");
    EXPECT_EQ(desk.orders().size(), released.size());

    const auto actions = deliver_and_invoice_at_visma(desk);
    host.pass("status");
    EXPECT_TRUE(norce_shows(*shop, actions, released));
    remove_unless_failed(dir);
}
