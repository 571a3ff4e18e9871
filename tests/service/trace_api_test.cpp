// GET /api/search and /api/trace as the dashboard and an operator's script call them: a
// pushed order is found by its number, e-mail and payment reference and shows its
// journey; odd queries, unknown and pruned records get a clear answer, never a 500.
#include <gtest/gtest.h>

#include <sstream>

#include "../flow/flow_fixture.hpp"
#include "service_http.hpp"
#include "skarv/host/service/service.hpp"

using namespace skarv;
using skarv::test::FlowFixture;
using skarv::test::swedish_order;
using test::admin;
using test::eventually;

namespace {
boost::json::object json_of(const test::Reply& r) {
    boost::system::error_code ec;
    auto v = boost::json::parse(r.body, ec);
    return !ec && v.is_object() ? v.get_object() : boost::json::object{{"unparsable", r.body}};
}
}  // namespace

TEST(TraceApi, SearchAndTraceAPushedOrderAndAnswerBadInputClearly) {
    FlowFixture f("trace-api");
    auto config = f.config("erp", "", false, R"({"orders_as": "order"})", R"(, "push_auth": "Basic c2hvcDpodW1sZQ==")",
                           R"(, "schedule": {"orders": 3600, "status": 3600, "products": 3600, "pricelists": 3600,
                                             "prices": 3600, "stock": 3600})");
    test::configure_admin(config);
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    host::SyncRunner runner(config, logger);
    host::ServiceOptions options;
    options.port = 0;
    host::Service service(runner, logger, options);
    auto port = service.start();
    ASSERT_TRUE(eventually([&] { return service.passes_run() >= 6; }));

    auto order = swedish_order("700001");
    order.at("customer").as_object()["email"] = "kund@exempel.se";
    test::Request push{"POST", "/push/main/1", boost::json::serialize(boost::json::array{order}), "application/json",
                       {{"Authorization", "Basic c2hvcDpodW1sZQ=="}}};
    ASSERT_EQ(test::send(port, push).status, 200);
    ASSERT_TRUE(eventually([&] { return f.written("erp", "orders").size() == 1; })) << log.str();
    auto erp_number = runner.store().mapping("main", "orders", "700001")->target_id;

    for (const auto& q : {std::string("700001"), std::string("KUND%40exempel.se"), std::string("kl-700001"), erp_number,
                          std::string("%20700001%20")}) {
        auto r = admin(port, "GET", "/api/search?q=" + q);
        ASSERT_EQ(r.status, 200) << q << ": " << r.body;
        auto matches = json_of(r).at("matches").as_array();
        ASSERT_EQ(matches.size(), 1u) << q << ": " << r.body;
        EXPECT_EQ(matches[0].at("subject"), "order");
        EXPECT_EQ(matches[0].at("id"), "700001");
    }
    auto trace = admin(port, "GET", "/api/trace/order/700001");
    ASSERT_EQ(trace.status, 200) << trace.body;
    auto events = json_of(trace).at("journeys").as_array()[0].at("events").as_array();
    ASSERT_GE(events.size(), 2u) << trace.body;
    EXPECT_EQ(events.front().at("step"), "pushed");
    EXPECT_EQ(events.front().at("detail"), "pushed by shop#1 (channel 1); queued");
    EXPECT_EQ(events.back().at("step"), "written");
    EXPECT_EQ(events.back().at("detail").as_string(), "created in the ERP (order) as ERP order " + erp_number);
    // By the ERP's number, the same journey.
    auto by_erp = admin(port, "GET", "/api/trace/orders/" + erp_number);
    ASSERT_EQ(by_erp.status, 200) << by_erp.body;
    EXPECT_EQ(json_of(by_erp).at("journeys").as_array()[0].at("id"), "700001");

    // Odd queries: found nothing, or refused saying why; never a 500.
    for (const auto* q : {"%25", "100%25", "%27%20OR%201%3D1%20--", "%22", "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "%C3%A5%C3%A4%C3%B6",
                          "%E2%80%AE700001"}) {
        auto r = admin(port, "GET", std::string("/api/search?q=") + q);
        EXPECT_EQ(r.status, 200) << q << ": " << r.body;
        EXPECT_TRUE(json_of(r).at("matches").as_array().empty()) << q << ": " << r.body;
    }
    struct Refused {
        std::string path;
        int status;
        std::string says;
    };
    for (const auto& bad : std::vector<Refused>{
             {"/api/search", 400, "give a search"},
             {"/api/search?q=", 400, "give a search"},
             {"/api/search?q=%20%20", 400, "give a search"},
             {"/api/search?q=" + std::string(10240, 'x'), 400, "too long (10240 bytes; a key has at most 200)"},
             {"/api/search?q=%FF%FE", 400, "not UTF-8 text"},
             {"/api/search?q=100%", 400, "a '%' must be followed by two hex digits"},
             {"/api/trace/order/999999", 404, "no order 999999 is known"},
             {"/api/trace/order/%3Cscript%3E", 404, "no order <script> is known"},
             {"/api/trace/invoice/700001", 404, "a trace is of an order, a product or a sku"},
             {"/api/trace/order/" + std::string(300, '7'), 400, "too long"},
         }) {
        auto r = admin(port, "GET", bad.path);
        EXPECT_EQ(r.status, bad.status) << bad.path.substr(0, 80) << ": " << r.body.substr(0, 300);
        EXPECT_NE(r.body.find(bad.says), std::string::npos) << bad.path.substr(0, 80) << ": " << r.body.substr(0, 300);
        EXPECT_EQ(r.headers["Content-Type"], "application/json");
    }

    // Retention removes the journey: its trace says it was pruned, not "unknown".
    runner.store().prune(host::RetentionSettings{}, host::system_clock_ms() + 31LL * 24 * 60 * 60 * 1000);
    auto pruned = admin(port, "GET", "/api/trace/order/700001");
    ASSERT_EQ(pruned.status, 200) << pruned.body;
    auto journey = json_of(pruned).at("journeys").as_array()[0].as_object();
    EXPECT_TRUE(journey.at("events").as_array().empty()) << pruned.body;
    EXPECT_TRUE(journey.at("pruned_before").is_int64()) << pruned.body;
    service.stop();
    service.wait();
}
