// The Visma connector's 32-bit Windows build (visma.dll) driving the emulated Adk.dll
// under Wine, as it would drive Visma's Adk.dll on the Visma PC: skarv-abi-call.exe
// loads visma.dll through the C ABI and writes an order; the company is then read on
// the Linux side through the Linux build of the same emulator, the way a person at
// Visma would see it (both builds keep a company in the same SQLite file).
#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <fstream>

#include <boost/dll/shared_library.hpp>
#include <boost/json.hpp>

#include "adk_emulator/Adk.h"
#include "skarv/sandbox/visma_adk_seed.hpp"
#include "windows_test_support.hpp"

namespace windows_test {
namespace {

#define WINDOWS_TEST_ADK_FUNCTION(name) decltype(&::name) name = &lib.get<decltype(::name)>(#name)
struct LinuxAdk {
    boost::dll::shared_library lib{SKARV_ADK_EMULATOR_PATH, boost::dll::load_mode::rtld_local};
    WINDOWS_TEST_ADK_FUNCTION(AdkOpen);
    WINDOWS_TEST_ADK_FUNCTION(AdkClose);
    WINDOWS_TEST_ADK_FUNCTION(AdkCreateData);
    WINDOWS_TEST_ADK_FUNCTION(AdkDeleteStruct);
    WINDOWS_TEST_ADK_FUNCTION(AdkSetFilter);
    WINDOWS_TEST_ADK_FUNCTION(AdkFirst);
    WINDOWS_TEST_ADK_FUNCTION(AdkNext);
    WINDOWS_TEST_ADK_FUNCTION(AdkGetDouble);
    WINDOWS_TEST_ADK_FUNCTION(AdkGetStr);
};
#undef WINDOWS_TEST_ADK_FUNCTION

struct OrderHead {
    int count = 0;
    int64_t gross_ore = 0;
    int64_t total_ore = 0;
    int rows = 0;
    std::string city;
};

// What the company holds for one shop order number, read through the Linux emulator.
OrderHead order_head_of(const std::string& system_path, const std::string& company, const std::string& order_number) {
    static LinuxAdk adk;
    OrderHead out;
    EXPECT_EQ(adk.AdkOpen(system_path.c_str(), company.c_str()).lRc, ADKE_OK);
    PADK_DATA head = adk.AdkCreateData(ADK_DB_ORDER_HEAD);
    EXPECT_EQ(adk.AdkSetFilter(head, ADK_OOI_HEAD_CUSTOMER_ORDER_NUMBER, ("=" + order_number).c_str(), 0).lRc, ADKE_OK);
    for (bool ok = adk.AdkFirst(head).lRc == ADKE_OK; ok; ok = adk.AdkNext(head).lRc == ADKE_OK) {
        ++out.count;
        double gross = 0, total = 0, rows = 0;
        adk.AdkGetDouble(head, ADK_OOI_HEAD_GROSS, &gross);
        adk.AdkGetDouble(head, ADK_OOI_HEAD_TOTAL_AMOUNT, &total);
        adk.AdkGetDouble(head, ADK_OOI_HEAD_NROWS, &rows);
        out.gross_ore = std::llround(gross * 100);
        out.total_ore = std::llround(total * 100);
        out.rows = static_cast<int>(rows);
        char buffer[128] = {0};
        char* p = buffer;
        adk.AdkGetStr(head, ADK_OOI_HEAD_CITY, &p, sizeof buffer);
        out.city = buffer;
    }
    adk.AdkDeleteStruct(head);
    adk.AdkClose();
    return out;
}

void write_file(const std::filesystem::path& p, const std::string& text) {
    std::ofstream(p, std::ios::binary) << text;
}

boost::json::object money(int64_t minor) { return {{"minor", minor}, {"currency", "SEK"}}; }

}  // namespace

// The Windows build converts text with Windows' own API, not Poco's: the same results.
TEST(WineVisma, TheSdkTextConversionInItsWindowsFormAgreesWithTheLinuxOne) {
    if (auto why = build_skip_reason(); !why.empty()) GTEST_SKIP() << why;
    if (auto why = wine_skip_reason(); !why.empty()) GTEST_SKIP() << why;
    const auto r = run_under_wine({windows_build_file("skarv-text-encoding-check.exe").string()});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("all checks passed"), std::string::npos) << r.out << r.err;
}

