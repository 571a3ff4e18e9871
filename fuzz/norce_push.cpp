// Fuzzes the Norce order push: the OrderRequest body Norce POSTs to the ERP endpoint,
// which reaches jetshop.so's orders.parse_push as it arrives from the network. The input
// is that raw body; the Basic credentials are right, so the body's parsing and mapping
// is what runs. Besides the ABI's promises (support/abi_driver.hpp), a push that is
// accepted must answer records and Norce's OrderResponse, and a refused one must not
// answer the "OK" that tells Norce the order is safe.

#include <cstddef>
#include <cstdint>
#include <string>

#include <boost/json.hpp>
#include <Poco/Base64Encoder.h>

#include <sstream>

#include "support/abi_driver.hpp"
#include "support/harness_config.hpp"

namespace {

std::string basic_auth() {
    std::ostringstream out;
    Poco::Base64Encoder encoder(out);
    encoder << skarv::fuzz::kNorcePushUser << ':' << skarv::fuzz::kNorcePushPassword;
    encoder.close();
    return "Basic " + out.str();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    using skarv::fuzz::fail;
    static skarv::fuzz::AbiDriver& driver = *[] {
        auto* d = new skarv::fuzz::AbiDriver(SKARV_FUZZ_JETSHOP_PLUGIN);
        d->set_secrets({skarv::fuzz::kNorceClientSecret, skarv::fuzz::kNorcePushPassword});
        return d;
    }();
    static const std::string config = skarv::fuzz::norce_config("http://127.0.0.1:9");   // never called
    static const std::string authorization = basic_auth();

    const std::string body(reinterpret_cast<const char*>(data), size);
    driver.set_input(body);
    driver.create(config);
    auto outcome = driver.call(boost::json::serialize(boost::json::object{
        {"op", "orders.parse_push"}, {"headers", {{"authorization", authorization}}}, {"body", body}}));
    if (outcome.status == SKARV_OK) {
        auto doc = boost::json::parse(outcome.reply).as_object();
        const auto* records = doc.if_contains("records");
        if (!records || !records->is_array() || records->get_array().empty())
            fail("an accepted push without records: " + outcome.reply);
        const auto* reply = doc.if_contains("reply");
        if (!reply || !reply->is_object() || reply->get_object().if_contains("status") == nullptr)
            fail("an accepted push without Norce's OrderResponse: " + outcome.reply);
    } else if (outcome.reply.find("\"StatusCode\":\"OK\"") != std::string::npos) {
        fail("a refused push answers StatusCode OK: " + outcome.reply);
    }
    driver.destroy();
    return 0;
}
