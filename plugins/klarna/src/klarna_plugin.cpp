// klarna: the Klarna payment-provider connector. settlements.read gives Klarna's payouts
// with their transactions as Skarv settlements, from the Settlements API or, with
// "inbox", from CSV payout reports a person drops in a folder. README.md has the mapping.

#include <memory>

#include <skarv/plugin.hpp>
#include <skarv/report_inbox.hpp>

#include "csv_report.hpp"
#include "settlements_api.hpp"

namespace klarna {

namespace json = boost::json;

class KlarnaPlugin : public skarv::Plugin {
public:
    KlarnaPlugin(const json::object& config, skarv::HostServices host) : Plugin(host) {
        skarv::JsonReader c(config, "config");
        if (c.has("inbox")) {
            inbox_ = std::make_unique<skarv::ReportInbox>(c.string("inbox"), [](const std::string& text, const std::string& name) {
                return read_csv_report(text, name);
            });
            return;
        }
        ApiConfig api;
        api.base_url = c.string_or("base_url", api.base_url);
        api.username = c.string("username");
        api.password = c.string("password");
        api.start_date = c.string_or("start_date", "");
        if (!api.start_date.empty() && !skarv::model::is_iso_date(api.start_date))
            throw skarv::PluginError::invalid("bad_config", "config.start_date: expected YYYY-MM-DD");
        api.transactions_page_size = static_cast<int>(c.integer_in("transactions_page_size", 500, 1, 500));
        api.timeout_ms = static_cast<int>(c.integer_in("timeout_ms", 30000, 100, 600000));
        api_ = std::make_unique<SettlementsApi>(api, host);
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
    std::unique_ptr<SettlementsApi> api_;
    std::unique_ptr<skarv::ReportInbox> inbox_;
};

constexpr const char* kCapabilities = R"json({
  "entities": {"settlements": ["read", "ack"]},
  "config_schema": {
    "type": "object",
    "additionalProperties": false,
    "properties": {
      "base_url": {"type": "string", "minLength": 8, "description": "Klarna's API: https://api.klarna.com (EU, default), https://api.playground.klarna.com (test), api-na / api-oc for other regions"},
      "username": {"type": "string", "minLength": 1, "description": "Klarna API username (merchant UID, e.g. K123456_abcd12345)"},
      "password": {"type": "string", "minLength": 1, "writeOnly": true, "description": "Klarna API password"},
      "start_date": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "description": "first payout date read on the first run; default 30 days back"},
      "transactions_page_size": {"type": "integer", "minimum": 1, "maximum": 500, "description": "transactions per request, default 500 (Klarna's maximum)"},
      "timeout_ms": {"type": "integer", "minimum": 100, "description": "HTTP timeout, default 30000"},
      "inbox": {"type": "string", "minLength": 1, "description": "file-drop mode: a folder of CSV payout reports downloaded from Klarna; read files move to done/, refused ones to failed/ with the reason"}
    }
  }
})json";

}  // namespace klarna

SKARV_PLUGIN(klarna::KlarnaPlugin, "klarna", "0.1.0", SKARV_KIND_CONNECTOR, klarna::kCapabilities)