TEST(WineVisma, AnOrderWrittenByVismaDllUnderWineLandsOnceToTheOre) {
    if (auto why = build_skip_reason(); !why.empty()) GTEST_SKIP() << why;
    if (auto why = wine_skip_reason(); !why.empty()) GTEST_SKIP() << why;

    const auto dir = std::filesystem::temp_directory_path() / ("skarv-wine-visma-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    skarv::sandbox::visma_adk::CompanySeedOptions seed;
    seed.data.seed = 7;
    seed.data.products = 2;
    seed.data.variants_per_product = 2;
    seed.data.channels = 1;
    const std::string company = (dir / "Ftg").string();
    const auto seeded = skarv::sandbox::visma_adk::seed_company(company, seed);
    const auto data = skarv::sandbox::generate_seed_data(seed.data);
    const std::string sku = data.products.at(0).variants.at(0).sku;

    const boost::json::object config{{"adk_library", wine_path(windows_build_file("Adk.dll"))},
                                     {"system_path", wine_path(seeded.system_path)},
                                     {"company_path", wine_path(company)},
                                     {"price_lists", {{"base", data.channels.at(0).price_list_code}}}};
    // Two of a line at 249.50 less a 10.01 line discount, 25 % VAT, with Swedish letters
    // that must arrive in Windows-1252: 488.99 kr.
    const boost::json::object order{
        {"order_id", "W-1001"}, {"order_number", "W-1001"}, {"channel", 1}, {"currency", "SEK"},
        {"created_at", "2026-11-23T09:15:00Z"},
        {"customer", {{"customer_number", "C-W-1001"}, {"type", "person"}, {"first_name", "Åsa"}, {"last_name", "Öberg"},
                      {"email", "asa.oberg@example.se"},
                      {"billing", {{"name", "Åsa Öberg"}, {"street", "Storgatan 1"}, {"postal_code", "211 22"},
                                   {"city", "Malmö"}, {"country", "SE"}}}}},
        {"lines", boost::json::array{{{"sku", sku}, {"name", "Vara"}, {"quantity", 2}, {"unit_price_inc_vat", money(24950)},
                                      {"vat_rate_bp", 2500}, {"discount_inc_vat", money(1001)}}}},
        {"payment", {{"method", "klarna"}, {"reference", "klarna-W-1001"}, {"amount", money(48899)}}}};
    write_file(dir / "config.json", boost::json::serialize(config));
    write_file(dir / "request.json", boost::json::serialize(boost::json::object{{"op", "orders.write"}, {"records", {order}}}));

    auto write_once = [&] {
        return run_under_wine({windows_build_file("skarv-abi-call.exe").string(), wine_path(windows_build_file("visma.dll")),
                               wine_path(dir / "config.json"), wine_path(dir / "request.json")});
    };
    const auto first = write_once();
    ASSERT_EQ(first.exit_code, 0) << first.out << "\n" << first.err;
    const auto first_result = boost::json::parse(first.out).at("results").at(0);
    EXPECT_EQ(first_result.at("outcome"), "created") << first.out;
    EXPECT_EQ(first_result.at("erp_total").at("gross").at("minor"), 48899) << first.out;

    // The host retries (it never heard the answer): the order is found, not written again.
    const auto again = write_once();
    ASSERT_EQ(again.exit_code, 0) << again.out << "\n" << again.err;
    const auto again_result = boost::json::parse(again.out).at("results").at(0);
    EXPECT_EQ(again_result.at("outcome"), "unchanged") << again.out;
    EXPECT_EQ(again_result.at("target_id"), first_result.at("target_id"));

    const auto head = order_head_of(seeded.system_path, company, "W-1001");
    EXPECT_EQ(head.count, 1);
    EXPECT_EQ(head.gross_ore, 48899);
    EXPECT_EQ(head.total_ore, 48900);   // öresavrundning to whole kronor, as Visma does
    EXPECT_EQ(head.rows, 2);            // the article and its line discount
    EXPECT_EQ(head.city, "Malm\xF6");   // Windows-1252, as the ADK stores it
    std::filesystem::remove_all(dir);
}

}  // namespace windows_test
