#include "self_signed_certificate.hpp"

#include <cstdint>
#include <cstdio>
#include <memory>
#include <stdexcept>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace skarv::test {
namespace {

template <typename T, void (*Free)(T*)>
struct Deleter {
    void operator()(T* p) const { Free(p); }
};
using Key = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using Cert = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using Extension = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION, X509_EXTENSION_free>>;

[[noreturn]] void fail(const std::string& what) {
    char reason[256] = "no OpenSSL reason";
    if (auto code = ERR_get_error()) ERR_error_string_n(code, reason, sizeof reason);
    throw std::runtime_error("making a test certificate: " + what + ": " + reason);
}

void check(int ok, const char* what) {
    if (ok != 1) fail(what);
}

void add_extension(X509* cert, int nid, const std::string& value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    Extension ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()));
    if (!ext) fail("extension " + value);
    check(X509_add_ext(cert, ext.get(), -1), "X509_add_ext");
}

template <typename Write>
void write_pem(const std::filesystem::path& path, Write write) {
    std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "w"), &std::fclose);
    if (!file) throw std::runtime_error("making a test certificate: cannot write " + path.string());
    if (write(file.get()) != 1) fail("writing " + path.string());
}

}  // namespace

SelfSignedCertificate make_self_signed_certificate(const std::filesystem::path& dir, const std::string& name,
                                                   const std::vector<std::string>& alt_names) {
    Key key(EVP_EC_gen("P-256"));
    if (!key) fail("EVP_EC_gen");

    Cert cert(X509_new());
    if (!cert) fail("X509_new");
    check(X509_set_version(cert.get(), 2), "X509_set_version");   // 2 means v3
    // A fresh serial per certificate: a client that cached one certificate under
    // (issuer, serial) must not mistake the next test's for it.
    uint32_t serial = 0;
    check(RAND_bytes(reinterpret_cast<unsigned char*>(&serial), sizeof serial), "RAND_bytes");
    check(ASN1_INTEGER_set_int64(X509_get_serialNumber(cert.get()), int64_t{serial} + 1), "serial");
    if (!X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60)) fail("notBefore");
    if (!X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24 * 3600)) fail("notAfter");

    X509_NAME* subject = X509_get_subject_name(cert.get());
    const std::string common_name = "skarv test " + name;
    check(X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8,
                                     reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1, 0),
          "subject");
    check(X509_set_issuer_name(cert.get(), subject), "issuer");
    check(X509_set_pubkey(cert.get(), key.get()), "X509_set_pubkey");

    std::string san;
    for (const auto& n : alt_names) san += (san.empty() ? "" : ",") + n;
    add_extension(cert.get(), NID_subject_alt_name, san);
    add_extension(cert.get(), NID_basic_constraints, "critical,CA:FALSE");
    add_extension(cert.get(), NID_key_usage, "critical,digitalSignature");
    add_extension(cert.get(), NID_ext_key_usage, "serverAuth");
    if (X509_sign(cert.get(), key.get(), EVP_sha256()) <= 0) fail("X509_sign");

    SelfSignedCertificate out{dir / (name + ".key"), dir / (name + ".pem")};
    write_pem(out.key_file, [&](FILE* f) {
        return PEM_write_PrivateKey(f, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    });
    write_pem(out.cert_file, [&](FILE* f) { return PEM_write_X509(f, cert.get()); });
    return out;
}

}  // namespace skarv::test
