// nets: the Nets Easy (Nexi Checkout) payment-provider connector. settlements.read gives
// Nets' payouts with their payment actions as Skarv settlements, from the Reporting API
// or, with "inbox", from saved payout documents. README.md has the mapping.

#include <memory>

#include <skarv/plugin.hpp>
#include <skarv/report_inbox.hpp>

#include "payout_details.hpp"
#include "reporting_api.hpp"

namespace nets {

namespace json = boost::json;

class NetsPlugin : public skarv::Plugin {
public:
    NetsPlugin(const json::object& config, skarv::HostServices host) : Plugin(host) {
        skarv::JsonReader c(config, "config");
        if (c.has("inbox")) {
            inbox_ = std::make_unique<skarv::ReportInbox>(c.string("inbox"), &read_payout_file);
            return;
        }
        ApiConfig api;
        api.base_url = c.string_or("base_url", api.base_url);
        api.secret_key = c.string("secret_key");
        api.start_date = c.string_or("start_date", "");
        if (!api.start_date.empty() && !skarv::model::is_iso_date(api.start_date))
            throw skarv::PluginError::invalid("bad_config", "config.start_date: expected YYYY-MM-DD");
        api.page_size = static_cast<int>(c.integer_in("page_size", 100, 1, 100));
        api.timeout_ms = static_cast<int>(c.integer_in("timeout_ms", 30000, 100, 600000));
        api_ = std::make_unique<ReportingApi>(api, host);
    }

    json::value check() override {
        if (inbox_) return json::object{{"ok", true}, {"inbox_files", inbox_->pending().size()}};
        return api_->check();
    }

    json::value call(const std::string& op, const json::object& request) override {
        if (op == "settlements.read") {
            if (inbox_) {
                int64_t limit = 50;
                if (const auto* l = request.if_contains("limit"); l && l->is_int64()) limit = std::max<int64_t>(1, l->as_int64());
                return inbox_->read(static_cast<std::size_t>(limit), host());
            }
            return api_->read(request);
        }
        if (op == "settlements.ack" && inbox_) {
            const auto* c = request.if_contains("cursor");
            return inbox_->ack(c ? *c : json::value());
        }
        throw skarv::PluginError::unsupported(op);
    }

private:
    std::unique_ptr<ReportingApi> api_;
    std::unique_ptr<skarv::ReportInbox> inbox_;
};

constexpr const char* kCapabilities = R"json({
  "entities": {"settlements": ["read", "ack"]},
  "config_schema": {
    "type": "object",
    "additionalProperties": false,
    "properties": {
      "base_url": {"type": "string", "minLength": 8, "description": "https://api.dibspayment.eu (live, default) or https://test.api.dibspayment.eu"},
      "secret_key": {"type": "string", "minLength": 1, "writeOnly": true, "description": "the secret API key"},
      "start_date": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "description": "first payout date read on the first run; default 30 days back"},
      "page_size": {"type": "integer", "minimum": 1, "maximum": 100, "description": "payouts and payment actions per request, default 100"},
      "timeout_ms": {"type": "integer", "minimum": 100, "description": "HTTP timeout, default 30000"},
      "inbox": {"type": "string", "minLength": 1, "description": "file-drop mode: a folder of saved payout documents (GET /report/v1/payouts/{id}); read files move to done/, refused ones to failed/ with the reason"}
    }
  }
})json";

}  // namespace nets

SKARV_PLUGIN(nets::NetsPlugin, "nets", "0.1.0", SKARV_KIND_CONNECTOR, nets::kCapabilities)
