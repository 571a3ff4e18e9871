#pragma once
// A key and a self-signed certificate made at test time with OpenSSL's C API, so no
// key material is checked in and every run trusts a certificate nobody else has.

#include <filesystem>
#include <string>
#include <vector>

namespace skarv::test {

struct SelfSignedCertificate {
    std::filesystem::path key_file;    // PEM, unencrypted
    std::filesystem::path cert_file;   // PEM; also what a client trusts (SSL_CERT_FILE)
};

// Writes <dir>/<name>.key and <dir>/<name>.pem: a P-256 key and a certificate valid
// for a day whose subjectAltName lists `alt_names`, each "DNS:..." or "IP:...".
// Throws std::runtime_error with OpenSSL's reason if anything fails.
SelfSignedCertificate make_self_signed_certificate(const std::filesystem::path& dir, const std::string& name,
                                                   const std::vector<std::string>& alt_names);

}  // namespace skarv::test
