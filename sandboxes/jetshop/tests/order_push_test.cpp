#include "jetshop_test_client.hpp"

#include <atomic>
#include <mutex>
#include <vector>

#include <Poco/Base64Encoder.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>

using namespace jetshop_test;

namespace {

// A stand-in ERP order receiver: the first `failures` requests get `failure_status`
// (or a 200 with StatusCode "Failed"), the rest an OrderResponse with StatusCode "OK".
struct FakeErp {
    struct Received {
        std::string authorization, content_type, body;
    };
    int failures = 1;
    int failure_status = 500;
    std::mutex mu;
    std::vector<Received> received;
    std::atomic<int> count{0};

    class Handler : public Poco::Net::HTTPRequestHandler {
    public:
        explicit Handler(FakeErp& erp) : erp_(erp) {}
        void handleRequest(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& resp) override {
            Received r;
            r.authorization = req.get("Authorization", "");
            r.content_type = req.getContentType();
            Poco::StreamCopier::copyToString(req.stream(), r.body);
            const int n = erp_.count++;
            {
                std::lock_guard lock(erp_.mu);
                erp_.received.push_back(r);
            }
            resp.setContentType("application/json");
            std::string body;
            if (n < erp_.failures && erp_.failure_status != 200) {
                resp.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(erp_.failure_status));
                body = "ERP is down";
            } else if (n < erp_.failures) {
                body = R"({"HasErpOrderNo":false,"StatusCode":"Failed","Description":"customer locked","ErpOrderNo":""})";
            } else {
                const auto ref = json::parse(r.body).at("ClientOrderRef").as_string();
                body = R"({"HasErpOrderNo":true,"StatusCode":"OK","Description":"queued","ErpOrderNo":"E-)" +
                       std::string(ref) + "\"}";
            }
            resp.sendBuffer(body.data(), body.size());
        }

    private:
        FakeErp& erp_;
    };
    class Factory : public Poco::Net::HTTPRequestHandlerFactory {
    public:
        explicit Factory(FakeErp& erp) : erp_(erp) {}
        Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
            return new Handler(erp_);
        }

    private:
        FakeErp& erp_;
    };

    std::unique_ptr<Poco::Net::HTTPServer> server;
    std::string start() {
        Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
        const auto port = socket.address().port();
        server = std::make_unique<Poco::Net::HTTPServer>(new Factory(*this), socket, new Poco::Net::HTTPServerParams);
        server->start();
        return "http://127.0.0.1:" + std::to_string(port) + "/erp/orders";
    }
    ~FakeErp() {
        if (server) server->stopAll(true);
    }
};

std::string basic(const std::string& user, const std::string& pass) {
    std::ostringstream out;
    Poco::Base64Encoder enc(out);
    enc << user << ":" << pass;
    enc.close();
    return "Basic " + out.str();
}

class SandboxJetshopPush : public Fixture {
protected:
    JetshopEmulator::Options options(const std::string& url, int orders) {
        JetshopEmulator::Options o;
        o.seed.orders = orders;
        o.erp_push_url = url;
        o.erp_push_user = "erp";
        o.erp_push_password = "erp-pass";
        o.push_retry_ms = 200;
        return o;
    }
    std::vector<std::string> new_orders() {
        std::vector<std::string> refs;
        const json::value s = state();   // the loop must not walk a temporary
        for (const auto& kv : s.at("orders").as_object())
            if (kv.value().at("Push").at("Wanted").as_bool()) refs.emplace_back(kv.key());
        return refs;
    }
};

}  // namespace

