// The probe op against the emulator as guessed and with --contradict-guesses: every
// probed guess is confirmed in the one and contradicted in the other, every Specter guess
// in docs/guesses.md gets exactly one check, and the probe changes nothing on the account.
#include <fstream>
#include <set>

#include "plugin_fixture.hpp"

using namespace specter_plugin_test;

namespace {

struct SpecterPluginProbe : SpecterPluginFixture {
    std::map<std::string, std::string> verdicts(const CallResult& r) {
        std::map<std::string, std::string> out;
        for (const auto& c : r.document.at("checks").as_array())
            out[std::string(c.at("guess").as_string())] = std::string(c.at("verdict").as_string());
        return out;
    }
};

const std::set<std::string> probed{"specter.unknown-action", "specter.error-codes", "specter.xml-elsewhere",
                                   "specter.xml-document"};

}  // namespace

TEST_F(SpecterPluginProbe, ConfirmsTheGuessesTheEmulatorMakesAndChangesNothing) {
    auto pending = emu.pending(SpecterFeed::stock, "1");
    auto r = call({{"op", "probe"}});
    ASSERT_TRUE(r.ok()) << r.message();
    auto v = verdicts(r);
    for (const auto& g : probed) EXPECT_EQ(v[g], "confirmed") << g << " " << boost::json::serialize(r.document);
    for (const auto& [g, verdict] : v) {
        if (!probed.count(g)) {
            EXPECT_EQ(verdict, "not_checked") << g;
        }
    }
    EXPECT_EQ(v.size(), r.document.at("checks").as_array().size()) << "one check per guess";
    // ... and the guesses are exactly the register's Specter entries.
    std::set<std::string> registered;
    std::ifstream md(SKARV_GUESSES_MD);
    for (std::string line; std::getline(md, line);)
        if (line.rfind("### specter.", 0) == 0) registered.insert(line.substr(4, line.find(':') - 4));
    std::set<std::string> checked;
    for (const auto& [g, verdict] : v) checked.insert(g);
    EXPECT_EQ(checked, registered);
    EXPECT_FALSE(emu.open_batch(SpecterFeed::stock, "1"));
    EXPECT_EQ(emu.pending(SpecterFeed::stock, "1"), pending);
    EXPECT_TRUE(emu.orders().empty());
    EXPECT_TRUE(emu.customers().empty());
    auto text = boost::json::serialize(r.document);
    EXPECT_EQ(text.find(emu.options().api_user_key), std::string::npos);
    EXPECT_EQ(text.find(emu.options().integration_key), std::string::npos);
    EXPECT_EQ(text.find("key="), std::string::npos);
}

TEST_F(SpecterPluginProbe, ContradictsEachProbedGuessAgainstAContradictingSpecter) {
    auto o = emulator_options();
    o.contradict_guesses = true;
    SpecterEmulator contra(o);
    contra.start();
    auto cfg = config();
    cfg["base_url"] = contra.base_url();
    auto p = make(cfg, "contra");
    auto r = p->call({{"op", "probe"}});
    ASSERT_TRUE(r.ok()) << r.message();
    auto v = verdicts(r);
    for (const auto& g : probed) EXPECT_EQ(v[g], "contradicted") << g << " " << boost::json::serialize(r.document);
}
