// throwing: a C++ test plugin whose code throws, to prove the SDK turns every exception
// into a status and an error document instead of letting it cross the C ABI.
#include <stdexcept>

#include <skarv/plugin.hpp>
#include <skarv/records.hpp>

class Throwing : public skarv::Plugin {
public:
    Throwing(const boost::json::object& config, skarv::HostServices host) : Plugin(host) {
        if (config.contains("throw_in_create")) throw std::runtime_error("cannot start: throw_in_create was set");
    }
    boost::json::value call(const std::string& op, const boost::json::object& request) override {
        if (op == "throw_std") throw std::runtime_error("boom in call");
        if (op == "throw_int") throw 42;
        if (op == "retry") throw skarv::PluginError::retryable("http_503", "remote answered 503");
        if (op == "read_order") {
            auto order = skarv::model::read_order(request.at("order"), "order");
            return {{"total", boost::json::value_from(order.total_inc_vat())}};
        }
        throw skarv::PluginError::unsupported(op);
    }
};

SKARV_PLUGIN(Throwing, "throwing", "0.1.0", SKARV_KIND_TRANSFORM, R"({"hooks":["order.before_write"]})")
