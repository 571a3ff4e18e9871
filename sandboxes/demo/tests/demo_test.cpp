// The demo end to end with small numbers: three emulated shops, Specter twice and a
// Visma company, the real host and plugins. What it prints is read from the emulators,
// so these lines are the proof that orders arrived once with equal totals.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "skarv/demo/demo.hpp"

namespace fs = std::filesystem;

namespace {

skarv::demo::DemoOptions small(const fs::path& dir, std::ostream& out) {
    skarv::demo::DemoOptions o;
    o.seed = 7;
    o.products = 4;
    o.variants = 2;
    o.orders = 6;
    o.plugin_dir = SKARV_DEMO_PLUGIN_DIR;
    o.adk_library = SKARV_DEMO_ADK_LIBRARY;
    o.work_dir = dir.string();
    o.out = &out;
    return o;
}

fs::path temp_dir(const std::string& name) {
    auto dir = fs::temp_directory_path() / ("skarv-demo-test-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    return dir;
}

std::vector<std::string> lines_starting(const std::string& text, const std::string& prefix) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        if (line.rfind(prefix, 0) == 0) out.push_back(line);
    return out;
}

// The count and total columns of a summary row ("    released in Norce      6   4 711.30").
std::string figures(const std::string& row) { return row.size() > 30 ? row.substr(30) : ""; }

}  // namespace

TEST(DemoRun, EveryReleasedOrderArrivesOnceWithEqualTotals) {
    const auto dir = temp_dir("run");
    std::ostringstream out;
    auto options = small(dir, out);
    options.keep = true;
    const int rc = skarv::demo::run_demo(options);
    const auto text = out.str();
    ASSERT_EQ(rc, 0) << text;
    EXPECT_NE(text.find("RESULT: OK"), std::string::npos) << text;

    // One block per connection, each with the shop's and the ERP's order summary.
    for (const char* name : {"== butik-erp:", "== butik-ecom:", "== butik-combo:"})
        EXPECT_NE(text.find(name), std::string::npos) << name << "\n" << text;
    const auto shop = lines_starting(text, "    released in Norce");
    const auto erp = lines_starting(text, "    now in ");
    ASSERT_EQ(shop.size(), 3u) << text;
    ASSERT_EQ(erp.size(), 3u) << text;
    for (size_t i = 0; i < shop.size(); ++i) {
        EXPECT_FALSE(figures(shop[i]).empty());
        EXPECT_EQ(figures(shop[i]), figures(erp[i])) << shop[i] << "\n" << erp[i];
        EXPECT_EQ(figures(shop[i]).find(" 0 "), std::string::npos) << "no orders released? " << shop[i];
    }
    // Specter's price lists (butik-erp, the one Specter connection whose plan moves them
    // to the shop): every price of the seeded reseller list is in Norce to the öre.
    const auto lists = lines_starting(text, "    price-list prices: Norce = Specter's lists");
    ASSERT_EQ(lists.size(), 1u) << text;
    std::istringstream figures_in(lists[0].substr(std::string("    price-list prices: Norce = Specter's lists").size()));
    int agree = -1, of = -1;
    figures_in >> agree >> of;
    EXPECT_GT(of, 0) << lists[0];
    EXPECT_EQ(agree, of) << lists[0];
    // Status came back: deliveries with tracking numbers and invoices in every shop.
    for (const auto& l : lines_starting(text, "    deliveries (with tracking number)"))
        EXPECT_EQ(l.find("(0 with tracking)"), std::string::npos) << l;
    // Skarv's own report lines are there, and no order was parked as a dead letter.
    EXPECT_NE(text.find("pass 2  status: considered"), std::string::npos) << text;
    EXPECT_EQ(text.find("\n    orders "), std::string::npos) << text;
    // Kept: the config, the state database and the log (not the terminal) are in the folder.
    EXPECT_TRUE(fs::exists(dir / "skarv.json"));
    EXPECT_TRUE(fs::exists(dir / "skarv-state.db"));
    EXPECT_GT(fs::file_size(dir / "skarv-demo.log"), 0u);
    fs::remove_all(dir);
}

TEST(DemoRun, MissingPluginsFailWithTheReason) {
    const auto dir = temp_dir("noplugins");
    std::ostringstream out;
    auto options = small(dir, out);
    options.plugin_dir = (dir / "nowhere").string();
    EXPECT_EQ(skarv::demo::run_demo(options), 1);
    EXPECT_NE(out.str().find("RESULT: FAILED"), std::string::npos) << out.str();
    EXPECT_NE(out.str().find("jetshop.so"), std::string::npos) << out.str();
    fs::remove_all(dir);
}
