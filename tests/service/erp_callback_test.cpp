// Specter's actionNewInvoice callback into a running `skarv run`: the order goes from
// Norce into Specter, Specter invoices it and calls /callback/{connection}/{secret}; the
// invoiced status, with its capture, must reach Norce's order. A callback the store
// cannot take is answered 5xx, so Specter is never told a lost event was taken.
#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>
#include <SQLiteCpp/Database.h>

#include "skarv/host/flow/sync_runner.hpp"
#include "skarv/host/service/service.hpp"
#include "skarv/sandbox/jetshop_emulator.hpp"
#include "skarv/sandbox/specter_emulator.hpp"

namespace fs = std::filesystem;
using skarv::sandbox::JetshopEmulator;
using skarv::sandbox::SpecterEmulator;

namespace {

struct Reply {
    int status;
    std::string body;
};
Reply http(uint16_t port, const std::string& method, const std::string& path) {
    Poco::Net::HTTPClientSession session("127.0.0.1", port);
    Poco::Net::HTTPRequest req(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    req.setContentLength(0);
    session.sendRequest(req);
    Poco::Net::HTTPResponse res;
    std::string out;
    Poco::StreamCopier::copyToString(session.receiveResponse(res), out);
    return {static_cast<int>(res.getStatus()), out};
}
template <class Pred>
bool eventually(Pred pred, int tries = 400) {
    for (int i = 0; i < tries; ++i) {
        if (pred()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    return false;
}
int64_t ore(const boost::json::value& v) {
    if (v.is_int64()) return v.get_int64() * 100;
    if (v.is_double()) return std::llround(v.get_double() * 100.0);
    return -1;
}
skarv::sandbox::SeedOptions seed() {
    skarv::sandbox::SeedOptions s;
    s.products = 3;
    s.variants_per_product = 1;
    s.channels = 1;
    s.orders = 0;
    return s;
}

const std::string kSecret = "cb-5ecret-0123456789abcdef";

struct ErpCallback : ::testing::Test {
    SpecterEmulator erp{[] {
        SpecterEmulator::Options o;
        o.seed = seed();
        o.today = "2026-11-23";
        return o;
    }()};
    // The service's port is chosen first: Norce needs its push URL when it starts.
    uint16_t port = [] {
        Poco::Net::ServerSocket probe(Poco::Net::SocketAddress("127.0.0.1", 0));
        return probe.address().port();
    }();
    JetshopEmulator shop{[this] {
        JetshopEmulator::Options o;
        o.seed = seed();
        o.push_seed_orders = false;
        o.erp_push_url = "http://127.0.0.1:" + std::to_string(port) + "/push/butik-erp/1";
        o.erp_push_user = "shop";
        o.erp_push_password = "humle";
        o.push_retry_ms = 50;
        return o;
    }()};
    fs::path root = fs::temp_directory_path() / ("skarv-erp-callback-" + std::to_string(::getpid()));
    std::ostringstream log;
    skarv::host::Logger logger{log, SKARV_LOG_INFO};

    void SetUp() override {
        erp.start();
        shop.start();
        fs::remove_all(root);
        fs::create_directories(root / "plugins");
        fs::copy_file(SKARV_SPECTER_PLUGIN, root / "plugins" / "specter.so");
        fs::copy_file(SKARV_JETSHOP_PLUGIN, root / "plugins" / "jetshop.so");
    }
    void TearDown() override { fs::remove_all(root); }

    std::string config() const {
        boost::json::array apps;
        const auto state = shop.state();
        for (const auto& a : state.at("applications").as_array()) {
            const auto& o = a.as_object();
            apps.push_back({{"channel", o.at("ApplicationId")}, {"application_id", o.at("ApplicationId")},
                            {"application_key", o.at("ApplicationKey")}, {"price_list", o.at("PriceListCode")},
                            {"currency", o.at("CurrencyCode")}, {"culture", o.at("CultureCode")},
                            {"sales_area_id", o.at("SalesAreaId")}});
        }
        JetshopEmulator::Options defaults;
        boost::json::object norce{{"plugin", "jetshop"}, {"base_url", shop.base_url()},
                                  {"client_id", defaults.client_id}, {"client_secret", defaults.client_secret},
                                  {"account_id", 1},
                                  {"applications", apps},
                                  {"push", {{"user", "shop"}, {"password", "humle"}}},
                                  {"release_statuses", {"Created", "Confirmed"}},
                                  {"timeouts", {{"request_ms", 5000}, {"job_wait_ms", 20000}, {"job_poll_ms", 20}}}};
        const auto& o = erp.options();
        boost::json::object specter{{"plugin", "specter"}, {"base_url", erp.base_url()}, {"sbm_id", o.sbm_id},
                                    {"api_user_id", o.api_user_id}, {"api_user_key", o.api_user_key},
                                    {"integration_key", o.integration_key}, {"timeout_ms", 5000},
                                    {"callback_url", "http://127.0.0.1:1/callback/butik-erp/" + kSecret}};
        boost::json::object schedule{{"orders", 3600}, {"status", 3600}, {"products", 3600}, {"prices", 3600},
                                     {"pricelists", 3600}, {"stock", 3600}};
        boost::json::object doc{{"plugin_dirs", {(root / "plugins").string()}},
                                {"state_db", (root / "state.db").string()},
                                {"connections", {{{"name", "butik-erp"}, {"flow", "erp"}, {"shop", norce},
                                                  {"erp", specter}, {"schedule", schedule}}}}};
        auto path = root / "skarv.json";
        std::ofstream(path) << boost::json::serialize(doc);
        return path.string();
    }
};

}  // namespace

TEST_F(ErpCallback, InvoiceCallbackReachesNorceAsACapture) {
    skarv::host::SyncRunner runner(config(), logger);
    skarv::host::ServiceOptions options;
    options.port = port;
    skarv::host::Service service(runner, logger, options);
    ASSERT_EQ(service.start(), port);
    // After the start-up passes, so the order arrives by Norce's push (which carries the
    // payment reference), not by a read that could come first.
    ASSERT_TRUE(eventually([&] { return service.passes_run() >= 6; })) << log.str();
    const std::string ref = shop.create_order(boost::json::object{
        {"ApplicationId", 1}, {"PaymentMethod", "klarna"}, {"PaymentRef", "klarna-cb-1"}, {"FreightIncVat", 49}});
    // Norce pushes the order; the host queues it and writes it to Specter at once.
    ASSERT_TRUE(eventually([&] { return erp.order_by_external_no(ref).has_value(); })) << log.str();
    auto order = *erp.order_by_external_no(ref);
    std::string invoice_no = erp.invoice(order.order_no);

    std::string query = "?calltype=2&orderId=" + order.order_no + "&invoiceId=" + invoice_no + "&invoiceSource=S";
    EXPECT_EQ(http(port, "GET", "/callback/butik-erp/wrong-secret-0123456789" + query).status, 404);
    EXPECT_EQ(http(port, "GET", "/callback/nope/" + kSecret + query).status, 404);
    auto ok = http(port, "GET", "/callback/butik-erp/" + kSecret + query);
    EXPECT_EQ(ok.status, 200) << ok.body << log.str();
    EXPECT_EQ(ok.body, "1;Done");

    auto norce_order = [&] { return shop.state().at("orders").at(ref).as_object(); };
    ASSERT_TRUE(eventually([&] { return !norce_order().at("Captures").as_array().empty(); })) << log.str();
    auto o = norce_order();
    EXPECT_EQ(o.at("Captures").at(0).at("Result"), "Captured");
    EXPECT_EQ(o.at("Captures").at(0).at("PaymentRef"), "klarna-cb-1");
    EXPECT_EQ(ore(o.at("Captured")), ore(o.at("TotalIncVat")));
    EXPECT_EQ(ore(o.at("Captured")), order.total_inc_vat) << "Specter's total equals the shop's to the öre";
    EXPECT_EQ(o.at("Invoices").at(0).at("InvoiceNo"), invoice_no.c_str());
    EXPECT_EQ(log.str().find(kSecret), std::string::npos) << "the secret never reaches the log";
    service.stop();
    service.wait();
}

TEST_F(ErpCallback, ACallbackTheStoreCannotTakeIsAnswered5xx) {
    skarv::host::SyncRunner runner(config(), logger);
    skarv::host::ServiceOptions options;
    options.port = port;
    skarv::host::Service service(runner, logger, options);
    ASSERT_EQ(service.start(), port);
    // After the start-up passes, so the order arrives by Norce's push (which carries the
    // payment reference), not by a read that could come first.
    ASSERT_TRUE(eventually([&] { return service.passes_run() >= 6; })) << log.str();
    const std::string ref = shop.create_order(boost::json::object{
        {"ApplicationId", 1}, {"PaymentMethod", "klarna"}, {"PaymentRef", "klarna-cb-2"}});
    ASSERT_TRUE(eventually([&] { return erp.order_by_external_no(ref).has_value(); })) << log.str();
    auto order = *erp.order_by_external_no(ref);
    std::string invoice_no = erp.invoice(order.order_no);
    {
        // The work queue is gone from under the service: nothing can be queued.
        // A busy timeout: the service's lanes may be mid-commit, and a lock met without
        // waiting failed this step now and then ("database is locked").
        SQLite::Database db((root / "state.db").string(), SQLite::OPEN_READWRITE, 10000);
        db.exec("DROP TABLE work_queue");
    }
    auto r = http(port, "GET", "/callback/butik-erp/" + kSecret + "?calltype=2&orderId=" + order.order_no +
                                   "&invoiceId=" + invoice_no + "&invoiceSource=S");
    EXPECT_GE(r.status, 500) << r.body;
    EXPECT_LT(r.status, 600);
    EXPECT_NE(log.str().find("ERP callback not queued"), std::string::npos) << log.str();
    EXPECT_TRUE(shop.state().at("orders").at(ref).at("Captures").as_array().empty());
    service.stop();
    service.wait();
}
