#include <iostream>

#include <boost/json.hpp>

#include "commands.hpp"
#include "skarv/host/service/admin_tokens.hpp"

namespace skarv::cli {

int run_token_new(const TokenOptions& options) {
    auto made = host::make_admin_token();
    // The token goes to stdout alone on its first line, so `skarv token new | head -1`
    // captures it; the rest is what the configuration keeps (never the token).
    std::cout << made.token << "\n"
              << "# Keep the line above secret; it is not stored anywhere. Put its hash in the configuration:\n"
              << "#   \"admin\": {\"tokens\": ["
              << boost::json::serialize(boost::json::object{{"name", options.name}, {"sha256", made.sha256_hex}}) << "]}\n"
              << "# or add this line to the file named by admin.tokens_file:\n"
              << made.sha256_hex << " " << options.name << "\n";
    return 0;
}

}  // namespace skarv::cli
