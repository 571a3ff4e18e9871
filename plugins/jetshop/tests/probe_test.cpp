// The `probe` op: one check per Norce guess in docs/guesses.md, confirmed against the
// emulator as it is, contradicted against `--contradict-guesses`, and not_checked with a
// reason where settling it would write.
#include <fstream>
#include <regex>
#include <set>

#include "plugin_fixture.hpp"

using namespace jetshop_test;

namespace {

struct JetshopPluginProbe : Fixture {
    std::map<std::string, json::object> probe() {
        auto plugin = instance();
        auto r = plugin->call(json::object{{"op", "probe"}});
        EXPECT_TRUE(r.ok()) << r.message();
        std::map<std::string, json::object> out;
        if (!r.ok()) return out;
        for (const auto& c : r.document.at("checks").as_array())
            out[std::string(c.at("guess").as_string())] = c.as_object();
        return out;
    }
    // The ids of the Norce section of the register.
    static std::set<std::string> registered() {
        std::ifstream in(SKARV_GUESSES_MD);
        std::string line;
        bool norce = false;
        std::set<std::string> ids;
        const std::regex entry(R"(^### (norce\.[a-z0-9-]+):)");
        while (std::getline(in, line)) {
            if (line.rfind("## ", 0) == 0) norce = line == "## Norce Commerce";
            std::smatch m;
            if (norce && std::regex_search(line, m, entry)) ids.insert(m[1]);
        }
        return ids;
    }
};

const std::set<std::string> kProbed{"norce.job-path",           "norce.query-variant-code",
                                    "norce.query-order-currency", "norce.followup-error-body",
                                    "norce.query-sku-vat",        "norce.query-sku-price"};

}  // namespace

TEST_F(JetshopPluginProbe, OneCheckPerRegisteredGuessConfirmedAgainstTheEmulator) {
    const auto orders_before = state_object("orders");
    const auto checks = probe();
    const auto ids = registered();
    ASSERT_GE(ids.size(), 10u) << "docs/guesses.md read";
    std::set<std::string> answered;
    for (const auto& [id, c] : checks) answered.insert(id);
    EXPECT_EQ(answered, ids) << "exactly one check per guess id";
    for (const auto& [id, c] : checks) {
        if (kProbed.contains(id)) {
            EXPECT_EQ(c.at("verdict"), "confirmed") << id << ": " << json::serialize(c);
        } else {
            EXPECT_EQ(c.at("verdict"), "not_checked") << id;
            EXPECT_FALSE(c.at("seen").as_string().empty()) << id << " says why";
        }
    }
    // Nothing was written: the refused SendOrderStatus changed no order.
    EXPECT_EQ(state_object("orders"), orders_before);
}

TEST_F(JetshopPluginProbe, EveryProbedGuessIsContradictedByTheContradictingEmulator) {
    emu->stop();
    auto o = options();
    o.contradict_guesses = true;
    start(o);
    const auto checks = probe();
    for (const auto& id : kProbed) {
        ASSERT_TRUE(checks.contains(id)) << id;
        EXPECT_EQ(checks.at(id).at("verdict"), "contradicted") << id << ": " << json::serialize(checks.at(id));
        EXPECT_FALSE(checks.at(id).at("seen").as_string().empty()) << id;
    }
}
