// An order's journey as a pass records it, and `skarv trace` as an operator runs it, on a
// real state file: read, transformed (what changed), dropped, written as which ERP
// number, retried, dead letter, replayed (docs/tracing.md).
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <sstream>

#include "flow_fixture.hpp"
#include "skarv/host/flow/sync_runner.hpp"

using namespace skarv;
using test::FlowFixture;
using test::swedish_order;

namespace {
struct Run {
    int status;
    std::string output;
};
Run skarv_cli(const std::string& args) {
    std::string command = "TZ=UTC " + std::string(SKARV_BIN) + " " + args + " 2>&1";
    FILE* pipe = popen(command.c_str(), "r");
    std::string out;
    std::array<char, 4096> buf{};
    size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
    int status = pclose(pipe);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

std::vector<std::string> steps(const host::Journey& j) {
    std::vector<std::string> out;
    for (const auto& e : j.events) out.push_back(e.step);
    return out;
}

boost::json::value order_with_email(const std::string& id, const std::string& sku = "TSHIRT-BLUE-M") {
    auto o = swedish_order(id, sku);
    o.at("customer").as_object()["email"] = "Asa.Oberg+" + id + "@Example.se";
    return o;
}
}  // namespace

TEST(OrderJourney, APassRecordsEachOrdersStepsAndItsSearchKeys) {
    FlowFixture f("journey");
    f.put("shop", "orders", {order_with_email("810001"), order_with_email("810002", "GIFTCARD"), order_with_email("810003", "GHOST")});
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    auto config = f.config("erp", R"(, "fail_skus": ["GHOST"])", false, R"({"orders_as": "order"})", "",
                           R"(, "transforms": [{"plugin": "test-transform", "hooks": ["order.before_write"], "drop_sku": "GIFTCARD", "note": "via Skarv"}])");
    host::SyncRunner runner(config, logger);
    runner.pass({std::nullopt, std::string("orders")}, {});
    auto& store = runner.store();

    auto written = store.journey({"order", "810001"});
    // The confirmation for the shop is queued before the order's mapping is recorded (a
    // kill between the two cannot lose it), so it comes first.
    ASSERT_EQ(steps(written), (std::vector<std::string>{"read", "transformed", "status_queued", "written"})) << log.str();
    EXPECT_EQ(written.events[0].detail, "read from shop#1 (channel 1); queued");
    EXPECT_EQ(written.events[1].detail, "by transform 'test-transform' (connections[0].transforms[0]): note: \"\" → \"via Skarv\"");
    const auto erp = f.written("erp", "orders");
    ASSERT_EQ(erp.size(), 1u);
    auto mapping = store.mapping("main", "orders", "810001");
    ASSERT_TRUE(mapping.has_value());
    EXPECT_EQ(written.events[2].detail, "confirmed (ERP order " + mapping->target_id + ") queued for shop#1");
    EXPECT_EQ(written.events[3].detail, "created in the ERP (order) as ERP order " + mapping->target_id);
    // The status pass sends the confirmation: the order's journey says so.
    runner.pass({std::nullopt, std::string("status")}, {});
    auto confirmed = store.journey({"order", "810001"});
    ASSERT_EQ(confirmed.events.size(), 5u) << log.str();
    EXPECT_EQ(confirmed.events[4].step, "status_sent");
    EXPECT_EQ(confirmed.events[4].entity, "status");
    EXPECT_EQ(confirmed.events[4].detail, "sent to shop#1");

    EXPECT_EQ(steps(store.journey({"order", "810002"})), (std::vector<std::string>{"read", "dropped"}));
    auto dead = store.journey({"order", "810003"});
    ASSERT_EQ(steps(dead), (std::vector<std::string>{"read", "transformed", "dead_letter"}));
    EXPECT_NE(dead.events[2].detail.find("article does not exist in the ERP"), std::string::npos) << dead.events[2].detail;

    // Found by the ERP's number, the e-mail in another case, the payment reference.
    for (const auto& q : {mapping->target_id, std::string("asa.oberg+810001@example.se"), std::string("kl-810001")}) {
        auto found = store.search_records(q);
        ASSERT_EQ(found.size(), 1u) << q;
        EXPECT_EQ(found[0].subject.id, "810001") << q;
    }
}

TEST(OrderJourney, SkarvTracePrintsTheJourneyAndRefusesAnUnknownOrder) {
    FlowFixture f("trace-cli");
    f.put("shop", "orders", {order_with_email("820001"), order_with_email("820002", "GHOST")});
    auto config = f.config("erp", R"(, "fail_skus": ["GHOST"])");
    skarv_cli("sync --config " + config + " --entity orders");

    auto shown = skarv_cli("trace --config " + config + " order 820001");
    EXPECT_EQ(shown.status, 0) << shown.output;
    EXPECT_NE(shown.output.find("order 820001\n"), std::string::npos) << shown.output;
    auto read_at = shown.output.find("main/orders  read: read from shop#1 (channel 1); queued");
    auto written_at = shown.output.find("main/orders  written: created in the ERP (invoice) as ERP order ");
    ASSERT_NE(read_at, std::string::npos) << shown.output;
    ASSERT_NE(written_at, std::string::npos) << shown.output;
    EXPECT_LT(read_at, written_at) << "oldest first";
    EXPECT_NE(shown.output.find(" UTC  main/orders"), std::string::npos) << "local time, with its zone: " << shown.output;

    // By the customer's e-mail: the order it belongs to.
    auto by_email = skarv_cli("trace --config " + config + " order ASA.OBERG+820001@example.se");
    EXPECT_EQ(by_email.status, 0) << by_email.output;
    EXPECT_NE(by_email.output.find("order 820001 (found by ASA.OBERG+820001@example.se)"), std::string::npos) << by_email.output;

    // The dead letter, then its retry by the operator: both in the journey.
    auto letters = skarv_cli("deadletters list --config " + config + " --json");
    auto id = boost::json::parse(letters.output).at("dead_letters").as_array()[0].at("id").as_int64();
    skarv_cli("deadletters retry --config " + config + " " + std::to_string(id));
    auto dead = skarv_cli("trace --config " + config + " order 820002");
    EXPECT_EQ(dead.status, 0) << dead.output;
    EXPECT_NE(dead.output.find("dead_letter: dead letter #" + std::to_string(id) + " after 1 attempt(s)"), std::string::npos)
        << dead.output;
    EXPECT_NE(dead.output.find("replayed: dead letter #" + std::to_string(id) + " queued again"), std::string::npos) << dead.output;

    auto json = skarv_cli("trace --config " + config + " order 820001 --json");
    EXPECT_EQ(json.status, 0) << json.output;
    EXPECT_EQ(boost::json::parse(json.output).at("journeys").as_array()[0].at("events").as_array().size(), 3u) << json.output;

    auto unknown = skarv_cli("trace --config " + config + " order 999999");
    EXPECT_EQ(unknown.status, 1) << unknown.output;
    EXPECT_NE(unknown.output.find("skarv: no order 999999 is known"), std::string::npos) << unknown.output;
    auto odd = skarv_cli("trace --config " + config + " order \"'%<script>\"");
    EXPECT_EQ(odd.status, 1) << odd.output;
    auto wrong_kind = skarv_cli("trace --config " + config + " invoice 820001");
    EXPECT_EQ(wrong_kind.status, 2) << wrong_kind.output;
    EXPECT_NE(wrong_kind.output.find("'invoice' is none of order, product, sku"), std::string::npos) << wrong_kind.output;
}

// The catalogue keeps no event row a write (issue 14's state size): a SKU's journey shows
// the latest write to each shop from its id mappings, however often it was written.
TEST(CatalogueJourney, OnlyChangesLeaveEvents) {
    FlowFixture f("catalogue-journey");
    f.put("erp", "stock", {{{"sku", "A1001-1"}, {"warehouse", "LAGER1"}, {"on_hand", 5}, {"available", 4}}});
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    host::SyncRunner runner(f.config("erp", "", true), logger);
    host::TransferOptions initial;
    initial.initial = true;
    runner.pass({std::nullopt, std::string("stock")}, initial);
    auto first = runner.store().journey({"sku", "A1001-1"});
    ASSERT_EQ(steps(first), (std::vector<std::string>{"written", "written"})) << log.str();
    EXPECT_EQ(first.events[0].detail, "latest write to shop#1");
    EXPECT_EQ(first.events[1].detail, "latest write to shop#2");
    EXPECT_EQ(first.events[0].record_key, "A1001-1@LAGER1");
    EXPECT_EQ(first.events[0].entity, "stock");

    runner.pass({std::nullopt, std::string("stock")}, initial);
    f.put("erp", "stock", {{{"sku", "A1001-1"}, {"warehouse", "LAGER1"}, {"on_hand", 3}, {"available", 2}}});
    runner.pass({std::nullopt, std::string("stock")}, initial);
    EXPECT_EQ(runner.store().journey({"sku", "A1001-1"}).events.size(), 2u) << "a write left an event row";
    EXPECT_TRUE(runner.store().journey({"sku", "A1001"}).events.empty()) << "another SKU's prefix matched";
    auto found = runner.store().search_records("A1001-1");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].subject.kind, "sku");
}
