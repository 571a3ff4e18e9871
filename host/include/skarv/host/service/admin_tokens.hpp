#pragma once
// Admin API tokens: random, shown once, stored only as their SHA-256 (`skarv token new`).

#include <string>
#include <string_view>

namespace skarv::host {

struct NewAdminToken {
    std::string token;        // what the operator keeps (64 hex digits after "skarv_")
    std::string sha256_hex;   // what the configuration stores
};

// 32 bytes from OpenSSL's CSPRNG.
NewAdminToken make_admin_token();
std::string sha256_hex(std::string_view text);
// Compares in time independent of where the texts differ.
bool same_secret_text(std::string_view a, std::string_view b);
// `bytes` random bytes as hex (session ids, anti-forgery tokens).
std::string random_hex(std::size_t bytes);

}  // namespace skarv::host
