// jetshop: the Skarv connector for Jetshop Commerce, today Norce Commerce. It answers
// the host's calls (docs/protocol.md) with Norce's integration surface: the order push
// to the ERP endpoint, Query (OData) for orders and products, Connect imports for the
// catalogue and Connect's order follow-ups for status. README.md maps each op.

#include <memory>
#include <string>

#include <skarv/plugin.hpp>
#include <skarv/protocol.hpp>

#include "catalogue_import.hpp"
#include "config.hpp"
#include "guess_probe.hpp"
#include "norce_client.hpp"
#include "order_push.hpp"
#include "order_query.hpp"
#include "product_query.hpp"
#include "status_writer.hpp"

namespace jetshop {

class JetshopPlugin : public skarv::Plugin {
public:
    JetshopPlugin(const boost::json::object& config, skarv::HostServices host)
        : Plugin(host), config_(read_config(config)), client_(std::make_unique<NorceClient>(config_, host)) {}

    boost::json::value check() override {
        // A token proves the credentials; one small Query proves the application id.
        client_->tokens().invalidate();
        client_->tokens().bearer();
        client_->json("GET", std::string(kQuery) + "/Orders/Orders?$top=1&$select=Id", "",
                      {{"ApplicationId", std::to_string(config_.primary().application_id)}}, "check");
        return boost::json::object{{"ok", true}, {"system", "Norce Commerce"}, {"client_id", config_.client_id},
                                   {"applications", config_.applications.size()}};
    }

    boost::json::value call(const std::string& op, const boost::json::object& request) override {
        if (op == "orders.parse_push") return parse_push(request, config_, host());
        if (op == "orders.read") return read_orders(request, *client_, host());
        if (op == "status.write") return write_statuses(request, *client_, host());
        if (op == "products.read") return read_products(request, *client_, host());
        if (op == "probe") return probe_guesses(*client_, host());
        for (const char* entity : {"products", "prices", "pricelists", "stock"})
            if (op == std::string(entity) + ".write") return write_catalogue(entity, request, *client_, host(), sent_);
        throw skarv::PluginError::unsupported(op);
    }

private:
    Config config_;
    std::unique_ptr<NorceClient> client_;   // holds a reference to config_: never moved
    SentSnapshots sent_;
};

}  // namespace jetshop

// The capability document is one literal, built from two so the schema lives with the
// config code.
#define JETSHOP_CAPABILITIES_HEAD                                                                    \
    "{\"system\":\"Norce Commerce (Jetshop)\","                                                      \
    "\"entities\":{\"orders\":[\"read\",\"parse_push\"],\"status\":[\"write\"],"                  \
    "\"products\":[\"read\",\"write\"],\"prices\":[\"write\"],\"pricelists\":[\"write\"],"          \
    "\"stock\":[\"write\"]},\"config_schema\":"

SKARV_PLUGIN(jetshop::JetshopPlugin, "jetshop", "0.1.0", SKARV_KIND_CONNECTOR,
             JETSHOP_CAPABILITIES_HEAD JETSHOP_CONFIG_SCHEMA "}")
