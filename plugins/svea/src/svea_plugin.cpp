// svea: the Svea payment-provider connector. settlements.read gives Svea's daily payouts
// with their rows as Skarv settlements, from the Payment Admin API's reconciliation report
// or, with "inbox", from saved reports. README.md has the mapping.

#include <memory>

#include <skarv/plugin.hpp>
#include <skarv/report_inbox.hpp>

#include "payment_admin_api.hpp"
#include "reconciliation_report.hpp"

namespace svea {

namespace json = boost::json;

class SveaPlugin : public skarv::Plugin {
public:
    SveaPlugin(const json::object& config, skarv::HostServices host) : Plugin(host) {
        skarv::JsonReader c(config, "config");
        if (c.has("inbox")) {
            inbox_ = std::make_unique<skarv::ReportInbox>(c.string("inbox"), &read_report_file);
            return;
        }
        ApiConfig api;
        api.base_url = c.string_or("base_url", api.base_url);
        api.merchant_id = c.has("merchant_id") && c.value("merchant_id").is_int64()
                              ? std::to_string(c.integer("merchant_id"))
                              : c.string("merchant_id");
        api.secret = c.string("secret");
        api.start_date = c.string_or("start_date", "");
        if (!api.start_date.empty() && !skarv::model::is_iso_date(api.start_date))
            throw skarv::PluginError::invalid("bad_config", "config.start_date: expected YYYY-MM-DD");
        api.include_withholding = c.boolean_or("include_withholding", false);
        api.timeout_ms = static_cast<int>(c.integer_in("timeout_ms", 30000, 100, 600000));
        api_ = std::make_unique<PaymentAdminApi>(api, host);
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
    std::unique_ptr<PaymentAdminApi> api_;
    std::unique_ptr<skarv::ReportInbox> inbox_;
};

constexpr const char* kCapabilities = R"json({
  "entities": {"settlements": ["read", "ack"]},
  "config_schema": {
    "type": "object",
    "additionalProperties": false,
    "properties": {
      "base_url": {"type": "string", "minLength": 8, "description": "Svea's Payment Admin API, default https://paymentadminapi.svea.com (stage: https://paymentadminapistage.svea.com)"},
      "merchant_id": {"type": ["string", "integer"], "description": "Svea Checkout merchant id"},
      "secret": {"type": "string", "minLength": 1, "writeOnly": true, "description": "Svea Checkout secret word"},
      "start_date": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "description": "first report date read on the first run; default 30 days back"},
      "include_withholding": {"type": "boolean", "description": "includeWithholding of the report, default false"},
      "timeout_ms": {"type": "integer", "minimum": 100, "description": "HTTP timeout, default 30000"},
      "inbox": {"type": "string", "minLength": 1, "description": "file-drop mode: a folder of saved reconciliation reports (JSON); read files move to done/, refused ones to failed/ with the reason"}
    }
  }
})json";

}  // namespace svea

SKARV_PLUGIN(svea::SveaPlugin, "svea", "0.1.0", SKARV_KIND_CONNECTOR, svea::kCapabilities)
