#include "tls_listener.hpp"

#include <stdexcept>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

namespace skarv::host {

struct TlsListener::Pair {
    X509* leaf = nullptr;
    STACK_OF(X509)* chain = nullptr;
    EVP_PKEY* key = nullptr;
    ~Pair() {
        X509_free(leaf);
        sk_X509_pop_free(chain, X509_free);
        EVP_PKEY_free(key);
    }
};

namespace {

std::string openssl_reason() {
    unsigned long code = ERR_peek_last_error();
    ERR_clear_error();
    if (code == 0) return "no certificate or key found";
    char text[256];
    ERR_error_string_n(code, text, sizeof text);
    return text;
}

std::shared_ptr<const TlsListener::Pair> load_pair(const std::filesystem::path& certificate, const std::filesystem::path& key) {
    auto pair = std::make_shared<TlsListener::Pair>();
    ERR_clear_error();
    std::unique_ptr<BIO, decltype(&BIO_free)> cert_in(BIO_new_file(certificate.c_str(), "r"), BIO_free);
    if (!cert_in) throw std::runtime_error("http.tls.certificate: cannot read " + certificate.string() + ": " + openssl_reason());
    pair->leaf = PEM_read_bio_X509(cert_in.get(), nullptr, nullptr, nullptr);
    if (!pair->leaf)
        throw std::runtime_error("http.tls.certificate: " + certificate.string() + " holds no PEM certificate: " + openssl_reason());
    pair->chain = sk_X509_new_null();
    while (X509* next = PEM_read_bio_X509(cert_in.get(), nullptr, nullptr, nullptr)) sk_X509_push(pair->chain, next);
    ERR_clear_error();   // the end of the file reads as an error

    std::unique_ptr<BIO, decltype(&BIO_free)> key_in(BIO_new_file(key.c_str(), "r"), BIO_free);
    // The key's file name is fine to print; its content never is, nor is it ever logged.
    if (!key_in) throw std::runtime_error("http.tls.key: cannot read " + key.string() + ": " + openssl_reason());
    pair->key = PEM_read_bio_PrivateKey(key_in.get(), nullptr, nullptr, nullptr);
    if (!pair->key) throw std::runtime_error("http.tls.key: " + key.string() + " holds no unencrypted PEM private key");
    if (X509_check_private_key(pair->leaf, pair->key) != 1) {
        ERR_clear_error();
        throw std::runtime_error("http.tls: the key in " + key.string() + " does not belong to the certificate in " +
                                 certificate.string());
    }
    return pair;
}

}  // namespace

TlsListener::TlsListener(const std::filesystem::path& certificate, const std::filesystem::path& key)
    : current_(load_pair(certificate, key)) {
    Poco::Net::Context::Params params;
    params.verificationMode = Poco::Net::Context::VERIFY_NONE;   // no client certificates
    params.loadDefaultCAs = false;
    params.cipherList = "DEFAULT";
    context_ = new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, params);
    context_->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
    SSL_CTX_set_cert_cb(context_->sslContext(), &TlsListener::choose_certificate, this);
}

TlsListener::~TlsListener() = default;

void TlsListener::reload(const std::filesystem::path& certificate, const std::filesystem::path& key) {
    auto pair = load_pair(certificate, key);
    std::lock_guard lock(mutex_);
    current_ = std::move(pair);
}

int TlsListener::choose_certificate(SSL* ssl, void* self) {
    std::shared_ptr<const Pair> pair;
    {
        auto* listener = static_cast<TlsListener*>(self);
        std::lock_guard lock(listener->mutex_);
        pair = listener->current_;
    }
    // Copies its own references: the pair may be replaced while this connection lives.
    return SSL_use_cert_and_key(ssl, pair->leaf, pair->key, pair->chain, 1) == 1 ? 1 : 0;
}

}  // namespace skarv::host
