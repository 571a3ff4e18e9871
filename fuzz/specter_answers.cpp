// Fuzzes what specter.so reads back from Specter: the "1;id;msg" / "0;code;msg" text
// answers and the <APIresponse> XML documents of every call, feeds included (orders
// needing an update, article infos, stock per site, price lists) and the answers to
// their acknowledgements. The input is a script (support/scripted_server.hpp): the op
// on the first line, then Specter's answers in the order the plugin asks for them. A
// read that succeeds is acknowledged with the cursor it returned, as the host does
// once the records are safe, so the ack's answers come from the same script.

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "support/abi_driver.hpp"
#include "support/example_records.hpp"
#include "support/harness_config.hpp"
#include "support/scripted_server.hpp"

namespace {

namespace json = boost::json;

// The requests per first line, sent in turn to one instance: "orders.write, status.read"
// writes an order first, so the status feed finds the order it names in the state the
// write left (Specter's feed names only its own order number).
std::map<std::string, std::vector<std::string>> requests() {
    using skarv::fuzz::example_record;
    auto write = [](const char* op, json::value record) {
        return json::serialize(json::object{{"op", op}, {"channel", 1}, {"records", json::array{std::move(record)}}});
    };
    auto read = [](const char* op) { return json::serialize(json::object{{"op", op}, {"limit", 50}}); };
    auto order = example_record("order");
    // Specter wants every row's article to exist; the emulator's seed has A1001-1 ...
    const char* articles[] = {"A1001-1", "A1002-1", "A1003-1", "A1004-1"};
    std::size_t row = 0;
    for (auto& line : order.as_object()["lines"].as_array()) line.as_object()["sku"] = articles[row++ % 4];
    // Specter writes base prices only, without quantity breaks; A1001 is an emulator article.
    auto price = example_record("price");
    price.as_object().erase("price_list");
    price.as_object()["min_quantity"] = 1;
    price.as_object()["sku"] = "A1001";
    auto price_list = example_record("price_list");
    json::array single_prices;
    for (auto p : price_list.as_object()["prices"].as_array())
        if (p.as_object()["min_quantity"] == 1) {
            p.as_object()["sku"] = "A1001";
            single_prices.push_back(p);
        }
    price_list.as_object()["prices"] = single_prices;
    price_list.as_object()["customer_group"] = "2";   // Specter numbers its customer groups
    return {
        {"status.read", {read("status.read")}},
        {"orders.write, status.read", {write("orders.write", order), read("status.read")}},
        {"products.read", {read("products.read")}},
        {"prices.read", {read("prices.read")}},
        {"stock.read", {read("stock.read")}},
        {"pricelists.read", {read("pricelists.read")}},
        {"orders.find", {json::serialize(json::object{{"op", "orders.find"}, {"order_id", "100234"}})}},
        {"orders.write", {write("orders.write", order)}},
        {"orders.write invoice",
         {json::serialize(json::object{{"op", "orders.write"}, {"as", "invoice"}, {"records", json::array{order}}})}},
        {"products.write", {write("products.write", example_record("product"))}},
        {"products.write keep_prices",
         {json::serialize(json::object{{"op", "products.write"}, {"keep_prices", true},
                                       {"records", json::array{example_record("product")}}})}},
        {"prices.write", {write("prices.write", price)}},
        {"pricelists.write", {write("pricelists.write", price_list)}},
    };
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    static skarv::fuzz::ScriptedServer& server = *new skarv::fuzz::ScriptedServer("text/xml; charset=ISO-8859-1");
    static skarv::fuzz::AbiDriver& driver = *[] {
        auto* d = new skarv::fuzz::AbiDriver(SKARV_FUZZ_SPECTER_PLUGIN);
        d->set_secrets({skarv::fuzz::kSpecterApiUserKey, skarv::fuzz::kSpecterIntegrationKey});
        return d;
    }();
    static const std::string config = skarv::fuzz::specter_config(skarv::fuzz::remote_or(server.base_url()));
    static const auto ops = requests();

    auto script = skarv::fuzz::read_script(std::string_view(reinterpret_cast<const char*>(data), size));
    auto op = ops.find(script.op);
    if (op == ops.end()) return -1;   // not a script: keep it out of the corpus
    driver.set_input(std::string(reinterpret_cast<const char*>(data), size));
    server.set_script(std::move(script.answers));
    driver.create(config);
    for (const auto& request : op->second) {
        auto outcome = driver.call(request);
        const std::string name(json::parse(request).at("op").as_string());
        const bool is_read = name.size() > 5 && name.compare(name.size() - 5, 5, ".read") == 0;
        if (!is_read || outcome.status != SKARV_OK) continue;
        auto doc = json::parse(outcome.reply).as_object();
        if (const auto* cursor = doc.if_contains("cursor"); cursor && !cursor->is_null()) {
            std::string ack = name.substr(0, name.size() - 5) + ".ack";
            driver.call(json::serialize(json::object{{"op", ack}, {"cursor", *cursor}}));
        }
    }
    driver.destroy();
    return 0;
}
