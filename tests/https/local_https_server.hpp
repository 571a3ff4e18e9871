#pragma once
// An HTTPS server on 127.0.0.1 for the client's TLS tests: Poco's HTTPServer over a
// SecureServerSocket with a certificate the test made. Every request it manages to read
// is recorded and echoed back as JSON, so a test can tell "refused before sending"
// (nothing recorded) from "sent and answered". It also records which connection each
// request came on and whether that connection resumed an earlier TLS session; a request
// for /close is answered with "Connection: close".

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace skarv::test {

struct ReceivedRequest {
    std::string method;
    std::string uri;    // path and query, as sent
    std::string body;
    std::string connection;   // the client's address and port: one per TCP connection
    bool tls_resumed = false;   // the connection's handshake resumed an earlier session
};

class LocalHttpsServer {
public:
    // Listens on 127.0.0.1 at a free port, presenting cert_file (PEM) with key_file.
    LocalHttpsServer(const std::filesystem::path& key_file, const std::filesystem::path& cert_file);
    ~LocalHttpsServer();
    LocalHttpsServer(const LocalHttpsServer&) = delete;
    LocalHttpsServer& operator=(const LocalHttpsServer&) = delete;

    uint16_t port() const;
    std::vector<ReceivedRequest> received() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace skarv::test
