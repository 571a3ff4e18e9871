// skarv::HttpClient over real TLS: a local HTTPS server with a certificate made by the
// test, trusted (or not) the way an operator would do it, through OpenSSL's standard
// SSL_CERT_FILE. Nothing sets up Poco's SSLManager or calls initializeSSL(): a plugin
// gets none of that from the host either.

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "local_https_server.hpp"
#include "self_signed_certificate.hpp"
#include "skarv/http_client.hpp"

namespace fs = std::filesystem;
using skarv::test::LocalHttpsServer;
using skarv::test::make_self_signed_certificate;

namespace {

// Sets (or unsets, with nullopt) an environment variable for one test.
class ScopedEnv {
public:
    ScopedEnv(const char* name, const std::optional<std::string>& value) : name_(name) {
        if (const char* old = std::getenv(name)) old_ = old;
        if (value) ::setenv(name, value->c_str(), 1);
        else ::unsetenv(name);
    }
    ~ScopedEnv() {
        if (old_) ::setenv(name_, old_->c_str(), 1);
        else ::unsetenv(name_);
    }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
    const char* name_;
    std::optional<std::string> old_;
};

class HttpClientTls : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("skarv-https-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "-" +
                std::to_string(::getpid()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    fs::path dir_;
};

// The classified error a request ends in; fails the test if it does not throw one.
skarv::PluginError error_of(const std::function<void()>& call) {
    try {
        call();
    } catch (const skarv::PluginError& e) {
        return e;
    }
    ADD_FAILURE() << "the request succeeded, but it should have been refused";
    return skarv::PluginError(SKARV_OK, "", "");
}

TEST_F(HttpClientTls, GetAndPostSucceedWhenTheCertificateIsTrusted) {
    auto cert = make_self_signed_certificate(dir_, "server", {"DNS:localhost", "IP:127.0.0.1"});
    LocalHttpsServer server(cert.key_file, cert.cert_file);
    ScopedEnv trust("SSL_CERT_FILE", cert.cert_file.string());

    for (std::string host : {"127.0.0.1", "localhost"}) {
        SCOPED_TRACE(host);
        skarv::HttpClient client("https://" + host + ":" + std::to_string(server.port()) + "/api",
                                 std::chrono::seconds(10));

        auto got = client.request("GET", "/orders?since=2026-11-01");
        EXPECT_EQ(got.status, 200);
        auto echoed = boost::json::parse(got.body).as_object();
        EXPECT_EQ(echoed.at("method").as_string(), "GET");
        EXPECT_EQ(echoed.at("uri").as_string(), "/api/orders?since=2026-11-01");

        const std::string order = R"({"id":"100234","total":"1249.00"})";
        auto posted = client.request("POST", "/orders", order);
        EXPECT_EQ(posted.status, 200);
        EXPECT_EQ(boost::json::parse(posted.body).at("body").as_string(), order);
    }

    // What the server itself read, not only what came back: both hosts' GET and POST,
    // the body byte for byte.
    auto received = server.received();
    ASSERT_EQ(received.size(), 4u);
    EXPECT_EQ(received[1].method, "POST");
    EXPECT_EQ(received[1].uri, "/api/orders");
    EXPECT_EQ(received[1].body, R"({"id":"100234","total":"1249.00"})");
    EXPECT_EQ(received[3].body, received[1].body);
}

TEST_F(HttpClientTls, AnUntrustedCertificateIsRefusedBeforeAnythingIsSent) {
    auto cert = make_self_signed_certificate(dir_, "server", {"DNS:localhost", "IP:127.0.0.1"});
    LocalHttpsServer server(cert.key_file, cert.cert_file);
    // The system's own trust store, which has never seen this certificate.
    ScopedEnv file("SSL_CERT_FILE", std::nullopt);
    ScopedEnv dir("SSL_CERT_DIR", std::nullopt);

    skarv::HttpClient client("https://127.0.0.1:" + std::to_string(server.port()), std::chrono::seconds(10));
    auto e = error_of([&] { client.request("POST", "/orders?key=SECRET-KEY-123", "{}", {}, "application/json", "order 100234"); });

    EXPECT_EQ(e.status(), SKARV_ERR_INVALID) << e.what();   // configuration, not a passing fault
    EXPECT_EQ(e.code(), "tls_certificate") << e.what();
    std::string message = e.what();
    EXPECT_NE(message.find("127.0.0.1"), std::string::npos) << message;   // names the host
    EXPECT_NE(message.find("order 100234"), std::string::npos) << message;
    EXPECT_NE(message.find("self-signed"), std::string::npos) << message;   // and OpenSSL's reason
    EXPECT_NE(message.find("SSL_CERT_FILE"), std::string::npos) << message;   // and the way out
    EXPECT_EQ(message.find("SECRET"), std::string::npos) << message;
    EXPECT_EQ(message.find("key="), std::string::npos) << message;
    EXPECT_TRUE(server.received().empty()) << "the order went to a server nobody vouched for";
}

TEST_F(HttpClientTls, ATrustedCertificateForAnotherHostIsRefused) {
    auto cert = make_self_signed_certificate(dir_, "elsewhere", {"DNS:api.elsewhere.invalid"});
    LocalHttpsServer server(cert.key_file, cert.cert_file);
    ScopedEnv trust("SSL_CERT_FILE", cert.cert_file.string());

    // Loopback gets no exemption from the host-name check: a DNS name and an address.
    for (std::string host : {"localhost", "127.0.0.1"}) {
        SCOPED_TRACE(host);
        skarv::HttpClient client("https://" + host + ":" + std::to_string(server.port()), std::chrono::seconds(10));
        auto e = error_of([&] { client.request("GET", "/orders?token=SECRET"); });
        EXPECT_EQ(e.status(), SKARV_ERR_INVALID) << e.what();
        EXPECT_EQ(e.code(), "tls_certificate") << e.what();
        std::string message = e.what();
        EXPECT_NE(message.find(host), std::string::npos) << message;
        EXPECT_NE(message.find("mismatch"), std::string::npos) << message;
        EXPECT_EQ(message.find("SECRET"), std::string::npos) << message;
    }
    EXPECT_TRUE(server.received().empty());
}

TEST_F(HttpClientTls, EachClientReadsTheTrustStoreWhenItIsMade) {
    auto first = make_self_signed_certificate(dir_, "first", {"IP:127.0.0.1"});
    auto second = make_self_signed_certificate(dir_, "second", {"IP:127.0.0.1"});
    LocalHttpsServer first_server(first.key_file, first.cert_file);
    LocalHttpsServer second_server(second.key_file, second.cert_file);
    auto url = [](const LocalHttpsServer& s) { return "https://127.0.0.1:" + std::to_string(s.port()); };

    std::optional<skarv::HttpClient> made_trusting_first;
    {
        ScopedEnv trust("SSL_CERT_FILE", first.cert_file.string());
        made_trusting_first.emplace(url(first_server), std::chrono::seconds(10));
        EXPECT_EQ(made_trusting_first->request("GET", "/ping").status, 200);
    }
    // A later client sees a changed SSL_CERT_FILE (a renewed bundle after a reload)...
    ScopedEnv trust("SSL_CERT_FILE", second.cert_file.string());
    skarv::HttpClient second_client(url(second_server), std::chrono::seconds(10));
    EXPECT_EQ(second_client.request("GET", "/ping").status, 200);
    skarv::HttpClient first_by_second_trust(url(first_server), std::chrono::seconds(10));
    EXPECT_EQ(error_of([&] { first_by_second_trust.request("GET", "/ping"); }).code(), "tls_certificate");
    // ...while one made earlier keeps the trust it was made with.
    EXPECT_EQ(made_trusting_first->request("GET", "/again").status, 200);

    ASSERT_EQ(first_server.received().size(), 2u);
    EXPECT_EQ(first_server.received()[1].uri, "/again");
    EXPECT_EQ(second_server.received().size(), 1u);
}

}  // namespace

namespace {

TEST_F(HttpClientTls, RequestsShareAConnectionAndANewConnectionResumesTheTlsSession) {
    auto cert = make_self_signed_certificate(dir_, "server", {"IP:127.0.0.1"});
    LocalHttpsServer server(cert.key_file, cert.cert_file);
    ScopedEnv trust("SSL_CERT_FILE", cert.cert_file.string());
    skarv::HttpClient client("https://127.0.0.1:" + std::to_string(server.port()), std::chrono::seconds(10));

    EXPECT_EQ(client.request("GET", "/first").status, 200);
    EXPECT_EQ(client.request("POST", "/second", R"({"n":2})").status, 200);
    EXPECT_EQ(client.request("GET", "/close").status, 200);   // the server ends that connection
    EXPECT_EQ(client.request("GET", "/after").status, 200);
    EXPECT_EQ(client.request("GET", "/again").status, 200);

    auto received = server.received();
    ASSERT_EQ(received.size(), 5u);
    // One connection until the server closed it, with one full handshake...
    EXPECT_EQ(received[1].connection, received[0].connection);
    EXPECT_EQ(received[2].connection, received[0].connection);
    EXPECT_FALSE(received[0].tls_resumed);
    // ...then a second one, which resumed the first one's TLS session, and is kept too.
    EXPECT_NE(received[3].connection, received[0].connection);
    EXPECT_TRUE(received[3].tls_resumed) << "the second connection made a full handshake";
    EXPECT_EQ(received[4].connection, received[3].connection);
    EXPECT_EQ(received[1].body, R"({"n":2})");
}

}  // namespace
