#pragma once
// A connection between two file-system "remote systems" (tests/plugins/file_system.cpp)
// in a fresh folder: shop/ holds what the shop offers, erp/ what the ERP was given.

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <boost/json.hpp>
#include <skarv/records.hpp>

namespace skarv::test {

namespace fs = std::filesystem;

inline boost::json::value swedish_order(const std::string& id, const std::string& sku = "TSHIRT-BLUE-M", int channel = 1) {
    auto sek = [](const char* s) { return model::Money::parse(s, "SEK"); };
    model::Order o;
    o.order_id = id;
    o.channel = channel;
    o.customer.customer_number = "C" + id;
    o.customer.first_name = "Åsa";
    o.customer.last_name = "Öberg";
    o.lines = {{sku, "T-shirt blå M", 2, sek("199.00"), 2500, sek("0")},
               {"KAFFE-500", "Kaffe 500 g", 3, sek("33.90"), 1200, sek("0")},
               {"BOK-0042", "Bok", 1, sek("249.00"), 600, sek("0")}};
    o.discounts = {{"VINTER50", "Vinterrabatt", sek("50.00"), 2500}};
    o.shipping = model::Shipping{"ombud", "PostNord", sek("49.00"), 2500};
    o.payment = model::Payment{"klarna", "kl-" + id, sek("747.70")};
    return boost::json::value_from(o);
}

struct FlowFixture {
    fs::path root;

    explicit FlowFixture(const std::string& name) {
        root = fs::temp_directory_path() / ("skarv-flow-" + name + "-" + std::to_string(::getpid()));
        fs::remove_all(root);
        fs::create_directories(root / "shop");
        fs::create_directories(root / "shop2");
        fs::create_directories(root / "erp");
    }
    ~FlowFixture() { fs::remove_all(root); }

    void put(const std::string& side, const std::string& entity, const boost::json::array& records) const {
        std::ofstream(root / side / (entity + ".json")) << boost::json::serialize(records);
    }
    boost::json::array written(const std::string& side, const std::string& entity) const {
        auto p = root / side / ("written-" + entity + ".json");
        if (!fs::exists(p)) return {};
        std::ifstream in(p);
        std::stringstream s;
        s << in.rdbuf();
        return boost::json::parse(s.str()).as_array();
    }

    // erp_extra: more settings of the ERP block, e.g. R"(, "fail_skus": ["X"])".
    // shop_extra: more settings of the first shop; connection_extra: more keys of the connection.
    std::string config(const std::string& flow, const std::string& erp_extra = "", bool two_shops = false,
                       const std::string& options = R"({"orders_as": "invoice"})", const std::string& shop_extra = "",
                       const std::string& connection_extra = "") const {
        std::string shops = R"({"plugin": "file-system", "dir": ")" + (root / "shop").string() + "\"" + shop_extra + "}";
        if (two_shops) shops += R"(, {"plugin": "file-system", "channel": 2, "dir": ")" + (root / "shop2").string() + R"("})";
        auto text = R"({"plugin_dirs": [")" + std::string(SKARV_FLOW_TEST_PLUGIN_DIR) + R"("], "state_db": ")" +
                    (root / "state.db").string() + R"(", "connections": [{"name": "main", "flow": ")" + flow +
                    R"(", "shops": [)" + shops + R"(], "erp": {"plugin": "file-system", "dir": ")" +
                    (root / "erp").string() + "\"" + erp_extra + R"(}, "options": )" + options + connection_extra + "}]}";
        auto path = root / "skarv.json";
        std::ofstream(path) << text;
        return path.string();
    }
};

}  // namespace skarv::test