TEST_F(SandboxJetshopPush, SeededNewOrdersArePushedAndRetriedUntilOk) {
    FakeErp erp;
    erp.failures = 1;
    boot(options(erp.start(), 6));
    const auto refs = new_orders();
    ASSERT_FALSE(refs.empty());
    ASSERT_TRUE(eventually([&] {
        for (const auto& r : refs)
            if (!emu->push_delivered(r)) return false;
        return true;
    })) << json::serialize(state().at("push"));

    // One 500, then OK for everyone: exactly one order needed a second attempt.
    int retried = 0;
    for (const auto& ref : refs) {
        const auto push = state().at("orders").at(ref).at("Push").as_object();
        const auto& attempts = push.at("Attempts").as_array();
        if (attempts.size() == 2) {
            ++retried;
            EXPECT_EQ(attempts.at(0).at("HttpStatus").as_int64(), 500);
            EXPECT_EQ(attempts.at(1).at("StatusCode").as_string(), "OK");
        } else {
            EXPECT_EQ(attempts.size(), 1u);
        }
        EXPECT_EQ(state().at("orders").at(ref).at("ErpOrderNo").as_string(), "E-" + ref);
    }
    EXPECT_EQ(retried, 1);

    std::lock_guard lock(erp.mu);
    ASSERT_EQ(erp.received.size(), refs.size() + 1);
    for (const auto& r : erp.received) {
        EXPECT_EQ(r.authorization, basic("erp", "erp-pass"));
        EXPECT_NE(r.content_type.find("application/json"), std::string::npos);
        const auto req = json::parse(r.body).as_object();
        EXPECT_FALSE(req.at("Header").at("ApplicationKey").as_string().empty());
        EXPECT_FALSE(req.at("Items").as_array().empty());
        EXPECT_FALSE(req.at("Payments").as_array().at(0).at("PaymentRef").as_string().empty());
        EXPECT_TRUE(req.at("SellTo").at("Person").as_object().contains("Email"));
    }
}

TEST_F(SandboxJetshopPush, AFailedOrderResponseIsRetriedToo) {
    FakeErp erp;
    erp.failures = 2;
    erp.failure_status = 200;   // 200 with StatusCode "Failed"
    boot(options(erp.start(), 0));
    const std::string ref = emu->create_order({{"Items", json::array{json::object{{"PartNo", "A1001-1"}, {"Quantity", 2}}}}});
    ASSERT_TRUE(eventually([&] { return emu->push_delivered(ref); }));
    EXPECT_EQ(emu->push_attempts(ref), 3);
    const auto attempts = state().at("orders").at(ref).at("Push").at("Attempts").as_array();
    EXPECT_EQ(attempts.at(0).at("StatusCode").as_string(), "Failed");
    EXPECT_EQ(attempts.at(0).at("Description").as_string(), "customer locked");
    // Retry spacing follows push_retry_ms (200 ms), not a tight loop.
    EXPECT_EQ(erp.count.load(), 3);
}

TEST_F(SandboxJetshopPush, GivesUpAfterMaxAttemptsWhenConfigured) {
    FakeErp erp;
    erp.failures = 1000;
    auto o = options(erp.start(), 0);
    o.push_max_attempts = 2;
    boot(o);
    const std::string ref = emu->create_order({});
    ASSERT_TRUE(eventually([&] { return state().at("orders").at(ref).at("Push").at("GivenUp").as_bool(); }));
    EXPECT_EQ(emu->push_attempts(ref), 2);
    EXPECT_FALSE(emu->push_delivered(ref));
}

TEST_F(SandboxJetshopPush, ControlEndpointAddsAnOrderThatIsPushed) {
    FakeErp erp;
    erp.failures = 0;
    boot(options(erp.start(), 0));
    const Reply r = call(base, "POST", "/_control/orders",
                         R"({"ApplicationId":2,"Items":[{"PartNo":"A1002-1","Quantity":1}],"FreightIncVat":49})");
    ASSERT_EQ(r.status, 201) << r.body;
    const std::string ref(r.json().at("ClientOrderRef").as_string());
    EXPECT_EQ(r.json().at("CurrencyCode").as_string(), "NOK");
    ASSERT_TRUE(eventually([&] { return emu->push_delivered(ref); }));
    std::lock_guard lock(erp.mu);
    const auto req = json::parse(erp.received.back().body).as_object();
    EXPECT_EQ(req.at("ClientOrderRef").as_string(), ref);
    EXPECT_EQ(req.at("CurrencyCode").as_string(), "NOK");
    EXPECT_EQ(req.at("Items").as_array().size(), 2u) << "the SKU and the freight line";
    EXPECT_EQ(call(base, "POST", "/_control/orders", R"({"Items":[{"PartNo":"NOPE"}]})").status, 400);
}
