#pragma once
// The listener's TLS: a server context whose certificate and key can be replaced while
// it serves (SIGHUP after a renewal), without dropping the socket. Each handshake takes
// the pair current at that moment; connections already open keep theirs.

#include <filesystem>
#include <memory>
#include <mutex>

#include <Poco/Net/Context.h>

namespace skarv::host {

class TlsListener {
public:
    // Loads the pair; throws std::runtime_error naming the file and OpenSSL's reason.
    TlsListener(const std::filesystem::path& certificate, const std::filesystem::path& key);
    ~TlsListener();

    // Loads the pair again; on failure throws and keeps serving the previous one.
    void reload(const std::filesystem::path& certificate, const std::filesystem::path& key);
    Poco::Net::Context::Ptr context() const { return context_; }

    struct Pair;   // certificate chain and key, OpenSSL objects

private:
    static int choose_certificate(SSL* ssl, void* self);

    mutable std::mutex mutex_;
    std::shared_ptr<const Pair> current_;
    Poco::Net::Context::Ptr context_;
};

}  // namespace skarv::host
