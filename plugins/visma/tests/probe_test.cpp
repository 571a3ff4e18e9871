// The probe op (reads only, one check per entry of the register), and the look-ups that
// no longer depend on a guessed filter form: they keep working when the ADK refuses
// "=v" and treats a plain value as a prefix (ADK_EMULATOR_CONTRADICT_GUESSES=1).

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <regex>
#include <set>

#include "plugin_fixture.hpp"

namespace visma_test {

namespace {

// The emulator reads the variable on every call; set for one scope only.
struct ContradictingAdk {
    ContradictingAdk() { ::setenv("ADK_EMULATOR_CONTRADICT_GUESSES", "1", 1); }
    ~ContradictingAdk() { ::unsetenv("ADK_EMULATOR_CONTRADICT_GUESSES"); }
};

}  // namespace

struct VismaPluginProbe : VismaFixture {
    std::map<std::string, std::string> verdicts, seen;
    void probe() {
        auto r = call({{"op", "probe"}});
        ASSERT_TRUE(r.ok()) << r.message();
        verdicts.clear();
        for (const auto& c : r.document.at("checks").as_array()) {
            const std::string id = text(c.at("guess"));
            EXPECT_EQ(verdicts.count(id), 0u) << "answered twice: " << id;
            verdicts[id] = text(c.at("verdict"));
            seen[id] = text(c.at("seen"));
            EXPECT_FALSE(seen[id].empty()) << id << " says nothing about what it saw";
        }
    }
    double document_number(const CallResult& w) {
        const std::string target = text(result(w, 0).at("target_id"));
        return std::stod(target.substr(target.find(':') + 1));
    }
};

TEST_F(VismaPluginProbe, EveryVismaEntryOfTheRegisterIsAnsweredAndNoOther) {
    probe();
    std::ifstream in(SKARV_GUESSES_MD);
    ASSERT_TRUE(in) << SKARV_GUESSES_MD;
    const std::string register_text{std::istreambuf_iterator<char>(in), {}};
    std::set<std::string> registered;
    const std::regex entry(R"(\n### (visma\.[a-z0-9-]+):)");
    for (auto it = std::sregex_iterator(register_text.begin(), register_text.end(), entry); it != std::sregex_iterator(); ++it)
        registered.insert((*it)[1]);
    std::set<std::string> answered;
    for (const auto& [id, v] : verdicts) answered.insert(id);
    EXPECT_EQ(answered, registered);
}

TEST_F(VismaPluginProbe, ReadsConfirmWhatTheEmulatorDoesAndAnInvoicedOrderShowsTheLink) {
    auto w = write_orders({order("100900", {{skus().at(0), 2, 19900}})});
    ASSERT_TRUE(w.ok()) << w.message();
    const double order_number = document_number(w);
    at_visma([&] {
        Rec i(ADK_DB_INVOICE_HEAD);
        emulator().AdkSetDouble(i.get(), ADK_OOI_HEAD_DOCUMENT_CONNECTION_NUMBER1, order_number);
        ASSERT_EQ(emulator().AdkAdd(i.get()).lRc, ADKE_OK);
    });
    probe();
    for (const char* id : {"visma.filter-greater-equal", "visma.filter-equals", "visma.filter-range", "visma.windows-1252",
                           "visma.field-lengths", "visma.accounting-codes", "visma.stock-reservation",
                           "visma.order-invoice-link", "visma.invoice-carries-order-number"})
        EXPECT_EQ(verdicts.at(id), "confirmed") << id << ": " << seen.at(id);
    EXPECT_NE(seen.at("visma.invoice-carries-order-number").find("'100900'"), std::string::npos);
    EXPECT_EQ(verdicts.at("visma.vat-codes"), "not_checked");   // it would need a write
}

TEST_F(VismaPluginProbe, AWrongAccountingCodeMappingIsContradictedNamingTheArticle) {
    auto cfg = config();
    cfg["accounting_codes"] = {{"2500", "2"}, {"1200", "1"}, {"600", "3"}, {"0", "4"}};   // 25 % and 12 % swapped
    plugin = make(cfg, "swapped-codes");
    probe();
    EXPECT_EQ(verdicts.at("visma.accounting-codes"), "contradicted");
    EXPECT_NE(seen.at("visma.accounting-codes").find("article "), std::string::npos) << seen.at("visma.accounting-codes");
}

TEST_F(VismaPluginProbe, LookUpsNeedOnlyThePlainValueFilterEvenWhenItMatchesAsAPrefix) {
    // "1009001" first: an ADK that matches a plain value as a prefix finds it for "100900".
    auto longer = write_orders({order("1009001", {{skus().at(0), 1, 19900}})});
    ASSERT_TRUE(longer.ok()) << longer.message();
    auto o = order("100900", {{skus().at(1), 1, 19900}});
    auto first = write_orders({o});
    ASSERT_TRUE(first.ok()) << first.message();
    ASSERT_EQ(text(result(first, 0).at("outcome")), "created");

    ContradictingAdk contradicting;
    auto again = write_orders({o});
    ASSERT_TRUE(again.ok()) << again.message();
    EXPECT_EQ(text(result(again, 0).at("outcome")), "unchanged");
    EXPECT_EQ(result(again, 0).at("target_id"), result(first, 0).at("target_id"));
    auto found = call({{"op", "orders.find"}, {"order_id", "100900"}});
    ASSERT_TRUE(found.ok()) << found.message();
    EXPECT_EQ(found.document.at("target_id"), result(first, 0).at("target_id"));
    auto missing = call({{"op", "orders.find"}, {"order_id", "10090"}});   // a prefix of both
    ASSERT_TRUE(missing.ok()) << missing.message();
    EXPECT_EQ(missing.document.at("found"), false);
    // The change scan still needs ">=" (guess visma.filter-greater-equal): refused, said.
    boost::json::object since{{"since", "2026-01-01 00:00:00"}, {"seen", boost::json::array{}}};
    auto status = call({{"op", "status.read"}, {"cursor", boost::json::object{{"orders", since}}}});
    EXPECT_FALSE(status.ok());
    EXPECT_NE(status.message().find("686"), std::string::npos) << status.message();
}

}  // namespace visma_test
