// skarv probe as a person runs it before the first sync: against the Visma ADK emulator
// (a seeded company), where every guess the probe can read is confirmed; then with the
// emulator told to answer the other way (ADK_EMULATOR_CONTRADICT_GUESSES=1), where the
// same guesses are contradicted and the command fails naming them. The shop is first the
// file-system test connector, which has no probe; then the real Norce connector (jetshop.so)
// against a `skarv-sandbox jetshop` process, as it is and with --contradict-guesses.

#include <gtest/gtest.h>

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

#include <boost/json.hpp>

#include "demo_parts.hpp"
#include "kill_fixture.hpp"

namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

struct Run {
    int status;
    std::string output;
};

Run shell(const std::string& command) {
    FILE* pipe = popen((command + " 2>&1").c_str(), "r");
    std::string out;
    std::array<char, 4096> buf{};
    size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
    const int status = pclose(pipe);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

json::object file_system_shop(const fs::path& dir) {
    fs::create_directories(dir / "shop");
    return {{"plugin", "file-system"}, {"dir", (dir / "shop").string()}};
}

// A seeded company and a config whose one connection has the given shop and Visma.
fs::path probe_config(const fs::path& dir, json::object shop) {
    const fs::path company = dir / "visma" / "Ftg1";
    const auto seeded = shell(std::string(SKARV_ADK_SEED_BIN) + " " + company.string() + " --seed 7 --products 4");
    EXPECT_EQ(seeded.status, 0) << seeded.output;
    json::object erp{{"plugin", "visma"},
                     {"adk_library", SKARV_ADK_LIBRARY},
                     {"system_path", skarv::demo::visma_system_folder(company).string()},
                     {"company_path", company.string()},
                     {"price_lists", json::object{{"base", "PL-SE"}}},
                     {"stock", json::object{{"warehouse", "LAGER1"}}}};
    json::object doc{
        {"plugin_dirs", json::array{json::value(SKARV_FLOW_TEST_PLUGIN_DIR), json::value(SKARV_PLUGIN_DIR)}},
        {"state_db", (dir / "state.db").string()},
        {"connections", json::array{json::object{{"name", "main"},
                                                 {"flow", "erp"},
                                                 {"shops", json::array{std::move(shop)}},
                                                 {"erp", std::move(erp)},
                                                 {"options", json::object{{"orders_as", "order"}}}}}}};
    const fs::path path = dir / "skarv.json";
    std::ofstream(path) << json::serialize(doc);
    return path;
}

// guess id -> verdict, from `skarv probe --json`, plus the endpoints' outcomes.
struct Verdicts {
    std::map<std::string, std::string> verdict, seen;
    std::map<std::string, std::string> outcome;   // "shop#1" -> "no_probe"
    std::map<std::string, std::string> plugin;    // "shop#1" -> "jetshop"
};

Verdicts parse(const std::string& output) {
    Verdicts v;
    // The JSON is one line on stdout; stderr (merged here) names what was contradicted.
    const auto start = output.find('{');
    const auto doc = json::parse(output.substr(start, output.find('\n', start) - start));
    for (const auto& e : doc.at("endpoints").as_array()) {
        v.outcome[std::string(e.at("endpoint").as_string())] = std::string(e.at("outcome").as_string());
        v.plugin[std::string(e.at("endpoint").as_string())] = std::string(e.at("plugin").as_string());
        for (const auto& c : e.at("checks").as_array()) {
            v.verdict[std::string(c.at("guess").as_string())] = std::string(c.at("verdict").as_string());
            v.seen[std::string(c.at("guess").as_string())] = std::string(c.at("seen").as_string());
        }
    }
    return v;
}

const char* const kReadableGuesses[] = {"visma.filter-greater-equal", "visma.filter-equals", "visma.filter-range",
                                        "visma.windows-1252",         "visma.field-lengths", "visma.accounting-codes",
                                        "visma.stock-reservation"};

// The Norce guesses jetshop.so reads without writing (plugins/jetshop/tests/probe_test.cpp).
const char* const kNorceProbedGuesses[] = {"norce.job-path",           "norce.query-variant-code",
                                           "norce.query-order-currency", "norce.followup-error-body",
                                           "norce.query-sku-vat",        "norce.query-sku-price"};

// A Norce emulator process with orders, so the order-currency guess has a row to look at.
skarv::test::kill::Emulator norce_emulator(const fs::path& dir, bool contradict) {
    auto args = skarv::test::kill::seed_args();
    args.insert(args.begin(), "jetshop");
    args.insert(args.end(), {"--orders", "4"});
    if (contradict) args.push_back("--contradict-guesses");
    return skarv::test::kill::Emulator(args, dir / "norce.log");
}

}  // namespace

