// The listener's own TLS: HTTPS with a certificate made at test time, a renewed
// certificate served after SIGHUP without a restart (a broken one is refused and the old
// one kept), and plain HTTP refused on a non-loopback address unless allowed.
#include <gtest/gtest.h>

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Net/X509Certificate.h>

#include "../flow/flow_fixture.hpp"
#include "../https/self_signed_certificate.hpp"
#include "service_http.hpp"
#include "skarv/host/config/host_config.hpp"
#include "skarv/host/service/service.hpp"

using namespace skarv;
namespace fs = std::filesystem;

namespace {

struct HttpsAnswer {
    int status = 0;
    std::string body;
    std::string certificate_name;   // the common name of what the server presented
};

// Trusts only `ca_file`, and checks that the certificate names 127.0.0.1.
HttpsAnswer https_get(uint16_t port, const std::string& path, const fs::path& ca_file) {
    Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", ca_file.string(),
                                                             Poco::Net::Context::VERIFY_STRICT, 9, false);
    Poco::Net::HTTPSClientSession session("127.0.0.1", port, context);
    session.setTimeout(Poco::Timespan(20, 0));
    Poco::Net::HTTPRequest req("GET", path, Poco::Net::HTTPMessage::HTTP_1_1);
    req.set("Authorization", test::bearer());
    session.sendRequest(req);
    Poco::Net::HTTPResponse res;
    HttpsAnswer out;
    Poco::StreamCopier::copyToString(session.receiveResponse(res), out.body);
    out.status = static_cast<int>(res.getStatus());
    out.certificate_name = session.serverCertificate().commonName();
    return out;
}

}  // namespace

TEST(TlsListener, ServesHttpsAndPicksUpARenewedCertificateOnReload) {
    test::FlowFixture f("tls");
    fs::create_directories(f.root / "issued-1");
    fs::create_directories(f.root / "issued-2");
    auto first = test::make_self_signed_certificate(f.root / "issued-1", "listener", {"IP:127.0.0.1", "DNS:localhost"});
    fs::create_directories(f.root / "tls");
    fs::copy_file(first.cert_file, f.root / "tls" / "cert.pem");
    fs::copy_file(first.key_file, f.root / "tls" / "key.pem");
    auto config = f.config("erp");
    test::configure_admin(config, {{"tls", {{"certificate", (f.root / "tls" / "cert.pem").string()},
                                            {"key", (f.root / "tls" / "key.pem").string()}}}});
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    host::SyncRunner runner(config, logger);
    host::ServiceOptions options;
    options.port = 0;
    host::Service service(runner, logger, options);
    auto port = service.start();
    EXPECT_TRUE(service.tls());
    EXPECT_NE(log.str().find("listening on https://127.0.0.1:"), std::string::npos);

    // Clients that connect and never start the handshake do not hold up the others.
    std::vector<Poco::Net::StreamSocket> silent;
    for (int i = 0; i < 3; ++i) silent.emplace_back(Poco::Net::SocketAddress("127.0.0.1", port));
    auto answer = https_get(port, "/api/connections", first.cert_file);
    EXPECT_EQ(answer.status, 200) << answer.body;
    EXPECT_EQ(answer.certificate_name, "skarv test listener");
    // Plain HTTP on the TLS port gets no answer.
    EXPECT_ANY_THROW(test::send(port, {"GET", "/health"}));

    // A renewal writes new files in place; SIGHUP (request_reload) serves them.
    auto second = test::make_self_signed_certificate(f.root / "issued-2", "renewed", {"IP:127.0.0.1"});
    fs::copy_file(second.cert_file, f.root / "tls" / "cert.pem", fs::copy_options::overwrite_existing);
    fs::copy_file(second.key_file, f.root / "tls" / "key.pem", fs::copy_options::overwrite_existing);
    service.request_reload();
    ASSERT_TRUE(test::eventually([&] { return log.str().find("TLS certificate reloaded") != std::string::npos; })) << log.str();
    answer = https_get(port, "/health", second.cert_file);
    EXPECT_EQ(answer.status, 200);
    EXPECT_EQ(answer.certificate_name, "skarv test renewed");
    // The old certificate is no longer trusted by itself: the client refuses the new one.
    EXPECT_ANY_THROW(https_get(port, "/health", first.cert_file));

    // A key that does not match is refused; the renewed pair stays in service.
    fs::copy_file(first.key_file, f.root / "tls" / "key.pem", fs::copy_options::overwrite_existing);
    service.request_reload();
    ASSERT_TRUE(test::eventually([&] { return log.str().find("still serving the previous certificate") != std::string::npos; }))
        << log.str();
    EXPECT_NE(log.str().find("does not belong to the certificate"), std::string::npos);
    EXPECT_EQ(https_get(port, "/health", second.cert_file).certificate_name, "skarv test renewed");
    service.stop();
    service.wait();
}

TEST(TlsListener, PlainHttpOnANonLoopbackAddressNeedsExplicitConsent) {
    test::FlowFixture f("tls-plain");
    auto config = f.config("erp");
    test::configure_admin(config);
    std::ostringstream log;
    host::Logger logger(log, SKARV_LOG_INFO);
    {
        host::SyncRunner runner(config, logger);
        host::ServiceOptions options;
        options.bind = "0.0.0.0";
        options.port = 0;
        host::Service service(runner, logger, options);
        try {
            service.start();
            ADD_FAILURE() << "plain HTTP on 0.0.0.0 was accepted";
        } catch (const std::runtime_error& e) {
            EXPECT_NE(std::string(e.what()).find("refusing plain HTTP on 0.0.0.0"), std::string::npos) << e.what();
        }
    }
    // A certificate path that does not exist is a configuration problem, named by its path.
    test::configure_admin(config, {{"tls", {{"certificate", (f.root / "missing.pem").string()}, {"key", (f.root / "missing.key").string()}}}});
    auto problems = host::load_host_config(config).problems;
    ASSERT_EQ(problems.size(), 2u);
    EXPECT_EQ(problems[0].to_string(), "http.tls.certificate: cannot read " + (f.root / "missing.pem").string());

    test::configure_admin(config, {{"allow_plain_http", true}});
    host::SyncRunner runner(config, logger);
    host::ServiceOptions options;
    options.bind = "0.0.0.0";
    options.port = 0;
    host::Service service(runner, logger, options);
    auto port = service.start();
    EXPECT_EQ(test::send(port, {"GET", "/health"}).status, 200);
    service.stop();
    service.wait();
}
