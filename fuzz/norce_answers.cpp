// Fuzzes what jetshop.so reads back from Norce: Query (OData) pages of orders and
// products, Connect's answers to imports (the JobId), its job (JobDto) and job log,
// and the order follow-ups of status.write. The input is a script
// (support/scripted_server.hpp): the op on the first line, then Norce's answers in
// the order the plugin asks for them; the token endpoint answers on its own. The
// plugin is driven through its C ABI against a loopback server, so the answers pass
// through the same HTTP client and classification as in production.

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

#include <boost/json.hpp>

#include "support/abi_driver.hpp"
#include "support/example_records.hpp"
#include "support/harness_config.hpp"
#include "support/scripted_server.hpp"

namespace {

namespace json = boost::json;

// The request per op; the records are the SDK's examples.
std::map<std::string, std::string> requests() {
    using skarv::fuzz::example_record;
    auto write = [](const char* op, json::value record) {
        return json::serialize(json::object{{"op", op}, {"channel", 1}, {"records", json::array{std::move(record)}}});
    };
    auto status = [](const char* kind) {
        auto event = example_record("order_status_event");
        event.as_object()["status"] = kind;
        event.as_object()["order_id"] = "100003";   // one of the emulator's seed orders
        return json::serialize(json::object{{"op", "status.write"}, {"records", json::array{event}}});
    };
    const json::object cursor{{"since", "2026-11-23T10:00:00Z"}, {"ids", json::array{"1"}}};
    return {
        {"orders.read", json::serialize(json::object{{"op", "orders.read"}, {"limit", 3}, {"cursor", cursor}})},
        {"orders.read initial", json::serialize(json::object{{"op", "orders.read"}, {"initial", true}, {"limit", 3}})},
        {"products.read", json::serialize(json::object{{"op", "products.read"}, {"channel", 1}, {"limit", 3}, {"cursor", cursor}})},
        {"products.write", write("products.write", example_record("product"))},
        {"prices.write", write("prices.write", example_record("price"))},
        {"pricelists.write", write("pricelists.write", example_record("price_list"))},
        {"stock.write", write("stock.write", example_record("stock_level"))},
        {"status.write delivered", status("delivered")},
        {"status.write invoiced", status("invoiced")},
        {"status.write cancelled", status("cancelled")},
        {"status.write paid", status("paid")},
    };
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    static skarv::fuzz::ScriptedServer& server = *new skarv::fuzz::ScriptedServer(
        "application/json", "/identity/1.0/connect/token",
        R"({"access_token":"fuzz-bearer-token-5d2e","token_type":"Bearer","expires_in":3600})");
    static skarv::fuzz::AbiDriver& driver = *[] {
        auto* d = new skarv::fuzz::AbiDriver(SKARV_FUZZ_JETSHOP_PLUGIN);
        d->set_secrets({skarv::fuzz::kNorceClientSecret, skarv::fuzz::kNorcePushPassword, "fuzz-bearer-token-5d2e"});
        return d;
    }();
    static const std::string config = skarv::fuzz::norce_config(skarv::fuzz::remote_or(server.base_url()));
    static const auto ops = requests();

    auto script = skarv::fuzz::read_script(std::string_view(reinterpret_cast<const char*>(data), size));
    auto op = ops.find(script.op);
    if (op == ops.end()) return -1;   // not a script: keep it out of the corpus
    driver.set_input(std::string(reinterpret_cast<const char*>(data), size));
    server.set_script(std::move(script.answers));
    driver.create(config);
    driver.call(op->second);
    driver.destroy();
    return 0;
}