TEST(FlowCliProbe, VismaGuessesAreConfirmedOnTheEmulatorAndTheShopHasNoProbe) {
    skarv::test::kill::TempDir dir("probe-confirmed");
    const auto config = probe_config(dir.path, file_system_shop(dir.path));

    const auto run = shell(std::string(SKARV_BIN) + " probe --config " + config.string() + " --json");
    ASSERT_EQ(run.status, 0) << run.output;
    const auto v = parse(run.output);
    EXPECT_EQ(v.outcome.at("shop#1"), "no_probe");
    EXPECT_EQ(v.outcome.at("erp"), "checked");
    for (const char* guess : kReadableGuesses) EXPECT_EQ(v.verdict.at(guess), "confirmed") << guess << ": " << v.seen.at(guess);
    // A seeded company has no invoiced order: said, not guessed.
    EXPECT_EQ(v.verdict.at("visma.order-invoice-link"), "not_checked");
    EXPECT_NE(v.seen.at("visma.order-invoice-link").find("no invoiced order"), std::string::npos);
    EXPECT_EQ(v.verdict.at("visma.delivered-flag"), "not_checked");
    EXPECT_NE(v.seen.at("visma.windows-1252").find("Windows-1252"), std::string::npos);

    const auto text = shell(std::string(SKARV_BIN) + " probe --config " + config.string());
    EXPECT_EQ(text.status, 0) << text.output;
    EXPECT_NE(text.output.find("main shop#1 (file-system): no probe"), std::string::npos) << text.output;
    EXPECT_NE(text.output.find("main erp (visma): "), std::string::npos) << text.output;
    EXPECT_NE(text.output.find("7 confirmed, 0 contradicted, "), std::string::npos) << text.output;
}

TEST(FlowCliProbe, AnAdkThatAnswersOtherwiseIsContradictedAndTheCommandFailsNamingIt) {
    skarv::test::kill::TempDir dir("probe-contradicted");
    const auto config = probe_config(dir.path, file_system_shop(dir.path));
    const std::string contradicting = "ADK_EMULATOR_CONTRADICT_GUESSES=1 " + std::string(SKARV_BIN);

    const auto run = shell(contradicting + " probe --config " + config.string() + " --json");
    EXPECT_EQ(run.status, 1) << run.output;
    const auto v = parse(run.output);
    for (const char* guess : {"visma.filter-greater-equal", "visma.filter-equals", "visma.filter-range"}) {
        EXPECT_EQ(v.verdict.at(guess), "contradicted") << guess;
        // The emulator refuses the expression as the ADK documents: ADKE_INVALID_FILTER_EXPRESSION.
        EXPECT_NE(v.seen.at(guess).find("686"), std::string::npos) << v.seen.at(guess);
    }
    EXPECT_EQ(v.verdict.at("visma.windows-1252"), "contradicted") << v.seen.at("visma.windows-1252");
    EXPECT_NE(v.seen.at("visma.windows-1252").find("UTF-8"), std::string::npos);
    EXPECT_EQ(v.verdict.at("visma.field-lengths"), "confirmed");

    const auto text = shell(contradicting + " probe --config " + config.string() + " --connection main");
    EXPECT_EQ(text.status, 1) << text.output;
    EXPECT_NE(text.output.find("CONTRADICTED visma.filter-greater-equal"), std::string::npos) << text.output;
    EXPECT_NE(text.output.find("4 contradicted"), std::string::npos) << text.output;
    EXPECT_NE(text.output.find("skarv probe: contradicted"), std::string::npos) << text.output;
    EXPECT_NE(text.output.find("  main erp visma.windows-1252"), std::string::npos) << text.output;
}

TEST(FlowCliProbe, AnUnknownConnectionOrAWrongSystemPathIsSaidAndNotAPass) {
    skarv::test::kill::TempDir dir("probe-errors");
    const auto config = probe_config(dir.path, file_system_shop(dir.path));
    const auto unknown = shell(std::string(SKARV_BIN) + " probe --config " + config.string() + " --connection nosuch");
    EXPECT_EQ(unknown.status, 2) << unknown.output;
    EXPECT_NE(unknown.output.find("no connection named 'nosuch'"), std::string::npos) << unknown.output;

    // The system path pointing at the company folder: the ADK refuses it (137).
    std::ifstream in(config);
    auto doc = json::parse(std::string(std::istreambuf_iterator<char>(in), {}));
    in.close();
    auto& erp = doc.at("connections").as_array()[0].as_object()["erp"].as_object();
    erp["system_path"] = erp.at("company_path");
    std::ofstream(config) << json::serialize(doc);
    const auto refused = shell(std::string(SKARV_BIN) + " probe --config " + config.string());
    EXPECT_EQ(refused.status, 3) << refused.output;
    EXPECT_NE(refused.output.find("main erp (visma): probe failed: "), std::string::npos) << refused.output;
    EXPECT_NE(refused.output.find("137"), std::string::npos) << refused.output;

    // Without system_path the config is refused, by check and by probe, naming the key.
    erp.erase("system_path");
    std::ofstream(config) << json::serialize(doc);
    const auto check = shell(std::string(SKARV_BIN) + " check --config " + config.string());
    EXPECT_EQ(check.status, 1) << check.output;
    EXPECT_NE(check.output.find("system_path"), std::string::npos) << check.output;
    const auto probe = shell(std::string(SKARV_BIN) + " probe --config " + config.string());
    EXPECT_EQ(probe.status, 2) << probe.output;
    EXPECT_NE(probe.output.find("system_path"), std::string::npos) << probe.output;
}

TEST(FlowCliProbe, NorceGuessesAreConfirmedThroughJetshopAgainstTheNorceEmulator) {
    skarv::test::kill::TempDir dir("probe-norce-confirmed");
    const auto norce = norce_emulator(dir.path, false);
    const auto config = probe_config(dir.path, skarv::test::kill::norce_block(norce));

    const auto run = shell(std::string(SKARV_BIN) + " probe --config " + config.string() + " --json");
    ASSERT_EQ(run.status, 0) << run.output;
    const auto v = parse(run.output);
    EXPECT_EQ(v.plugin.at("shop#1"), "jetshop");
    EXPECT_EQ(v.outcome.at("shop#1"), "checked");
    EXPECT_EQ(v.outcome.at("erp"), "checked");
    for (const char* guess : kNorceProbedGuesses)
        EXPECT_EQ(v.verdict.at(guess), "confirmed") << guess << ": " << v.seen.at(guess);
    // A guess settled only by writing is said, not guessed.
    EXPECT_EQ(v.verdict.at("norce.followup-idempotency"), "not_checked");
    for (const char* guess : kReadableGuesses) EXPECT_EQ(v.verdict.at(guess), "confirmed") << guess;

    const auto text = shell(std::string(SKARV_BIN) + " probe --config " + config.string());
    EXPECT_EQ(text.status, 0) << text.output;
    EXPECT_NE(text.output.find("main shop#1 (jetshop): "), std::string::npos) << text.output;
    EXPECT_NE(text.output.find("13 confirmed, 0 contradicted, "), std::string::npos) << text.output;
    EXPECT_EQ(text.output.find("CONTRADICTED"), std::string::npos) << text.output;
}

TEST(FlowCliProbe, NorceGuessesAreContradictedByTheContradictingEmulatorAndTheCommandFailsNamingEach) {
    skarv::test::kill::TempDir dir("probe-norce-contradicted");
    const auto norce = norce_emulator(dir.path, true);
    const auto config = probe_config(dir.path, skarv::test::kill::norce_block(norce));

    const auto run = shell(std::string(SKARV_BIN) + " probe --config " + config.string() + " --json");
    EXPECT_EQ(run.status, 1) << run.output;
    const auto v = parse(run.output);
    EXPECT_EQ(v.outcome.at("shop#1"), "checked");
    for (const char* guess : kNorceProbedGuesses) {
        EXPECT_EQ(v.verdict.at(guess), "contradicted") << guess << ": " << v.seen.at(guess);
        EXPECT_FALSE(v.seen.at(guess).empty()) << guess << " says what was seen";
    }
    // The ADK emulator answers as documented: the failure is Norce's alone.
    for (const char* guess : kReadableGuesses) EXPECT_EQ(v.verdict.at(guess), "confirmed") << guess;

    const auto text = shell(std::string(SKARV_BIN) + " probe --config " + config.string() + " --connection main");
    EXPECT_EQ(text.status, 1) << text.output;
    EXPECT_NE(text.output.find("7 confirmed, 6 contradicted, "), std::string::npos) << text.output;
    EXPECT_NE(text.output.find("skarv probe: contradicted"), std::string::npos) << text.output;
    for (const char* guess : kNorceProbedGuesses) {
        EXPECT_NE(text.output.find("CONTRADICTED " + std::string(guess)), std::string::npos) << guess << "\n" << text.output;
        EXPECT_NE(text.output.find("  main shop#1 " + std::string(guess) + "\n"), std::string::npos)
            << guess << "\n" << text.output;
    }
    EXPECT_EQ(text.output.find("  main erp "), std::string::npos) << text.output;
}
